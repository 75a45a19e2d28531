/** The site's charts: occupancy, queue, waiting time, rating, temperature, over a chosen range. */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import '../../shared/elements/error-message.js';
import { metricRows } from '../lib/facility-api.js';
import { METRICS, aggregate, type Metric } from '../lib/series.js';
import { RANGES, rangeOf, type RangeKind } from '../lib/time-range.js';
import './hcpv-facility-chart.js';

const COLOURS: Readonly<Record<Metric, string>> = {
  occupancy: '#0b4f8a',
  queue: '#c8102e',
  wait: '#9a6700',
  rating: '#1b7f3b',
  temperature: '#7b3fa0',
};
const DIGITS: Readonly<Record<Metric, number>> = { occupancy: 0, queue: 0, wait: 1, rating: 2, temperature: 1 };

@customElement('hcpv-facility-charts')
export class HcpvFacilityCharts extends LitElement {
  @property() siteId = '';

  @state() private _range: RangeKind = 'today';
  @state() private _from = '';
  @state() private _to = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _data = new Task(this, {
    task: async ([siteId, kind, from, to], { signal }) => {
      const range = rangeOf(kind, Date.now(), { from, to });
      if (!range) throw new Error(t('charts.badRange'));
      const all = await Promise.all(METRICS.map((m) => metricRows(siteId, m, range, { signal })));
      const span = [range.from, range.to] as const;
      return METRICS.map((m, i) => ({ metric: m, span, points: aggregate(all[i] ?? [], m, range.bucketMs) }));
    },
    args: () => [this.siteId, this._range, this._from, this._to] as const,
  });

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 1rem;
      }
      .seg button {
        border-radius: 0;
        margin-right: -1px;
      }
      .seg button:first-child {
        border-radius: var(--hcpv-radius) 0 0 var(--hcpv-radius);
      }
      .seg button:last-child {
        border-radius: 0 var(--hcpv-radius) var(--hcpv-radius) 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(28rem, 1fr));
        gap: 1rem;
      }
    `,
  ];

  override render() {
    return html`<div class="bar">
        <div class="seg" role="group">
          ${RANGES.map(
            (r) =>
              html`<button
                type="button"
                class=${r === this._range ? '' : 'secondary'}
                aria-pressed=${r === this._range}
                @click=${() => (this._range = r)}
              >
                ${t(`charts.range.${r}`)}
              </button>`,
          )}
        </div>
        ${
          this._range === 'custom'
            ? html`<label
                  >${t('charts.from')}
                  <input type="date" .value=${this._from} @change=${(e: Event) => (this._from = inputValue(e))}
                /></label>
                <label
                  >${t('charts.to')}
                  <input type="date" .value=${this._to} @change=${(e: Event) => (this._to = inputValue(e))}
                /></label>`
            : null
        }
      </div>
      ${this._data.render({
        pending: () => html`<p class="muted">${t('common.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('common.error')}></hcpv-error-message>`,
        complete: (charts) =>
          html`<div class="grid">
            ${charts.map(
              (c) =>
                html`<hcpv-facility-chart
                  data-metric=${c.metric}
                  label=${t(`metric.${c.metric}`)}
                  colour=${COLOURS[c.metric]}
                  digits=${DIGITS[c.metric]}
                  .points=${c.points}
                  .span=${c.span}
                ></hcpv-facility-chart>`,
            )}
          </div>`,
      })}`;
  }
}

const inputValue = (e: Event): string => (e.target instanceof HTMLInputElement ? e.target.value : '');

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-charts': HcpvFacilityCharts;
  }
}
