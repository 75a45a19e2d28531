import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WaitingRow } from '../lib/queue-waiting.js';

/** People waiting per service: service name → how many, large enough to read from 5 m. */
@customElement('hcpv-player-waiting')
export class HcpvPlayerWaiting extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.2rem;
      min-height: 0;
      border-top: 0.12rem solid var(--hcpv-accent);
      padding-top: 0.3rem;
    }
    h4 {
      margin: 0;
      font-size: 1rem;
      font-weight: 800;
      color: var(--hcpv-primary-dark);
      text-transform: uppercase;
    }
    .row {
      display: flex;
      align-items: baseline;
      gap: 0.5rem;
      padding: 0 0.5rem;
    }
    .service {
      flex: 1;
      min-width: 0;
      font-size: 1.1rem;
      font-weight: 700;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .wait {
      font-size: 1rem;
      color: var(--hcpv-muted);
      white-space: nowrap;
    }
    .count {
      font-size: 1.6rem;
      font-weight: 800;
      color: var(--hcpv-primary);
      font-variant-numeric: tabular-nums;
      white-space: nowrap;
    }
  `;

  /** Rows to show, longest queue first. */
  @property({ attribute: false }) rows: readonly WaitingRow[] = [];

  override render() {
    return html`<h4>Đang chờ theo lĩnh vực</h4>
      ${this.rows.map(
        (r) =>
          html`<div class="row" data-testid="waiting-row" data-service=${r.service}>
            <span class="service">${r.service}</span>${
              r.waitLabel ? html`<span class="wait">${r.waitLabel}</span>` : ''
            }<span class="count" data-testid="waiting-count">${r.waiting}</span>
          </div>`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-waiting': HcpvPlayerWaiting;
  }
}
