import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AlertView } from '../lib/view-model.js';

/** Full-screen emergency takeover, above everything else on the screen. */
@customElement('hcpv-player-alert')
export class HcpvPlayerAlert extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      z-index: 1000;
      display: flex;
      flex-direction: column;
      justify-content: center;
      gap: 1.2rem;
      padding: 2rem 3rem;
      box-sizing: border-box;
      background: var(--hcpv-alert);
      color: var(--hcpv-on-alert);
      text-align: center;
      line-height: 1.25;
    }
    .level {
      font-size: 1.4rem;
      font-weight: 800;
      text-transform: uppercase;
      letter-spacing: 0.08em;
    }
    h1 {
      margin: 0;
      font-size: 2.6rem;
      font-weight: 800;
      overflow-wrap: anywhere;
    }
    p {
      margin: 0;
      font-size: 1.4rem;
      white-space: pre-line;
      overflow-wrap: anywhere;
    }
  `;

  /** The alert to show (the most recent when several are on). */
  @property({ attribute: false }) alert: AlertView | null = null;

  override render() {
    const a = this.alert;
    if (!a) return html``;
    return html`<div class="level">${a.level === 'critical' ? 'Khẩn cấp' : 'Thông báo quan trọng'}</div>
      <h1 data-testid="alert-title">${a.title}</h1>
      ${a.body ? html`<p>${a.body}</p>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-alert': HcpvPlayerAlert;
  }
}
