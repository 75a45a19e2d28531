/**
 * One time-series chart (uPlot): a title, now / peak / mean, and the line. The uPlot instance
 * is created when the element is attached and destroyed when it leaves, so nothing leaks.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import { themeStyles } from '../../shared/theme.js';
import { formatNumber, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import { summarise, type Point } from '../lib/series.js';

/** The parts of uPlot's stylesheet the chart uses (legend off). */
const UPLOT_CSS = unsafeCSS(`
.uplot, .uplot * { box-sizing: border-box; }
.uplot { font-family: inherit; line-height: 1.5; width: min-content; }
.u-wrap { position: relative; user-select: none; }
.u-over, .u-under { position: absolute; }
.u-under { overflow: hidden; }
.uplot canvas { display: block; position: relative; width: 100%; height: 100%; }
.u-axis { position: absolute; }
.u-select { background: rgba(0,0,0,0.07); position: absolute; pointer-events: none; }
.u-cursor-x, .u-cursor-y { position: absolute; left: 0; top: 0; pointer-events: none; }
.u-hz .u-cursor-x { height: 100%; border-right: 1px dashed #607d8b; }
.u-hz .u-cursor-y { width: 100%; border-bottom: 1px dashed #607d8b; }
.u-cursor-pt { position: absolute; top: 0; left: 0; border-radius: 50%; border: 0 solid; pointer-events: none; background-clip: padding-box !important; }
.u-axis.u-off, .u-select.u-off, .u-cursor-x.u-off, .u-cursor-y.u-off, .u-cursor-pt.u-off { display: none; }
`);

@customElement('hcpv-facility-chart')
export class HcpvFacilityChart extends LitElement {
  /** Title above the chart. */
  @property() label = '';
  /** Line colour (CSS). */
  @property() colour = '#0b4f8a';
  /** Digits shown in the summary. */
  @property({ type: Number }) digits = 0;
  /** The points, in time order. */
  @property({ attribute: false }) points: readonly Point[] = [];
  /** The time span shown, epoch ms [from, to]; the data's own span when unset. */
  @property({ attribute: false }) span: readonly [number, number] | undefined;
  /** Height of the plot area in px. */
  @property({ type: Number }) height = 180;

  @query('.plot') private _plotHost!: HTMLDivElement;
  private _plot: uPlot | undefined;
  private _resize: ResizeObserver | undefined;

  constructor() {
    super();
    new LangController(this);
  }

  static override styles = [
    themeStyles,
    UPLOT_CSS,
    css`
      :host {
        display: block;
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 0.75rem 1rem;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: 1rem;
        flex-wrap: wrap;
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      dl {
        display: flex;
        gap: 1rem;
        margin: 0;
        font-size: 0.85rem;
      }
      dt {
        color: var(--hcpv-muted);
        display: inline;
      }
      dd {
        display: inline;
        margin: 0 0 0 0.25rem;
        font-weight: 600;
      }
      .plot {
        margin-top: 0.5rem;
        min-height: 40px;
      }
      .empty {
        color: var(--hcpv-muted);
        padding: 2rem 0;
        text-align: center;
      }
    `,
  ];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._destroy();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.requestUpdate('points');
  }

  private _destroy(): void {
    this._resize?.disconnect();
    this._resize = undefined;
    this._plot?.destroy();
    this._plot = undefined;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('points') && !changed.has('colour') && !changed.has('span') && this._plot) return;
    const data: uPlot.AlignedData = [this.points.map((p) => p.t / 1000), this.points.map((p) => p.v)];
    if (this.points.length === 0) {
      this._destroy();
      return;
    }
    if (this._plot && !changed.has('colour') && !changed.has('span')) {
      this._plot.setData(data);
      return;
    }
    this._destroy();
    const width = Math.max(200, this._plotHost.clientWidth || 600);
    const opts: uPlot.Options = {
      width,
      height: this.height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: this.span ? { time: true, range: [this.span[0] / 1000, this.span[1] / 1000] } : { time: true } },
      axes: [
        { stroke: '#5b6475', grid: { stroke: '#e4e8ee' }, ticks: { stroke: '#d5dbe4' } },
        { stroke: '#5b6475', grid: { stroke: '#e4e8ee' }, ticks: { stroke: '#d5dbe4' }, size: 48 },
      ],
      series: [
        {},
        {
          label: this.label,
          stroke: this.colour,
          width: 2,
          fill: `${this.colour}22`,
          points: { show: this.points.length < 40 },
        },
      ],
      // Hà Nội time on the axis, whatever the browser's zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Asia/Ho_Chi_Minh'),
    };
    this._plot = new uPlot(opts, data, this._plotHost);
    this._resize = new ResizeObserver(() => {
      const w = this._plotHost.clientWidth;
      if (this._plot && w > 0 && Math.abs(w - this._plot.width) > 2)
        this._plot.setSize({ width: w, height: this.height });
    });
    this._resize.observe(this._plotHost);
  }

  override render() {
    const s = summarise(this.points);
    const f = (v: number | null) => (v === null ? t('common.none') : formatNumber(v, this.digits));
    return html`<header>
        <h3>${this.label}</h3>
        <dl>
          <div>
            <dt>${t('charts.last')}</dt>
            <dd>${f(s.last)}</dd>
          </div>
          <div>
            <dt>${t('charts.max')}</dt>
            <dd>${f(s.max)}</dd>
          </div>
          <div>
            <dt>${t('charts.mean')}</dt>
            <dd>${f(s.mean)}</dd>
          </div>
        </dl>
      </header>
      <div class="plot"></div>
      ${this.points.length === 0 ? html`<div class="empty">${t('charts.noData')}</div>` : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-chart': HcpvFacilityChart;
  }
}
