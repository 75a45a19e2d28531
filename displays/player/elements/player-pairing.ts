import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** First start: the pairing code, large, for staff to type into the admin console. */
@customElement('hcpv-player-pairing')
export class HcpvPlayerPairing extends LitElement {
  static override styles = css`
    :host {
      position: fixed;
      inset: 0;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      gap: 1.2rem;
      background: var(--hcpv-primary-dark);
      color: var(--hcpv-on-primary);
      text-align: center;
      line-height: 1.2;
    }
    .slogan {
      font-size: 2rem;
      font-weight: 800;
      color: var(--hcpv-accent);
    }
    .hint {
      font-size: 1.1rem;
      max-width: 80vw;
    }
    .code {
      font-size: 5rem;
      font-weight: 800;
      letter-spacing: 0.12em;
      background: var(--hcpv-paper);
      color: var(--hcpv-ink);
      padding: 0.3rem 1.2rem;
      border-radius: 0.5rem;
      font-variant-numeric: tabular-nums;
    }
    .status {
      font-size: 1rem;
      opacity: 0.9;
    }
  `;

  /** The code to show, e.g. "ABC-234"; empty while it is being requested. */
  @property() code = '';
  /** Whether the server answers. */
  @property({ type: Boolean }) online = false;

  override render() {
    return html`<div class="slogan">Hành chính phục vụ</div>
      <div class="hint">Màn hình mới. Cán bộ quản trị nhập mã dưới đây để gắn màn hình với đơn vị.</div>
      <div class="code" data-testid="pairing-code">${this.code || '· · ·'}</div>
      <div class="status">${this.online ? 'Đang chờ ghép nối…' : 'Đang kết nối tới máy chủ…'}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-pairing': HcpvPlayerPairing;
  }
}
