import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { WayfindingRow } from '../lib/view-model.js';

/** Which counters (and zone) receive which field of procedures. */
@customElement('hcpv-player-wayfinding')
export class HcpvPlayerWayfinding extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.3rem;
      background: var(--hcpv-surface);
      color: var(--hcpv-ink);
      border-radius: 0.4rem;
      padding: 0.6rem 0.8rem;
      box-sizing: border-box;
      line-height: 1.2;
    }
    h3 {
      margin: 0;
      font-size: 1.15rem;
      font-weight: 800;
      color: var(--hcpv-primary-dark);
      text-transform: uppercase;
    }
    .zone {
      font-size: 1rem;
      color: var(--hcpv-muted);
      font-weight: 600;
    }
    .row {
      display: flex;
      justify-content: space-between;
      gap: 0.6rem;
      font-size: 1rem;
    }
    .field {
      font-weight: 600;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .counters {
      white-space: nowrap;
      font-weight: 800;
      color: var(--hcpv-primary);
    }
  `;

  /** Rows of this page. */
  @property({ attribute: false }) rows: readonly WayfindingRow[] = [];
  /** "Trang 1/2" when the list is paged. */
  @property() pageLabel = '';

  override render() {
    const zones = [...new Set(this.rows.map((r) => r.zone))];
    const oneZone = zones.length === 1 ? zones[0] : undefined;
    return html`<h3>Hướng dẫn quầy ${this.pageLabel ? html`<span class="zone">${this.pageLabel}</span>` : ''}</h3>
      ${oneZone ? html`<div class="zone">${oneZone}</div>` : ''}
      ${this.rows.map(
        (r) =>
          html`<div class="row" data-testid="wayfinding-row">
            <span class="field">${r.field}${oneZone ? '' : html` <span class="zone">· ${r.zone}</span>`}</span>
            <span class="counters">Quầy ${r.counters.join(', ')}</span>
          </div>`,
      )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-wayfinding': HcpvPlayerWayfinding;
  }
}
