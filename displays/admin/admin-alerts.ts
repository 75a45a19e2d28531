import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { z } from 'zod';
import { apiGet, apiSend } from '../shared/api.js';
import { formatDateTime, lang, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { ALERT_KINDS, type AlertKind } from '../../config/alert-templates.js';
import {
  alertSchema,
  alertTemplateSchema,
  startAlertSchema,
  type StartAlert,
} from '../../server/alerts/alerts.schemas.js';
import { fleetEntrySchema } from '../../server/screens/screens.schemas.js';
import { canAt, type Me } from './lib/access.js';
import { takeOverOf, type TakeOver } from './lib/alert-scope.js';
import { formText } from './lib/form.js';
import { dialogStyles, pageStyles } from './admin-styles.js';
import { openModal } from './lib/dialog.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';

const alertListSchema = z.object({ items: z.array(alertSchema) });
const templateListSchema = z.object({ items: z.array(alertTemplateSchema) });
const fleetSchema = z.object({ items: z.array(fleetEntrySchema) });

interface Pending {
  request: StartAlert;
  unitName: string;
  takeOver: TakeOver;
}

/** Emergency alerts: start one from a template on a subtree (after a confirmation that counts the screens), and stop it. */
@customElement('hcpv-admin-alerts')
export class HcpvAdminAlerts extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _kind: AlertKind = 'evacuation';
  @state() private _pending: Pending | null = null;
  @query('dialog') private _dialog!: HTMLDialogElement;

  constructor() {
    super();
    new LangController(this);
  }

  private _data = new Task(this, {
    task: async (_args, { signal }) => {
      const [units, templates, alerts] = await Promise.all([
        apiGet('/org/units', unitListSchema, { signal }),
        apiGet('/alerts/templates', templateListSchema, { signal }),
        apiGet('/alerts', alertListSchema, { signal, query: { active: 'true' } }),
      ]);
      return { units: units.items, templates: templates.items, alerts: alerts.items };
    },
    args: () => [],
  });

  /** Count what the alert would take over, then ask. */
  private _prepare = new Task(this, {
    autoRun: false,
    task: async ([request, unitName]: [StartAlert, string], { signal }) => {
      const fleet = await apiGet('/screens', fleetSchema, { signal, query: { under: request.orgId } });
      this._pending = { request, unitName, takeOver: takeOverOf(fleet.items) };
      await this.updateComplete;
      openModal(this._dialog);
    },
  });

  private _start = new Task(this, {
    autoRun: false,
    task: async ([request]: [StartAlert], { signal }) => {
      await apiSend('POST', '/alerts', request, alertSchema, { signal });
      this._pending = null;
      void this._data.run();
    },
  });

  private _stop = new Task(this, {
    autoRun: false,
    task: async ([id]: [string], { signal }) => {
      await apiSend('POST', `/alerts/${id}/stop`, undefined, alertSchema, { signal });
      void this._data.run();
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    dialogStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
        gap: 1rem;
        align-items: end;
      }
      .actions {
        grid-column: 1 / -1;
      }
      .alert {
        border-left: 6px solid var(--hcpv-danger);
        display: flex;
        gap: 1rem;
        align-items: center;
        margin-bottom: 0.75rem;
      }
      .alert .text {
        flex: 1;
      }
      .alert strong {
        font-size: 1.05rem;
      }
      dialog .count {
        font-size: 1.15rem;
        font-weight: 700;
        color: var(--hcpv-danger);
      }
    `,
  ];

  private _onSubmit(e: SubmitEvent, units: readonly { id: string; name: string }[]): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const d = new FormData(form);
    const orgId = formText(d, 'orgId');
    const minutes = Number(d.get('duration') ?? '');
    const closeAt = formText(d, 'closeAt');
    const request = startAlertSchema.parse({
      orgId,
      kind: this._kind,
      ...(minutes > 0 ? { durationMinutes: minutes } : {}),
      ...(this._kind === 'closing-early' && closeAt ? { closeAt } : {}),
    });
    void this._prepare.run([request, units.find((u) => u.id === orgId)?.name ?? orgId]);
  }

  private _onKind(e: Event): void {
    const v = e.target instanceof HTMLSelectElement ? e.target.value : '';
    const k = ALERT_KINDS.find((x) => x === v);
    if (k) this._kind = k;
  }

  private _onConfirm(): void {
    const p = this._pending;
    this._dialog.close();
    if (p) void this._start.run([p.request]);
  }

  private _onCancel(): void {
    this._dialog.close();
    this._pending = null;
  }

  private _dialogContent() {
    const p = this._pending;
    if (!p) return nothing;
    return html`<h2 id="confirm-title">${t('alerts.confirmTitle')}</h2>
      <p class="count">${t('alerts.confirmCount', { screens: p.takeOver.screens, sites: p.takeOver.sites })}</p>
      <p>${t('alerts.confirmText', { unit: p.unitName })}</p>
      <div class="buttons">
        <button class="secondary" @click=${() => this._onCancel()}>${t('alerts.cancel')}</button>
        <button class="danger" @click=${() => this._onConfirm()}>${t('alerts.confirm')}</button>
      </div>`;
  }

  override render() {
    const me = this.me;
    return html`<h1>${t('alerts.title')}</h1>
      ${this._data.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: ({ units, templates, alerts }) => {
          const pathOf = (id: string) => units.find((u) => u.id === id)?.path;
          const manageable = me ? units.filter((u) => canAt(me.grants, 'alert.manage', u.path, pathOf)) : [];
          const en = lang() === 'en';
          const tpl = templates.find((x) => x.kind === this._kind);
          return html`<h2>${t('alerts.active')} (${alerts.length})</h2>
            ${alerts.length === 0 ? html`<p class="muted">${t('alerts.none')}</p>` : nothing}
            ${alerts.map(
              (a) =>
                html`<div class="card alert" data-alert=${a.id}>
                  <div class="text">
                    <strong>${(en && a.title.en) || a.title.vi}</strong>
                    <div class="muted">
                      ${units.find((u) => u.id === a.orgId)?.name ?? a.orgId} ·
                      ${t('alerts.since', { at: formatDateTime(a.startedAt) })} ·
                      ${t('alerts.until', { at: formatDateTime(a.plannedEndAt) })}
                    </div>
                  </div>
                  ${
                    me && canAt(me.grants, 'alert.manage', a.orgPath, pathOf)
                      ? html`<button class="danger" @click=${() => this._stop.run([a.id])}>${t('alerts.stop')}</button>`
                      : nothing
                  }
                </div>`,
            )}
            ${
              manageable.length
                ? html`<h2>${t('alerts.new')}</h2>
                    <form
                      class="card"
                      @submit=${(e: SubmitEvent) => this._onSubmit(e, units)}
                      aria-label=${t('alerts.new')}
                    >
                      <label
                        >${t('alerts.template')}
                        <select name="kind" @change=${(e: Event) => this._onKind(e)}>
                          ${templates.map((x) => html`<option value=${x.kind} ?selected=${x.kind === this._kind}>${(en && x.title.en) || x.title.vi}</option>`)}
                        </select>
                      </label>
                      <label
                        >${t('alerts.unit')}
                        <select name="orgId">
                          ${manageable.map((u) => html`<option value=${u.id}>${u.name}</option>`)}
                        </select>
                      </label>
                      <label
                        >${t('alerts.duration')}
                        <input
                          name="duration"
                          type="number"
                          min="1"
                          max="10080"
                          .value=${String(tpl?.defaultMinutes ?? 60)}
                        />
                      </label>
                      ${
                        this._kind === 'closing-early'
                          ? html`<label>${t('alerts.closeAt')}<input name="closeAt" type="time" required /></label>`
                          : nothing
                      }
                      <div class="actions">
                        ${[this._prepare, this._start, this._stop].map((task) =>
                          task.status === TaskStatus.ERROR
                            ? html`<hcpv-error-message
                                .error=${task.error}
                                heading=${t('error.title')}
                              ></hcpv-error-message>`
                            : nothing,
                        )}
                        <button type="submit" class="danger" ?disabled=${this._prepare.status === TaskStatus.PENDING}>
                          ${t('alerts.start')}
                        </button>
                      </div>
                    </form>`
                : nothing
            }`;
        },
      })}
      <dialog aria-labelledby="confirm-title" @cancel=${() => this._onCancel()}>${this._dialogContent()}</dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-alerts': HcpvAdminAlerts;
  }
}
