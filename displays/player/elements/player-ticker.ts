import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { pageAt, tickerPages } from '../lib/carousel.js';
import type { BrandView } from '../lib/view-model.js';

const PAGE_MS = 8_000;

/** The code-of-conduct strip ("4 xin – 4 luôn", core values), one line at a time, no scrolling off screen. */
@customElement('hcpv-player-ticker')
export class HcpvPlayerTicker extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 0.7rem;
      padding: 0.3rem 1rem;
      background: var(--hcpv-primary);
      color: var(--hcpv-on-primary);
      min-width: 0;
    }
    .label {
      flex: none;
      font-size: 1rem;
      font-weight: 800;
      background: var(--hcpv-accent);
      color: var(--hcpv-ink);
      padding: 0 0.5rem;
      border-radius: 0.25rem;
      text-transform: uppercase;
    }
    .text {
      font-size: 1rem;
      font-weight: 600;
      min-width: 0;
      overflow-wrap: anywhere;
    }
  `;

  /** Brand texts to cycle through. */
  @property({ attribute: false }) brand: BrandView | null = null;
  @state() private _page = 0;
  private _timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this._timer = setInterval(() => (this._page = Math.floor(Date.now() / PAGE_MS)), PAGE_MS / 4);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this._timer);
  }

  override render() {
    if (!this.brand) return html``;
    const pages = tickerPages(this.brand);
    const p = pages[pageAt(pages.length, 1, this._page, 1).start];
    return p
      ? html`<span class="label">${p.label}</span><span class="text" data-testid="ticker">${p.text}</span>`
      : html``;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-ticker': HcpvPlayerTicker;
  }
}
