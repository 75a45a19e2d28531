/**
 * Reports for the city (or a branch): availability over opening hours, MTBF/MTTR, SLA, citizen
 * impact and facility-standard compliance — each a bar chart of the worst sites, the full table,
 * and the server's CSV for download.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { formatNumber, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import '../../shared/elements/error-message.js';
import { listUnits } from '../lib/facility-api.js';
import {
  REPORTS,
  availabilityReport,
  complianceReport,
  impactReport,
  reliabilityReport,
  reportCsvUrl,
  slaReport,
  type ReportKind,
} from '../lib/facility-ops-api.js';
import { availabilityBars, complianceBars, impactBars, mttrBars, slaBars, type Bar } from '../lib/report-bars.js';

const DAY = 86_400_000;
const PERIODS = [7, 30, 90] as const;

type Loaded =
  | { kind: 'availability'; rows: Awaited<ReturnType<typeof availabilityReport>> }
  | { kind: 'reliability'; rows: Awaited<ReturnType<typeof reliabilityReport>> }
  | { kind: 'sla'; rows: Awaited<ReturnType<typeof slaReport>> }
  | { kind: 'citizen-impact'; rows: Awaited<ReturnType<typeof impactReport>> }
  | { kind: 'compliance'; rows: Awaited<ReturnType<typeof complianceReport>> };

async function load(kind: ReportKind, orgId: string, from: number, to: number, signal: AbortSignal): Promise<Loaded> {
  switch (kind) {
    case 'availability':
      return { kind, rows: await availabilityReport(orgId, from, to, { signal }) };
    case 'reliability':
      return { kind, rows: await reliabilityReport(orgId, from, to, { signal }) };
    case 'sla':
      return { kind, rows: await slaReport(orgId, from, to, { signal }) };
    case 'citizen-impact':
      return { kind, rows: await impactReport(orgId, from, to, { signal }) };
    case 'compliance':
      return { kind, rows: await complianceReport(orgId, { signal }) };
  }
}

@customElement('hcpv-facility-reports')
export class HcpvFacilityReports extends LitElement {
  /** Subtree reported on (the city by default). */
  @property() orgId = 'hn';

  @state() private _kind: ReportKind = 'availability';
  @state() private _days: (typeof PERIODS)[number] = 30;

  constructor() {
    super();
    new LangController(this);
  }

  /** The period ends at the start of the current hour so the CSV link and the table match. */
  private _period(): { from: number; to: number } {
    const to = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    return { from: to - this._days * DAY, to };
  }

  private _names = new Task(this, {
    task: async (_args, { signal }) => new Map((await listUnits({ signal })).map((u) => [u.id, u.shortName ?? u.name])),
    args: () => [],
  });

  private _report = new Task(this, {
    task: ([kind, orgId, days], { signal }) => {
      void days;
      const p = this._period();
      return load(kind, orgId, p.from, p.to, signal);
    },
    args: () => [this._kind, this.orgId, this._days] as const,
  });

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      h1 {
        margin: 0 0 1rem;
        font-size: 1.5rem;
      }
      .tabs {
        display: flex;
        gap: 0.25rem;
        border-bottom: 2px solid var(--hcpv-border);
        margin-bottom: 1rem;
        flex-wrap: wrap;
      }
      .tabs button {
        all: unset;
        cursor: pointer;
        padding: 0.55rem 1rem;
        font-weight: 600;
        color: var(--hcpv-muted);
        border-bottom: 3px solid transparent;
        margin-bottom: -2px;
      }
      .tabs button[aria-selected='true'] {
        color: var(--hcpv-primary);
        border-bottom-color: var(--hcpv-primary);
      }
      .bar {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        margin-bottom: 1rem;
      }
      .bar a.csv {
        margin-left: auto;
        background: var(--hcpv-primary);
        color: var(--hcpv-primary-contrast);
        border-radius: var(--hcpv-radius);
        padding: 0.45rem 0.9rem;
        text-decoration: none;
        font-weight: 600;
      }
      .panel {
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 1rem;
        margin-bottom: 1rem;
      }
      .chart {
        display: grid;
        grid-template-columns: minmax(12rem, 22rem) 1fr 5rem;
        gap: 0.35rem 0.75rem;
        align-items: center;
        font-size: 0.85rem;
      }
      .chart .track {
        background: #eef2f7;
        border-radius: 4px;
        height: 0.9rem;
      }
      .chart .fill {
        background: var(--hcpv-primary);
        border-radius: 4px;
        height: 100%;
      }
      .chart .fill.bad {
        background: var(--hcpv-danger);
      }
      .chart .v {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .label {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      th {
        background: #eef2f7;
        font-size: 0.85rem;
      }
      .ok {
        color: var(--hcpv-ok);
        font-weight: 600;
      }
      .bad {
        color: var(--hcpv-danger);
        font-weight: 600;
      }
    `,
  ];

  private _chart(bars: readonly Bar[], unit: string, digits: number, names: ReadonlyMap<string, string>) {
    if (bars.length === 0) return html`<p class="muted">${t('report.none')}</p>`;
    return html`<div class="chart" data-testid="report-chart">
      ${bars.map(
        (b) =>
          html`<span class="label" title=${names.get(b.key) ?? b.key}>${names.get(b.key) ?? b.key}</span>
            <div class="track">
              <div class="fill ${b.bad ? 'bad' : ''}" style="width:${(b.share * 100).toFixed(1)}%"></div>
            </div>
            <span class="v">${formatNumber(b.value, digits)}${unit}</span>`,
      )}
    </div>`;
  }

  private _body(r: Loaded, names: ReadonlyMap<string, string>) {
    const n = (v: number | null, d = 1) => (v === null ? t('common.none') : formatNumber(v, d));
    const name = (k: string) => names.get(k) ?? k;
    switch (r.kind) {
      case 'availability':
        return [
          this._chart(availabilityBars(r.rows), ' %', 1, names),
          html`<table data-testid="report-table">
            <thead>
              <tr>
                <th>${t('overview.col.name')}</th>
                <th class="num">Thiết bị</th>
                <th class="num">Giờ mở cửa</th>
                <th class="num">Giờ hỏng</th>
                <th class="num">Sẵn sàng</th>
              </tr>
            </thead>
            <tbody>
              ${r.rows.map(
                (x) =>
                  html`<tr>
                    <td>${name(x.key)}</td>
                    <td class="num">${x.devices}</td>
                    <td class="num">${n(x.openHours)}</td>
                    <td class="num">${n(x.downOpenHours)}</td>
                    <td class="num">${n(x.availabilityPct)} %</td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
        ];
      case 'reliability':
        return [
          this._chart(mttrBars(r.rows), ' h', 1, names),
          html`<table data-testid="report-table">
            <thead>
              <tr>
                <th>${t('overview.col.name')}</th>
                <th class="num">Thiết bị</th>
                <th class="num">Sự cố</th>
                <th class="num">Đã sửa</th>
                <th class="num">MTBF (h)</th>
                <th class="num">MTTR (h)</th>
              </tr>
            </thead>
            <tbody>
              ${r.rows.map(
                (x) =>
                  html`<tr>
                    <td>${name(x.key)}</td>
                    <td class="num">${x.devices}</td>
                    <td class="num">${x.failures}</td>
                    <td class="num">${x.repaired}</td>
                    <td class="num">${n(x.mtbfHours)}</td>
                    <td class="num">${n(x.mttrHours)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
        ];
      case 'sla':
        return [
          this._chart(slaBars(r.rows), ' %', 1, names),
          html`<table data-testid="report-table">
            <thead>
              <tr>
                <th>${t('overview.col.name')}</th>
                <th class="num">Lệnh</th>
                <th class="num">Đúng hạn</th>
                <th class="num">Quá hạn</th>
                <th class="num">Đang chờ</th>
                <th class="num">Tuân thủ</th>
              </tr>
            </thead>
            <tbody>
              ${r.rows.map(
                (x) =>
                  html`<tr>
                    <td>${name(x.key)}</td>
                    <td class="num">${x.orders}</td>
                    <td class="num">${x.met}</td>
                    <td class="num">${x.breached}</td>
                    <td class="num">${x.pending}</td>
                    <td class="num">${n(x.compliancePct)} %</td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
        ];
      case 'citizen-impact':
        return [
          this._chart(impactBars(r.rows), ' ph', 1, names),
          html`<table data-testid="report-table">
            <thead>
              <tr>
                <th>${t('overview.col.name')}</th>
                <th class="num">Giờ hỏng</th>
                <th class="num">Chờ khi hỏng</th>
                <th class="num">Chờ bình thường</th>
                <th class="num">Chênh lệch</th>
                <th class="num">Bỏ lượt +</th>
              </tr>
            </thead>
            <tbody>
              ${r.rows.map(
                (x) =>
                  html`<tr>
                    <td>${name(x.siteId)}</td>
                    <td class="num">${n(x.downHours)}</td>
                    <td class="num">${n(x.down.meanWaitMin)}</td>
                    <td class="num">${n(x.normal.meanWaitMin)}</td>
                    <td class="num">${n(x.waitDeltaMin)}</td>
                    <td class="num">
                      ${x.noShowDelta === null ? t('common.none') : `${formatNumber(x.noShowDelta * 100, 1)} %`}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
        ];
      case 'compliance':
        return [
          this._chart(complianceBars(r.rows), '', 0, names),
          html`<table data-testid="report-table">
            <thead>
              <tr>
                <th>${t('overview.col.name')}</th>
                <th class="num">m²</th>
                <th>Khu chức năng thiếu</th>
                <th>Vấn đề</th>
                <th>${t('overview.col.compliance')}</th>
              </tr>
            </thead>
            <tbody>
              ${r.rows.map(
                (x) =>
                  html`<tr>
                    <td>${x.name}</td>
                    <td class="num ${x.areaOk ? '' : 'bad'}">${formatNumber(x.areaM2)}</td>
                    <td>${x.missingZones.join(', ') || t('common.none')}</td>
                    <td>${x.problems.join('; ') || t('common.none')}</td>
                    <td class=${x.compliant ? 'ok' : 'bad'}>
                      ${t(x.compliant ? 'compliance.compliant' : 'compliance.gaps')}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
        ];
    }
  }

  override render() {
    const names = this._names.value ?? new Map<string, string>();
    const p = this._period();
    return html`<h1>${t('nav.reports')}</h1>
      <div class="tabs" role="tablist">
        ${REPORTS.map(
          (k) =>
            html`<button
              role="tab"
              data-report=${k}
              aria-selected=${k === this._kind ? 'true' : 'false'}
              @click=${() => (this._kind = k)}
            >
              ${t(`report.${k}`)}
            </button>`,
        )}
      </div>
      <div class="bar">
        ${
          this._kind === 'compliance'
            ? nothing
            : html`<label
                >${t('report.period')}
                <select
                  @change=${(e: Event) => {
                    const v = Number(e.target instanceof HTMLSelectElement ? e.target.value : 30);
                    this._days = PERIODS.find((d) => d === v) ?? 30;
                  }}
                >
                  ${PERIODS.map((d) => html`<option value=${d} ?selected=${d === this._days}>${t('report.days', { n: d })}</option>`)}
                </select></label
              >`
        }
        <a
          class="csv"
          data-testid="csv"
          href=${reportCsvUrl(this._kind, this.orgId, p.from, p.to)}
          download=${`${this._kind}.csv`}
          >${t('report.csv')}</a
        >
      </div>
      ${this._report.render({
        pending: () => html`<p class="muted">${t('common.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('common.error')}></hcpv-error-message>`,
        complete: (r) => {
          const [chart, table] = this._body(r, names);
          return html`<div class="panel">${chart}</div>
            <div class="panel">${table}</div>`;
        },
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-reports': HcpvFacilityReports;
  }
}
