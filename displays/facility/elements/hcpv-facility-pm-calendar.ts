/** Preventive-maintenance work orders on a month calendar (Hà Nội days, Monday first). */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { themeStyles } from '../../shared/theme.js';
import { lang, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import { byDueDay, localDay, monthGrid } from '../lib/board.js';
import type { WorkOrder } from '../lib/facility-ops-api.js';

@customElement('hcpv-facility-pm-calendar')
export class HcpvFacilityPmCalendar extends LitElement {
  /** PM work orders (origin `pm`). */
  @property({ attribute: false }) orders: readonly WorkOrder[] = [];

  @state() private _month = localDay(Date.now()).slice(0, 7);

  constructor() {
    super();
    new LangController(this);
  }

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 1rem;
        margin-bottom: 0.5rem;
      }
      h3 {
        margin: 0;
        min-width: 10rem;
        text-align: center;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(7, 1fr);
        gap: 2px;
        background: var(--hcpv-border);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        overflow: hidden;
      }
      .dow {
        background: #eef2f7;
        font-size: 0.8rem;
        font-weight: 600;
        padding: 0.3rem;
        text-align: center;
      }
      .day {
        background: var(--hcpv-surface);
        min-height: 5.5rem;
        padding: 0.25rem 0.35rem;
        font-size: 0.78rem;
      }
      .day.out {
        background: #f6f7f9;
      }
      .n {
        color: var(--hcpv-muted);
        font-weight: 600;
      }
      .item {
        background: #e3ecf7;
        border-radius: 4px;
        padding: 0.1rem 0.3rem;
        margin-top: 0.2rem;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
    `,
  ];

  private _shift(n: number): void {
    const [y = 2026, m = 1] = this._month.split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1 + n, 1));
    this._month = d.toISOString().slice(0, 7);
  }

  override render() {
    const [y = 2026, m = 1] = this._month.split('-').map(Number);
    const due = byDueDay(this.orders);
    const title = new Intl.DateTimeFormat(lang() === 'vi' ? 'vi-VN' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(Date.UTC(y, m - 1, 1));
    const dows =
      lang() === 'vi' ? ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'] : ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const inMonth = this.orders.filter((o) => localDay(o.dueAt).startsWith(this._month)).length;
    return html`<div class="head">
        <button type="button" class="secondary" @click=${() => this._shift(-1)}>${t('wo.prev')}</button>
        <h3>${title}</h3>
        <button type="button" class="secondary" @click=${() => this._shift(1)}>${t('wo.next')}</button>
        ${inMonth === 0 ? html`<span class="muted">${t('wo.pmEmpty')}</span>` : null}
      </div>
      <div class="grid" data-testid="pm-calendar">
        ${dows.map((d) => html`<div class="dow">${d}</div>`)}
        ${monthGrid(y, m)
          .flat()
          .map((day) =>
            day === null
              ? html`<div class="day out"></div>`
              : html`<div class="day">
                  <span class="n">${Number(day.slice(8))}</span>
                  ${(due.get(day) ?? []).map((o) => html`<div class="item" title=${o.title}>${o.title}</div>`)}
                </div>`,
          )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-pm-calendar': HcpvFacilityPmCalendar;
  }
}
