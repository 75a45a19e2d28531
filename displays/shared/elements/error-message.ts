import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError } from '../api.js';
import { themeStyles } from '../theme.js';

/**
 * Shows a failure the way staff can act on it: the server's message, each bad field with its
 * path, and the machine code for support. Fires `retry` when a retry button is asked for.
 */
@customElement('hcpv-error-message')
export class HcpvErrorMessage extends LitElement {
  /** The error to show (ApiError from the API client, or anything thrown). */
  @property({ attribute: false }) error: unknown = null;
  /** Heading above the message. */
  @property() heading = '';
  /** Label of the retry button; no button when empty. */
  @property() retryLabel = '';

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      .box {
        border: 1px solid var(--hcpv-danger);
        border-left-width: 6px;
        border-radius: var(--hcpv-radius);
        padding: 0.75rem 1rem;
        background: #fdf1f0;
        color: var(--hcpv-text);
      }
      strong {
        color: var(--hcpv-danger);
      }
      p {
        margin: 0.25rem 0;
      }
      ul {
        margin: 0.25rem 0 0;
        padding-left: 1.2rem;
      }
      code {
        font-size: 0.85em;
        color: var(--hcpv-muted);
      }
    `,
  ];

  private _onRetry(): void {
    this.dispatchEvent(new CustomEvent('retry', { bubbles: true, composed: true }));
  }

  override render() {
    if (this.error === null || this.error === undefined) return nothing;
    const e = this.error;
    const message = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
    const details = e instanceof ApiError ? e.details : [];
    return html`<div class="box" role="alert">
      ${this.heading ? html`<strong>${this.heading}</strong>` : nothing}
      <p>${message}</p>
      ${
        details.length
          ? html`<ul>
              ${details.map((d) => html`<li><code>${d.path}</code> — ${d.message}</li>`)}
            </ul>`
          : nothing
      }
      ${e instanceof ApiError ? html`<p><code>${e.code}</code></p>` : nothing}
      ${this.retryLabel ? html`<button class="secondary" @click=${() => this._onRetry()}>${this.retryLabel}</button>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-error-message': HcpvErrorMessage;
  }
}
