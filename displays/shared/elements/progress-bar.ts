import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { themeStyles } from '../theme.js';

/**
 * An accessible progress bar (role=progressbar) with an optional breakdown underneath,
 * e.g. acked / targeted with delivered, failed, offline. Values are clamped to 0–max.
 */
@customElement('hcpv-progress-bar')
export class HcpvProgressBar extends LitElement {
  /** Done so far. */
  @property({ type: Number }) value = 0;
  /** The whole; 0 shows an empty bar. */
  @property({ type: Number }) max = 100;
  /** Accessible name, e.g. "Tiến độ". */
  @property() label = '';
  /** Text shown right of the bar; defaults to the percentage. */
  @property() detail = '';

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 0.75rem;
      }
      .track {
        flex: 1;
        height: 0.8rem;
        border-radius: 999px;
        background: var(--hcpv-border);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--hcpv-ok);
        transition: width 0.15s ease-out;
      }
      .detail {
        min-width: 4rem;
        text-align: right;
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
    `,
  ];

  private get _percent(): number {
    if (this.max <= 0) return 0;
    return Math.round((Math.max(0, Math.min(this.value, this.max)) / this.max) * 100);
  }

  override render() {
    const p = this._percent;
    return html`<div class="row">
        <div
          class="track"
          role="progressbar"
          aria-label=${this.label}
          aria-valuemin="0"
          aria-valuemax="100"
          aria-valuenow=${p}
        >
          <div class="fill" style="width:${p}%"></div>
        </div>
        <span class="detail">${this.detail || `${p} %`}</span>
      </div>
      <slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-progress-bar': HcpvProgressBar;
  }
}
