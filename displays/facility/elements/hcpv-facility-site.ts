/**
 * One site: header figures, then tabs — 3D floor with device details, charts, alarms, work
 * orders. Live state is fetched once and then follows the live stream (device state, queues,
 * alarms); it is fetched again after a resync, and polled slowly while the stream is down.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { formatNumber, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import '../../shared/elements/error-message.js';
import { getLayout, getUnit, listDevices, liveStates, queueMetrics } from '../lib/facility-api.js';
import { planFloor } from '../lib/floor-layout.js';
import { conditionsOf, occupancyOf } from '../lib/site-state.js';
import { countConditions } from '../lib/device-condition.js';
import { LiveController } from '../lib/live-controller.js';
import { applyToSite, severitiesByDevice, type SiteLive } from '../lib/live-merge.js';
import type { FacilityLiveStream } from '../lib/live-stream.js';
import { LiveView } from '../lib/live-view.js';
import { SITE_TABS, routeHref, type SiteTab } from '../lib/route.js';
import './hcpv-facility-floor.js';
import './hcpv-facility-device-panel.js';
import './hcpv-facility-charts.js';
import './hcpv-facility-alarms.js';
import './hcpv-facility-orders.js';
import { OPEN_ALARM_STATES, listAlarms } from '../lib/facility-ops-api.js';
import type { GrantLike } from '../lib/board.js';

/** How often live state is fetched while the live stream is down. */
export const LIVE_FALLBACK_MS = 15_000;
/** Alarms the site page counts and colours devices by. */
const ACTIVE_ALARM_STATES = OPEN_ALARM_STATES.filter((s) => s.startsWith('active'));

@customElement('hcpv-facility-site')
export class HcpvFacilitySite extends LitElement {
  @property() siteId = '';
  @property() tab: SiteTab = 'floor';
  /** The user's grants with paths (for the work-order board). */
  @property({ attribute: false }) grants: readonly GrantLike[] = [];
  /** The dashboard's live stream. */
  @property({ attribute: false }) live: FacilityLiveStream | undefined;

  @state() private _refresh = 0;
  @state() private _selected: string | undefined;
  /** The fetched live state with the stream's changes applied. */
  private readonly _view = new LiveView<SiteLive>(
    (v, b) => applyToSite(v, b, this.siteId, ACTIVE_ALARM_STATES),
    () => this.requestUpdate(),
  );

  constructor() {
    super();
    new LangController(this);
    new LiveController(this, {
      stream: () => this.live,
      refresh: () => this._refresh++,
      fallbackMs: LIVE_FALLBACK_MS,
      apply: (b) => this._view.batch(b),
    });
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('siteId')) this._view.reset();
  }

  private _site = new Task(this, {
    task: async ([siteId], { signal }) => {
      const [unit, layout, devices] = await Promise.all([
        getUnit(siteId, { signal }),
        getLayout(siteId, { signal }),
        listDevices(siteId, { signal }),
      ]);
      const plan = planFloor(layout.zones, layout.counters, devices);
      return { unit, layout, devices, plan };
    },
    args: () => [this.siteId] as const,
  });

  /** The site's live state over REST: at first, after a resync, and while polling. */
  private _snapshot = new Task(this, {
    task: async ([siteId], { signal }): Promise<SiteLive> => {
      this._view.fetching();
      const [live, queues, alarms] = await Promise.all([
        liveStates(siteId, { signal }),
        queueMetrics(siteId, { signal }),
        listAlarms({ orgId: siteId, states: ACTIVE_ALARM_STATES }, { signal }),
      ]);
      return { live, queues, alarms };
    },
    args: () => [this.siteId, this._refresh] as const,
    onComplete: (snapshot) => this._view.fetched(snapshot),
  });

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 1rem;
        align-items: flex-end;
        margin-bottom: 1rem;
      }
      .back {
        color: var(--hcpv-primary);
        text-decoration: none;
        font-size: 0.9rem;
      }
      h1 {
        margin: 0.25rem 0 0.15rem;
        font-size: 1.5rem;
      }
      .kpis {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
      }
      .kpi {
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 0.5rem 0.9rem;
        min-width: 7.5rem;
      }
      .kpi b {
        display: block;
        font-size: 1.4rem;
      }
      .kpi span {
        font-size: 0.8rem;
        color: var(--hcpv-muted);
      }
      .kpi.bad b {
        color: var(--hcpv-danger);
      }
      nav {
        display: flex;
        gap: 0.25rem;
        border-bottom: 2px solid var(--hcpv-border);
        margin-bottom: 1rem;
      }
      nav a {
        padding: 0.55rem 1rem;
        text-decoration: none;
        color: var(--hcpv-muted);
        font-weight: 600;
        border-bottom: 3px solid transparent;
        margin-bottom: -2px;
      }
      nav a[aria-current='page'] {
        color: var(--hcpv-primary);
        border-bottom-color: var(--hcpv-primary);
      }
      .floor {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 22rem;
        gap: 1rem;
        height: calc(100vh - 19rem);
        min-height: 480px;
      }
      .floor.wide {
        grid-template-columns: minmax(0, 1fr);
      }
      hcpv-facility-floor {
        height: 100%;
      }
      .pending {
        padding: 2rem;
        color: var(--hcpv-muted);
      }
    `,
  ];

  private _onPick(e: CustomEvent<{ deviceId: string | undefined }>): void {
    this._selected = e.detail.deviceId;
  }

  private _renderTab(site: NonNullable<typeof this._site.value>) {
    const live = this._view.value?.live ?? [];
    switch (this.tab) {
      case 'floor': {
        const conditions = conditionsOf(
          site.devices.map((d) => d.id),
          live,
          severitiesByDevice(this._view.value?.alarms ?? []),
        );
        const { ratios } = occupancyOf(site.layout.zones, live);
        const device = site.devices.find((d) => d.id === this._selected);
        return html`<div class="floor ${device ? '' : 'wide'}">
          <hcpv-facility-floor
            .plan=${site.plan}
            .conditions=${conditions}
            .occupancy=${ratios}
            .selected=${this._selected}
            @device-pick=${this._onPick}
          ></hcpv-facility-floor>
          ${
            device
              ? html`<hcpv-facility-device-panel
                  .device=${device}
                  .live=${live.find((l) => l.deviceId === device.id)}
                  .zoneName=${site.layout.zones.find((z) => z.id === device.zoneId)?.name ?? device.zoneId}
                  @close=${() => (this._selected = undefined)}
                ></hcpv-facility-device-panel>`
              : nothing
          }
        </div>`;
      }
      case 'charts':
        return html`<hcpv-facility-charts .siteId=${this.siteId}></hcpv-facility-charts>`;
      case 'alarms':
        return html`<hcpv-facility-alarms .orgId=${this.siteId} .live=${this.live}></hcpv-facility-alarms>`;
      case 'orders':
        return html`<hcpv-facility-orders
          .orgId=${this.siteId}
          .grants=${this.grants}
          .live=${this.live}
        ></hcpv-facility-orders>`;
    }
  }

  override render() {
    return this._site.render({
      pending: () => html`<p class="muted">${t('common.loading')}</p>`,
      error: (e) =>
        html`<hcpv-error-message
          .error=${e}
          heading=${t('common.error')}
          retryLabel=${t('common.retry')}
          @retry=${() => this._site.run()}
        ></hcpv-error-message>`,
      complete: (site) => {
        const live = this._view.value;
        const conditions = conditionsOf(
          site.devices.map((d) => d.id),
          live?.live ?? [],
          severitiesByDevice(live?.alarms ?? []),
        );
        const counts = countConditions(conditions.values());
        const people = live
          ? [...occupancyOf(site.layout.zones, live.live).people.values()].reduce((a, b) => a + b, 0)
          : null;
        const waiting = live && live.queues.length > 0 ? live.queues.reduce((s, q) => s + q.waiting, 0) : null;
        const fmt = (n: number | null) => (n === null ? t('common.none') : formatNumber(n));
        return html`<div class="head">
            <div>
              <a class="back" href="#/">${t('site.back')}</a>
              <h1>${site.unit.name}</h1>
              <div class="muted">
                ${site.unit.site?.address ?? ''} ·
                ${t('site.area', { area: formatNumber(site.unit.site?.areaM2 ?? 0) })} ·
                ${t('site.devices', { n: site.devices.length })}
              </div>
            </div>
            <div class="kpis">
              <div class="kpi">
                <b data-testid="kpi-waiting">${fmt(waiting)}</b><span>${t('overview.waiting')}</span>
              </div>
              <div class="kpi"><b>${fmt(people)}</b><span>${t('metric.occupancy')}</span></div>
              <div class="kpi ${counts.fault > 0 ? 'bad' : ''}">
                <b data-testid="kpi-fault">${counts.fault}</b><span>${t('condition.fault')}</span>
              </div>
              <div class="kpi"><b>${counts.offline}</b><span>${t('condition.offline')}</span></div>
              <div class="kpi">
                <b data-testid="kpi-not-connected">${counts['not-connected']}</b
                ><span>${t('condition.not-connected')}</span>
              </div>
              <div class="kpi ${live && live.alarms.length > 0 ? 'bad' : ''}">
                <b data-testid="kpi-alarms">${live ? live.alarms.length : t('common.none')}</b
                ><span>${t('overview.openAlarms')}</span>
              </div>
            </div>
          </div>
          ${this._snapshot.render({
            error: (e) =>
              this._view.value
                ? nothing
                : html`<hcpv-error-message
                    .error=${e}
                    heading=${t('common.error')}
                    retryLabel=${t('common.retry')}
                    @retry=${() => this._refresh++}
                  ></hcpv-error-message>`,
          })}
          <nav>
            ${SITE_TABS.map(
              (tab) =>
                html`<a
                  href=${routeHref({ page: 'site', siteId: this.siteId, tab })}
                  aria-current=${tab === this.tab ? 'page' : 'false'}
                  >${t(`site.tab.${tab}`)}</a
                >`,
            )}
          </nav>
          ${this._renderTab(site)}`;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-site': HcpvFacilitySite;
  }
}
