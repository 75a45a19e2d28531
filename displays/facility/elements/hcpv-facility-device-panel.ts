/**
 * Side panel for the device picked on the floor: registry details, live state, faults, the
 * last 24 hours of its main measurement, and (when the alarm service answers) alarms and orders.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { formatDateTime, formatNumber, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import { deviceRecent, type Device, type LiveState } from '../lib/facility-api.js';
import { deviceCondition } from '../lib/device-condition.js';
import { CONDITION_COLOURS } from '../lib/device-condition.js';
import { toCssColour } from '../lib/heat.js';
import { mainField, recentSeries } from '../lib/device-recent.js';
import './hcpv-facility-chart.js';

const DAY = 86_400_000;

@customElement('hcpv-facility-device-panel')
export class HcpvFacilityDevicePanel extends LitElement {
  /** The registry entry. */
  @property({ attribute: false }) device: Device | undefined;
  /** Its live state, if heard. */
  @property({ attribute: false }) live: LiveState | undefined;
  /** The zone's display name. */
  @property() zoneName = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _recent = new Task(this, {
    task: async ([device], { signal }) => {
      if (!device) return [];
      return deviceRecent(device.siteId, device.id, Date.now(), DAY, { signal });
    },
    args: () => [this.device] as const,
  });

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        overflow: auto;
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 1rem;
      }
      header {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
        align-items: flex-start;
      }
      h2 {
        margin: 0;
        font-size: 1.1rem;
      }
      .id {
        font-size: 0.8rem;
        color: var(--hcpv-muted);
        word-break: break-all;
      }
      .state {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
        font-weight: 600;
        margin: 0.6rem 0;
        padding: 0.2rem 0.6rem;
        border-radius: 999px;
        color: #fff;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.3rem 0.8rem;
        margin: 0.5rem 0 1rem;
        font-size: 0.9rem;
      }
      dt {
        color: var(--hcpv-muted);
      }
      dd {
        margin: 0;
      }
      h3 {
        font-size: 0.95rem;
        margin: 1rem 0 0.4rem;
      }
      .faults li {
        color: var(--hcpv-danger);
        font-weight: 600;
      }
      hcpv-facility-chart {
        border: none;
        padding: 0;
      }
    `,
  ];

  override render() {
    const d = this.device;
    if (!d) return nothing;
    const live = this.live;
    const cond = deviceCondition(live);
    const values = Object.entries(live?.values ?? {});
    const field = mainField(d.type, this._recent.value ?? []);
    return html`<header>
        <div>
          <h2>${t(`type.${d.type}`)}</h2>
          <div class="id">${d.id}</div>
        </div>
        <button class="secondary" type="button" @click=${() => this.dispatchEvent(new Event('close'))}>
          ${t('device.close')}
        </button>
      </header>
      <div
        class="state"
        data-testid="device-condition"
        data-condition=${cond}
        style="background:${toCssColour(CONDITION_COLOURS[cond])}"
      >
        ${t(`condition.${cond}`)}
      </div>
      ${
        live && live.faults.length > 0
          ? html`<h3>${t('device.faults')}</h3>
              <ul class="faults">
                ${live.faults.map((f) => html`<li>${f}</li>`)}
              </ul>`
          : nothing
      }
      <dl>
        <dt>${t('device.zone')}</dt>
        <dd>${this.zoneName}${d.counter === null ? '' : ` · ${t('device.counter', { n: d.counter })}`}</dd>
        <dt>${t('device.model')}</dt>
        <dd>${d.model}</dd>
        <dt>${t('device.vendor')}</dt>
        <dd>${d.vendor}</dd>
        <dt>${t('device.installed')}</dt>
        <dd>${d.installedOn}</dd>
        <dt>${t('device.warranty')}</dt>
        <dd>${d.warrantyEnd ?? t('common.none')}</dd>
        <dt>${t('device.lastSeen')}</dt>
        <dd>${live?.lastSeen ? formatDateTime(live.lastSeen) : t('device.never')}</dd>
      </dl>
      ${
        values.length > 0
          ? html`<h3>${t('device.values')}</h3>
              <dl>
                ${values.map(
                  ([k, v]) =>
                    html`<dt>${k}</dt>
                      <dd>${formatNumber(v, 1)}</dd>`,
                )}
              </dl>`
          : nothing
      }
      ${
        field
          ? html`<hcpv-facility-chart
              label=${`${t('device.recent')} · ${field}`}
              .points=${recentSeries(this._recent.value ?? [], field)}
              .height=${120}
              digits="1"
            ></hcpv-facility-chart>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-device-panel': HcpvFacilityDevicePanel;
  }
}
