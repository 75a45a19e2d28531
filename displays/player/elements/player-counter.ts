import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/** The counter screen: this counter's number, its fields, and the ticket it is serving. */
@customElement('hcpv-player-counter')
export class HcpvPlayerCounter extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 1rem;
      padding: 0.8rem 1rem;
      box-sizing: border-box;
      background: var(--hcpv-paper);
      color: var(--hcpv-ink);
      align-items: center;
      min-height: 0;
      line-height: 1.2;
    }
    .counter {
      display: flex;
      flex-direction: column;
      gap: 0.4rem;
      min-width: 0;
    }
    .label {
      font-size: 1rem;
      font-weight: 700;
      color: var(--hcpv-muted);
      text-transform: uppercase;
    }
    .number {
      font-size: 3.4rem;
      font-weight: 800;
      color: var(--hcpv-primary-dark);
    }
    .fields {
      font-size: 1rem;
      font-weight: 600;
      overflow-wrap: anywhere;
    }
    .serving {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 0.3rem;
      background: var(--hcpv-surface);
      border-radius: 0.4rem;
      padding: 0.6rem;
    }
    .ticket {
      font-size: 4rem;
      font-weight: 800;
      color: var(--hcpv-primary);
      font-variant-numeric: tabular-nums;
    }
  `;

  /** The counter number, or null when the screen is not bound to one. */
  @property({ type: Number }) counter: number | null = null;
  /** Fields of procedures received here. */
  @property({ attribute: false }) fields: readonly string[] = [];
  /** Ticket being served, if any. */
  @property() ticket = '';
  /** Zone name, shown when not bound to a counter. */
  @property() zoneName = '';

  override render() {
    return html`<div class="counter">
        <span class="label">${this.counter === null ? 'Khu vực' : 'Quầy số'}</span>
        <span class="number" data-testid="counter-number">${this.counter ?? ''}</span>
        <span class="fields">${this.counter === null ? this.zoneName : this.fields.join(' · ')}</span>
      </div>
      <div class="serving">
        <span class="label">Đang phục vụ số</span>
        <span class="ticket" data-testid="counter-ticket">${this.ticket || '—'}</span>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-counter': HcpvPlayerCounter;
  }
}
