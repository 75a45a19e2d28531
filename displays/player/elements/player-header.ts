import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import './player-clock.js';

/** The built-in emblem shown until a brand release brings its logo: a gold star on red. */
const FALLBACK_EMBLEM = html`<svg viewBox="0 0 100 100" role="img" aria-label="Biểu trưng">
  <circle cx="50" cy="50" r="48" fill="#DA251D" stroke="#F2B705" stroke-width="4" />
  <path fill="#FFDD00" d="M50 16l9.4 28.9h30.4L65.2 62.8l9.4 28.9L50 73.8 25.4 91.7l9.4-28.9L10.2 44.9h30.4z" />
</svg>`;

/** Header: emblem, slogan, unit name, and the date and clock. */
@customElement('hcpv-player-header')
export class HcpvPlayerHeader extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      align-items: center;
      gap: 0.8rem;
      padding: 0.45rem 1rem;
      background: var(--hcpv-primary-dark);
      color: var(--hcpv-on-primary);
      border-bottom: 0.18rem solid var(--hcpv-accent);
      min-width: 0;
    }
    .emblem {
      flex: none;
      width: 3.2rem;
      height: 3.2rem;
      display: grid;
      place-items: center;
    }
    .emblem img,
    .emblem svg {
      max-width: 100%;
      max-height: 100%;
    }
    .names {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      line-height: 1.2;
    }
    .slogan {
      font-size: 1.6rem;
      font-weight: 800;
      color: var(--hcpv-accent);
      letter-spacing: 0.01em;
    }
    .unit {
      font-size: 1rem;
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    :host([compact]) .slogan {
      font-size: 1.3rem;
    }
  `;

  /** Slogan, e.g. "Hành chính phục vụ". */
  @property() slogan = '';
  /** The unit's name as the brand kit names it. */
  @property() unitName = '';
  /** Object URL of the cached logo; null shows the built-in emblem. */
  @property({ attribute: false }) logoUrl: string | null = null;
  /** Smaller slogan for narrow or counter screens. */
  @property({ type: Boolean, reflect: true }) compact = false;

  override render() {
    return html`<div class="emblem">
        ${this.logoUrl ? html`<img src=${this.logoUrl} alt="Biểu trưng" />` : FALLBACK_EMBLEM}
      </div>
      <div class="names">
        <span class="slogan" data-testid="slogan">${this.slogan}</span>
        <span class="unit" data-testid="unit-name">${this.unitName}</span>
      </div>
      <hcpv-player-clock></hcpv-player-clock>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-header': HcpvPlayerHeader;
  }
}
