/**
 * Alarms in a subtree (a site, or the whole city): severity, what and where, state; acknowledge
 * with a comment; open one to read its full history. Fetched again when the live stream shows
 * an alarm change here (polled while the stream is down).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { formatDateTime, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import '../../shared/elements/error-message.js';
import { listUnits } from '../lib/facility-api.js';
import { OPEN_ALARM_STATES, ackAlarm, alarmDetail, listAlarms, type Alarm } from '../lib/facility-ops-api.js';
import { LiveController } from '../lib/live-controller.js';
import type { FacilityLiveStream } from '../lib/live-stream.js';
import { severityStyles } from './severity-styles.js';
import { formText } from '../../shared/forms.js';

@customElement('hcpv-facility-alarms')
export class HcpvFacilityAlarms extends LitElement {
  /** Subtree to list (a site id); the user's whole scope when empty. */
  @property() orgId = '';
  /** The dashboard's live stream. */
  @property({ attribute: false }) live: FacilityLiveStream | undefined;

  @state() private _all = false;
  @state() private _tick = 0;
  @state() private _open: string | undefined;
  @state() private _acking: string | undefined;
  @state() private _error: unknown = null;

  constructor() {
    super();
    new LangController(this);
    new LiveController(this, {
      stream: () => this.live,
      refresh: () => this._tick++,
      fallbackMs: 15_000,
      // Refetched (filters, limits and order stay the server's) when the stream shows a change here.
      relevant: (b) => b.alarms.some((x) => !this.orgId || x.siteId === this.orgId),
    });
  }

  private _names = new Task(this, {
    task: async (_args, { signal }) => new Map((await listUnits({ signal })).map((u) => [u.id, u.name])),
    args: () => [],
  });

  private _alarms = new Task(this, {
    task: ([orgId, all], { signal }) =>
      listAlarms({ ...(orgId ? { orgId } : {}), ...(all ? {} : { states: OPEN_ALARM_STATES }) }, { signal }),
    args: () => [this.orgId, this._all, this._tick] as const,
  });

  private _history = new Task(this, {
    task: ([id], { signal }) => (id ? alarmDetail(id, { signal }) : Promise.resolve(undefined)),
    args: () => [this._open, this._tick] as const,
  });

  static override styles = [
    themeStyles,
    severityStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        gap: 1rem;
        align-items: center;
        margin-bottom: 0.75rem;
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
      }
      tr.row {
        cursor: pointer;
      }
      tr.row:hover {
        background: #f6f8fb;
      }
      .state {
        font-size: 0.8rem;
        font-weight: 600;
        white-space: nowrap;
      }
      .state.active-unacked {
        color: var(--hcpv-danger);
      }
      .state.cleared-acked {
        color: var(--hcpv-muted);
      }
      .detail td {
        background: #f9fafc;
      }
      form {
        display: flex;
        gap: 0.5rem;
        align-items: flex-start;
      }
      textarea {
        flex: 1;
        min-height: 2.6rem;
      }
      ol {
        margin: 0.25rem 0;
        padding-left: 1.2rem;
      }
      .empty {
        padding: 2rem;
        text-align: center;
        color: var(--hcpv-muted);
      }
    `,
  ];

  private async _onAck(e: SubmitEvent, alarm: Alarm): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const comment = formText(new FormData(form), 'comment').trim();
    if (!comment) return;
    try {
      await ackAlarm(alarm.id, comment);
      this._acking = undefined;
      this._error = null;
      this._tick++;
    } catch (err) {
      this._error = err;
    }
  }

  private _row(a: Alarm, names: ReadonlyMap<string, string>) {
    const open = this._open === a.id;
    const canAck = a.state === 'active-unacked' || a.state === 'cleared-unacked';
    return html`<tr class="row" data-alarm=${a.id} @click=${() => (this._open = open ? undefined : a.id)}>
        <td><span class="sev ${a.severity}">${t(`severity.${a.severity}`)}</span></td>
        <td>
          ${a.message}
          <div class="muted">${a.deviceId ?? a.type}</div>
        </td>
        ${this.orgId ? nothing : html`<td>${names.get(a.siteId) ?? a.siteId}</td>`}
        <td>${formatDateTime(a.raisedAt)}</td>
        <td><span class="state ${a.state}">${t(`alarm.state.${a.state}`)}</span></td>
        <td>
          ${
            canAck
              ? html`<button
                  type="button"
                  class="secondary"
                  data-action="ack"
                  @click=${(e: Event) => {
                    e.stopPropagation();
                    this._acking = a.id;
                  }}
                >
                  ${t('alarm.ack')}
                </button>`
              : nothing
          }
        </td>
      </tr>
      ${
        this._acking === a.id
          ? html`<tr class="detail">
              <td colspan="6">
                <form @submit=${(e: SubmitEvent) => this._onAck(e, a)}>
                  <textarea name="comment" required maxlength="1000" placeholder=${t('alarm.ackComment')}></textarea>
                  <button type="submit">${t('alarm.ackConfirm')}</button>
                  <button type="button" class="secondary" @click=${() => (this._acking = undefined)}>
                    ${t('device.close')}
                  </button>
                </form>
                ${this._error ? html`<hcpv-error-message .error=${this._error}></hcpv-error-message>` : nothing}
              </td>
            </tr>`
          : nothing
      }
      ${
        open
          ? html`<tr class="detail">
              <td colspan="6">
                <strong>${t('alarm.history')}</strong>
                <ol>
                  ${(this._history.value?.history ?? []).map(
                    (h) =>
                      html`<li>
                        ${formatDateTime(h.at)} ·
                        ${t(`alarm.event.${h.event}`)}${h.actor ? ` · ${h.actor}` : ''}${h.comment ? html` — <em>${h.comment}</em>` : nothing}
                      </li>`,
                  )}
                </ol>
              </td>
            </tr>`
          : nothing
      }`;
  }

  override render() {
    const names = this._names.value ?? new Map<string, string>();
    return html`<div class="bar">
        <label
          ><input
            type="checkbox"
            .checked=${this._all}
            @change=${(e: Event) => (this._all = e.target instanceof HTMLInputElement && e.target.checked)}
          />
          ${t('alarm.showCleared')}</label
        >
      </div>
      ${this._alarms.render({
        initial: () => html`<p class="muted">${t('common.loading')}</p>`,
        pending: () =>
          this._alarms.value
            ? this._table(this._alarms.value, names)
            : html`<p class="muted">${t('common.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('common.error')}></hcpv-error-message>`,
        complete: (alarms) => this._table(alarms, names),
      })}`;
  }

  private _table(alarms: readonly Alarm[], names: ReadonlyMap<string, string>) {
    if (alarms.length === 0) return html`<div class="table"><p class="empty">${t('alarm.none')}</p></div>`;
    return html`<div class="table">
      <table data-testid="alarms">
        <thead>
          <tr>
            <th>${t('alarm.severity')}</th>
            <th>${t('alarm.what')}</th>
            ${this.orgId ? nothing : html`<th>${t('overview.col.name')}</th>`}
            <th>${t('alarm.raised')}</th>
            <th>${t('alarm.state')}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${alarms.map((a) => this._row(a, names))}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-alarms': HcpvFacilityAlarms;
  }
}
