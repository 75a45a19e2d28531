import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RichText, Span } from '../../server/text/rich-text.js';

/**
 * Structured notice text (paragraphs, bullet lists, bold spans) as a screen would show it. Every
 * leaf goes in through a Lit text binding, so typed `<script>` stays visible characters.
 */
@customElement('hcpv-admin-rich-text')
export class HcpvAdminRichText extends LitElement {
  /** The text to show; nothing when null. */
  @property({ attribute: false }) text: RichText | null = null;

  static override styles = css`
    :host {
      display: block;
    }
    p {
      margin: 0 0 0.5rem;
    }
    ul {
      margin: 0 0 0.5rem;
      padding-left: 1.25rem;
    }
  `;

  private _spans(spans: readonly Span[]) {
    return spans.map((s) => (s.bold ? html`<strong>${s.text}</strong>` : html`${s.text}`));
  }

  override render() {
    if (!this.text) return nothing;
    return this.text.map((b) =>
      b.type === 'p'
        ? html`<p>${this._spans(b.spans)}</p>`
        : html`<ul>
            ${b.items.map((i) => html`<li>${this._spans(i)}</li>`)}
          </ul>`,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-rich-text': HcpvAdminRichText;
  }
}
