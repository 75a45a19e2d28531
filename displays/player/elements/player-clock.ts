import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formatClock, formatDateVi, msToNextMinute } from '../lib/format.js';

/** Vietnamese date and 24-hour clock in Hà Nội time, re-rendered on each minute. */
@customElement('hcpv-player-clock')
export class HcpvPlayerClock extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      align-items: flex-end;
      white-space: nowrap;
      line-height: 1.15;
    }
    .time {
      font-size: 2.1rem;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
    .date {
      font-size: 1rem;
      font-weight: 500;
    }
  `;

  @state() private _now = Date.now();
  private _timer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this._tick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._timer);
  }

  private _tick(): void {
    this._now = Date.now();
    this._timer = setTimeout(() => this._tick(), msToNextMinute(this._now) + 50);
  }

  override render() {
    return html`<span class="time">${formatClock(this._now)}</span
      ><span class="date">${formatDateVi(this._now)}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-clock': HcpvPlayerClock;
  }
}
