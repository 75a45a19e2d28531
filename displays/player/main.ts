import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';

/** Placeholder shell of the player app; the full app is built in its own issue. */
@customElement('hcpv-player-app')
export class HcpvPlayerApp extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      place-items: center;
      min-height: 100vh;
      font-family: 'Be Vietnam Pro', system-ui, sans-serif;
      background: #f5f7fa;
      color: #10243e;
    }
    h1 {
      font-size: 2rem;
      margin: 0;
    }
  `;

  override render() {
    return html`<main>
      <h1>Hành chính phục vụ</h1>
      <p>Màn hình sảnh</p>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-app': HcpvPlayerApp;
  }
}
