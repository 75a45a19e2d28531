/**
 * The city overview: totals, then a sortable league table with one row per site — open alarms
 * by severity, devices down, people waiting now, P90 wait today, 30-day availability and
 * standard compliance — filtered by branch and name. Devices, queues and alarms follow the live
 * stream; everything is fetched again every few minutes (P90, availability, compliance), after a
 * resync, and more often while the stream is down.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { formatDateTime, formatNumber, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import '../../shared/elements/error-message.js';
import { listUnits, liveStates, mapLimit, queueMetrics, waitsToday } from '../lib/facility-api.js';
import { OPEN_ALARM_STATES, availabilityReport, complianceReport, listAlarms } from '../lib/facility-ops-api.js';
import { p90 } from '../lib/league.js';
import { buildRows, type SiteFigures } from '../lib/overview-rows.js';
import { filterRows, nextSort, sortRows, totals, type SiteRow, type SortDir, type SortKey } from '../lib/league.js';
import { IntervalController } from '../lib/interval-controller.js';
import { LiveController } from '../lib/live-controller.js';
import { applyToSites, type SiteLiveParts } from '../lib/live-merge.js';
import type { FacilityLiveStream } from '../lib/live-stream.js';
import { LiveView } from '../lib/live-view.js';
import { routeHref } from '../lib/route.js';

/** Full refresh while the stream is live (the figures it does not carry: P90, availability, compliance). */
export const OVERVIEW_REFRESH_MS = 300_000;
/** Full refresh while the stream is down. */
export const OVERVIEW_FALLBACK_MS = 30_000;
const ACTIVE_ALARM_STATES = OPEN_ALARM_STATES.filter((s) => s.startsWith('active'));

type Figures = SiteFigures & SiteLiveParts;
interface OverviewFigures {
  figures: Map<string, Figures>;
  at: number;
}
const COLUMNS: readonly SortKey[] = [
  'name',
  'alarms',
  'devicesDown',
  'waiting',
  'p90WaitMin',
  'availabilityPct',
  'compliance',
];

@customElement('hcpv-facility-overview')
export class HcpvFacilityOverview extends LitElement {
  @state() private _branch: string | null = null;
  @state() private _query = '';
  @state() private _sort: { key: SortKey; dir: SortDir } = { key: 'alarms', dir: 'desc' };
  @state() private _tick = 0;
  /** The dashboard's live stream. */
  @property({ attribute: false }) live: FacilityLiveStream | undefined;
  private readonly _view = new LiveView<OverviewFigures>(
    (v, b) => ({ figures: applyToSites(v.figures, b, ACTIVE_ALARM_STATES), at: b.at }),
    () => this.requestUpdate(),
  );

  constructor() {
    super();
    new LangController(this);
    new IntervalController(this, OVERVIEW_REFRESH_MS, () => this._tick++);
    new LiveController(this, {
      stream: () => this.live,
      refresh: () => this._tick++,
      fallbackMs: OVERVIEW_FALLBACK_MS,
      apply: (b) => this._view.batch(b),
    });
  }

  private _units = new Task(this, {
    task: (_args, { signal }) => listUnits({ signal }),
    args: () => [],
  });

  private _figures = new Task(this, {
    task: async ([units], { signal }): Promise<OverviewFigures> => {
      this._view.fetching();
      const all = units ?? [];
      const sites = all.filter((u) => u.kind === 'site');
      const root = all.find((u) => u.parentId === null || !all.some((p) => p.id === u.parentId));
      const now = Date.now();
      // City-wide figures in one call each; a feature that fails leaves its column "—".
      const [alarms, availability, compliance] = await Promise.all([
        listAlarms({ states: ACTIVE_ALARM_STATES }, { signal }).catch(() => undefined),
        root ? availabilityReport(root.id, now - 30 * 86_400_000, now, { signal }).catch(() => undefined) : undefined,
        root ? complianceReport(root.id, { signal }).catch(() => undefined) : undefined,
      ]);
      const figures = await mapLimit(sites, 6, async (s): Promise<[string, Figures]> => {
        const [live, queues, waits] = await Promise.all([
          liveStates(s.id, { signal }).catch(() => undefined),
          queueMetrics(s.id, { signal }).catch(() => undefined),
          waitsToday(s.id, now, { signal }).catch(() => undefined),
        ]);
        const p = waits ? p90(waits) : null;
        const comp = compliance?.find((c) => c.siteId === s.id);
        return [
          s.id,
          {
            live,
            queues,
            openAlarms: alarms?.filter((a) => a.siteId === s.id),
            p90WaitMin: p === null ? null : p / 60_000,
            availabilityPct: availability?.find((a) => a.key === s.id)?.availabilityPct ?? null,
            compliance: comp ? (comp.compliant ? 'compliant' : 'gaps') : 'unknown',
          },
        ];
      });
      return { figures: new Map(figures), at: now };
    },
    args: () => [this._units.value, this._tick] as const,
    onComplete: (answer) => this._view.fetched(answer),
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
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
        gap: 0.75rem;
        margin-bottom: 1.25rem;
      }
      .card {
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 0.8rem 1rem;
      }
      .card b {
        display: block;
        font-size: 1.8rem;
        line-height: 1.2;
      }
      .card span {
        color: var(--hcpv-muted);
        font-size: 0.85rem;
      }
      .filters {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 0.75rem;
      }
      .filters .updated {
        margin-left: auto;
        font-size: 0.85rem;
      }
      .table {
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        overflow: auto;
      }
      th {
        background: #eef2f7;
        font-size: 0.85rem;
        white-space: nowrap;
        position: sticky;
        top: 0;
      }
      th button {
        all: unset;
        cursor: pointer;
        font-weight: 600;
      }
      th button:focus-visible {
        outline: 3px solid var(--hcpv-accent);
      }
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      tbody tr:hover {
        background: #f6f8fb;
      }
      td a {
        color: var(--hcpv-primary);
        font-weight: 600;
        text-decoration: none;
      }
      .branch {
        display: block;
        font-size: 0.8rem;
        color: var(--hcpv-muted);
      }
      .sev {
        display: inline-block;
        min-width: 1.6rem;
        text-align: center;
        border-radius: 999px;
        padding: 0 0.4rem;
        margin-right: 0.2rem;
        font-size: 0.8rem;
        font-weight: 700;
        color: #fff;
      }
      .sev.critical {
        background: #8e0000;
      }
      .sev.major {
        background: #c62828;
      }
      .sev.minor {
        background: #e0a100;
        color: #14213d;
      }
      .sev.warning {
        background: #8a94a6;
      }
      .bad {
        color: var(--hcpv-danger);
        font-weight: 700;
      }
      .not-connected {
        display: block;
        font-size: 0.8rem;
        font-weight: 400;
        color: var(--hcpv-muted);
      }
      .pill {
        border-radius: 999px;
        padding: 0.1rem 0.6rem;
        font-size: 0.8rem;
        font-weight: 600;
      }
      .pill.compliant {
        background: #e3f3e8;
        color: var(--hcpv-ok);
      }
      .pill.gaps {
        background: #fde8e6;
        color: var(--hcpv-danger);
      }
    `,
  ];

  private _onSort(key: SortKey): void {
    this._sort = nextSort(this._sort, key);
  }

  private _cell(r: SiteRow, key: SortKey) {
    const none = t('common.none');
    switch (key) {
      case 'name':
        return html`<td>
          <a href=${routeHref({ page: 'site', siteId: r.siteId, tab: 'floor' })}>${r.name}</a>
          ${r.branchName ? html`<span class="branch">${r.branchName}</span>` : nothing}
        </td>`;
      case 'alarms':
        return html`<td>
          ${
            r.alarms === null
              ? none
              : (['critical', 'major', 'minor', 'warning'] as const).map((s) =>
                  r.alarms && r.alarms[s] > 0
                    ? html`<span class="sev ${s}" title=${t(`severity.${s}`)}>${r.alarms[s]}</span>`
                    : nothing,
                )
          }
        </td>`;
      case 'devicesDown':
        return html`<td class="num ${r.devicesDown ? 'bad' : ''}">
          ${r.devicesDown === null ? none : `${r.devicesDown} / ${r.devicesTotal}`}
          ${
            r.devicesNotConnected
              ? html`<span class="not-connected" data-testid="not-connected"
                  >${t('overview.notConnected', { n: r.devicesNotConnected })}</span
                >`
              : nothing
          }
        </td>`;
      case 'waiting':
        return html`<td class="num">${r.waiting === null ? none : formatNumber(r.waiting)}</td>`;
      case 'p90WaitMin':
        return html`<td class="num">${r.p90WaitMin === null ? none : `${formatNumber(r.p90WaitMin)} ph`}</td>`;
      case 'availabilityPct':
        return html`<td class="num">
          ${r.availabilityPct === null ? none : `${formatNumber(r.availabilityPct, 1)} %`}
        </td>`;
      case 'compliance':
        return html`<td><span class="pill ${r.compliance}">${t(`compliance.${r.compliance}`)}</span></td>`;
    }
  }

  override render() {
    return this._units.render({
      pending: () => html`<p class="muted">${t('common.loading')}</p>`,
      error: (e) =>
        html`<hcpv-error-message
          .error=${e}
          heading=${t('common.error')}
          retryLabel=${t('common.retry')}
          @retry=${() => this._units.run()}
        ></hcpv-error-message>`,
      complete: (units) => {
        const fig = this._view.value;
        const all = buildRows(units, fig?.figures ?? new Map());
        const branches = units.filter((u) => u.kind === 'branch');
        const rows = sortRows(filterRows(all, this._branch, this._query), this._sort.key, this._sort.dir);
        const sum = totals(rows);
        const openAlarms = rows.some((r) => r.alarms !== null)
          ? formatNumber(sum.alarms.critical + sum.alarms.major + sum.alarms.minor + sum.alarms.warning)
          : t('common.none');
        return html`<h1>${t('overview.title')}</h1>
          <div class="cards">
            <div class="card"><b data-testid="total-sites">${rows.length}</b><span>${t('overview.sites')}</span></div>
            <div class="card"><b>${openAlarms}</b><span>${t('overview.openAlarms')}</span></div>
            <div class="card">
              <b class=${sum.devicesDown ? 'bad' : ''}>${fig ? formatNumber(sum.devicesDown) : t('common.none')}</b
              ><span>${t('overview.devicesDown')}</span>
            </div>
            <div class="card">
              <b data-testid="total-not-connected">${fig ? formatNumber(sum.devicesNotConnected) : t('common.none')}</b
              ><span>${t('overview.devicesNotConnected')}</span>
            </div>
            <div class="card">
              <b>${fig ? formatNumber(sum.waiting) : t('common.none')}</b><span>${t('overview.waiting')}</span>
            </div>
          </div>
          <div class="filters">
            <label
              >${t('overview.branch')}
              <select
                data-testid="branch-filter"
                @change=${(e: Event) => {
                  const v = e.target instanceof HTMLSelectElement ? e.target.value : '';
                  this._branch = v === '' ? null : v;
                }}
              >
                <option value="">${t('overview.allBranches')}</option>
                ${branches.map((b) => html`<option value=${b.id} ?selected=${b.id === this._branch}>${b.shortName ?? b.name}</option>`)}
              </select></label
            >
            <input
              type="search"
              placeholder=${t('overview.search')}
              .value=${this._query}
              @input=${(e: Event) => (this._query = e.target instanceof HTMLInputElement ? e.target.value : '')}
            />
            <span class="updated muted"
              >${
                fig
                  ? t('overview.updated', { time: formatDateTime(fig.at) })
                  : this._figures.error
                    ? t('common.error')
                    : t('common.loading')
              }</span
            >
          </div>
          <div class="table">
            <table data-testid="league">
              <thead>
                <tr>
                  ${COLUMNS.map((k) => {
                    const active = this._sort.key === k;
                    const arrow = active ? (this._sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
                    const num = k === 'devicesDown' || k === 'waiting' || k === 'p90WaitMin' || k === 'availabilityPct';
                    return html`<th
                      class=${num ? 'num' : ''}
                      aria-sort=${active ? (this._sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                    >
                      <button type="button" data-sort=${k} @click=${() => this._onSort(k)}>
                        ${t(`overview.col.${k}`)}${arrow}
                      </button>
                    </th>`;
                  })}
                </tr>
              </thead>
              <tbody>
                ${rows.map(
                  (r) =>
                    html`<tr data-site=${r.siteId}>
                      ${COLUMNS.map((k) => this._cell(r, k))}
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-overview': HcpvFacilityOverview;
  }
}
