import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { counterLabel } from '../lib/format.js';
import type { BoardRow } from '../lib/queue-board.js';
import type { WaitingRow } from '../lib/queue-waiting.js';
import './player-waiting.js';

/** Now serving: counter → ticket, the newest call highlighted; below it, people waiting per service. */
@customElement('hcpv-player-board')
export class HcpvPlayerBoard extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.35rem;
      background: var(--hcpv-paper);
      color: var(--hcpv-ink);
      border-radius: 0.4rem;
      padding: 0.6rem 0.8rem;
      box-sizing: border-box;
      min-height: 0;
      overflow: hidden;
    }
    h3 {
      margin: 0;
      font-size: 1.15rem;
      font-weight: 800;
      color: var(--hcpv-primary-dark);
      text-transform: uppercase;
    }
    .row {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.6rem;
      padding: 0.1rem 0.5rem;
      border-radius: 0.3rem;
    }
    .row.new {
      background: var(--hcpv-accent);
      color: var(--hcpv-ink);
    }
    .counter {
      font-size: 1.1rem;
      font-weight: 700;
    }
    .ticket {
      font-size: 1.6rem;
      font-weight: 800;
      color: var(--hcpv-primary);
      font-variant-numeric: tabular-nums;
    }
    .empty {
      font-size: 1rem;
      color: var(--hcpv-muted);
    }
    hcpv-player-waiting {
      margin-top: auto;
    }
  `;

  /** Rows to show, newest first. */
  @property({ attribute: false }) rows: readonly BoardRow[] = [];

  /** People waiting per service; the section is left out while empty. */
  @property({ attribute: false }) waiting: readonly WaitingRow[] = [];

  override render() {
    return html`<h3>Mời công dân có số</h3>
      ${
        this.rows.length === 0
          ? html`<div class="empty">Chưa có số được gọi</div>`
          : this.rows.map(
              (r) =>
                html`<div class="row ${r.highlighted ? 'new' : ''}" data-testid="board-row" data-counter=${r.counter}>
                  <span class="ticket">${r.ticket}</span><span class="counter">→ ${counterLabel(r.counter)}</span>
                </div>`,
            )
      }
      ${this.waiting.length ? html`<hcpv-player-waiting .rows=${this.waiting}></hcpv-player-waiting>` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-board': HcpvPlayerBoard;
  }
}
