import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { z } from 'zod';
import { apiGet, apiSend } from '../shared/api.js';
import { formatDateTime, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { releaseSummarySchema } from '../../server/brand/brand.schemas.js';
import {
  createRolloutSchema,
  progressSchema,
  rolloutSchema,
  type RolloutStatus,
} from '../../server/rollouts/rollouts.schemas.js';
import { fleetEntrySchema } from '../../server/screens/screens.schemas.js';
import { canAt, type Me } from './lib/access.js';
import { ackedPercent, isRolloutFinished, laggards, parseTags } from './lib/rollout-view.js';
import { formText, sleep } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';
import '../shared/elements/progress-bar.js';

const releasesSchema = z.object({ items: z.array(releaseSummarySchema) });
const fleetSchema = z.object({ items: z.array(fleetEntrySchema) });
const detailSchema = z.object({ rollout: rolloutSchema, progress: progressSchema });
type Detail = z.infer<typeof detailSchema>;

/** Roll a brand release out to a subtree (and tags), optionally canary first; follow it live; roll back. */
@customElement('hcpv-admin-rollouts')
export class HcpvAdminRollouts extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _orgId = '';
  @state() private _rolloutId: string | null = null;
  /** Latest progress of the followed rollout (updated while it runs). */
  @state() private _detail: Detail | null = null;
  @query('dialog') private _dialog!: HTMLDialogElement;

  constructor() {
    super();
    new LangController(this);
  }

  private _data = new Task(this, {
    task: async (_args, { signal }) => {
      const units = (await apiGet('/org/units', unitListSchema, { signal })).items;
      const city = units.find((u) => u.kind === 'city');
      const releases = city
        ? (await apiGet(`/brand/cities/${city.id}/releases`, releasesSchema, { signal })).items
        : [];
      const me = this.me;
      const pathOf = (id: string) => units.find((u) => u.id === id)?.path;
      const targets = me ? units.filter((u) => canAt(me.grants, 'rollout.manage', u.path, pathOf)) : [];
      if (!this._orgId) this._orgId = targets.find((u) => u.kind === 'branch')?.id ?? targets[0]?.id ?? '';
      return { units, releases, targets };
    },
    args: () => [],
  });

  /** Screens of the chosen subtree, for the canary choice and the laggards. */
  private _fleet = new Task(this, {
    task: async ([orgId], { signal }) =>
      orgId ? (await apiGet('/screens', fleetSchema, { signal, query: { under: orgId } })).items : [],
    args: () => [this._orgId] as const,
  });

  /** Follows a rollout until it finishes, refreshing progress and the fleet. */
  private _follow = new Task(this, {
    task: async ([id], { signal }) => {
      if (!id) return null;
      for (;;) {
        const d = await apiGet(`/rollouts/${id}`, detailSchema, { signal });
        this._detail = d;
        void this._fleet.run();
        if (isRolloutFinished(d.progress)) return d;
        await sleep(400, signal);
      }
    },
    args: () => [this._rolloutId] as const,
  });

  private _start = new Task(this, {
    autoRun: false,
    task: async ([body]: [unknown], { signal }) => {
      const r = await apiSend('POST', '/rollouts', createRolloutSchema.parse(body), rolloutSchema, { signal });
      this._detail = null;
      this._rolloutId = r.id;
      return r;
    },
  });

  private _rollback = new Task(this, {
    autoRun: false,
    task: async ([id]: [string], { signal }) => {
      await apiSend('POST', `/rollouts/${id}/rollback`, undefined, rolloutSchema, { signal });
      void this._follow.run();
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
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
      section.card {
        margin-top: 1rem;
      }
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: 1.5rem;
        margin: 0.75rem 0 0;
        padding: 0;
        list-style: none;
      }
      .counts b {
        font-size: 1.25rem;
        font-variant-numeric: tabular-nums;
        display: block;
      }
      .status {
        font-weight: 700;
        text-transform: uppercase;
        font-size: 0.85rem;
        letter-spacing: 0.04em;
      }
      dialog {
        border: none;
        border-top: 6px solid var(--hcpv-danger);
        border-radius: var(--hcpv-radius);
        padding: 1.5rem;
        max-width: 30rem;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.4);
      }
      .buttons {
        display: flex;
        justify-content: flex-end;
        gap: 0.75rem;
      }
    `,
  ];

  private _onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const d = new FormData(form);
    const tags = parseTags(formText(d, 'tags'));
    const canary = formText(d, 'canary');
    void this._start.run([
      {
        releaseId: formText(d, 'releaseId'),
        target: { orgId: this._orgId, ...(tags.length ? { tags } : {}) },
        ...(canary ? { canary: [canary] } : {}),
      },
    ]);
  }

  private _onUnit(e: Event): void {
    if (e.target instanceof HTMLSelectElement) this._orgId = e.target.value;
  }

  private _onRollbackConfirmed(): void {
    this._dialog.close();
    if (this._rolloutId) void this._rollback.run([this._rolloutId]);
  }

  private _statusLabel(s: RolloutStatus): string {
    return t(`ro.status.${s}`);
  }

  private _progress(d: Detail, names: ReadonlyMap<string, string>) {
    const p = d.progress;
    const fleet = this._fleet.value ?? [];
    const lag = p.status === 'rolled-back' ? [] : laggards(fleet, d.rollout.releaseId);
    return html`<section class="card" aria-live="polite" data-rollout=${d.rollout.id}>
      <h2 style="margin-top:0">
        ${t('ro.progress')} · <span class="status" data-status=${p.status}>${this._statusLabel(p.status)}</span>
      </h2>
      <hcpv-progress-bar
        .value=${p.acked}
        .max=${p.targeted}
        label=${t('ro.progress')}
        detail=${`${p.acked}/${p.targeted} · ${ackedPercent(p)} %`}
      ></hcpv-progress-bar>
      <ul class="counts">
        ${(['acked', 'delivered', 'waiting', 'failed', 'offline'] as const).map(
          (k) =>
            html`<li data-count=${k}>
              <b class=${k === 'failed' && p.failed > 0 ? 'error' : ''}>${p[k]}</b>${t(`ro.count.${k}`)}
            </li>`,
        )}
      </ul>
      ${d.rollout.canary.length ? html`<p class="muted">${t('ro.canaryWas', { names: d.rollout.canary.map((id) => names.get(id) ?? id).join(', ') })}</p>` : nothing}
      ${
        p.failures.length
          ? html`<h2>${t('ro.failures')}</h2>
              <ul>
                ${p.failures.map((f) => html`<li class="error">${names.get(f.screenId) ?? f.screenId}: ${f.error ?? ''}</li>`)}
              </ul>`
          : nothing
      }
      ${
        lag.length
          ? html`<h2>${t('ro.laggards')} (${lag.length})</h2>
              <table aria-label=${t('ro.laggards')}>
                <thead>
                  <tr>
                    <th>${t('fleet.screen')}</th>
                    <th>${t('fleet.site')}</th>
                    <th>${t('fleet.online')}</th>
                    <th>${t('fleet.lastSeen')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${lag.map(
                    (e) =>
                      html`<tr>
                        <td>${e.screen.name}</td>
                        <td>${names.get(e.screen.siteId) ?? e.screen.siteId}</td>
                        <td class=${e.online ? 'ok' : 'error'}>${e.online ? t('fleet.yes') : t('fleet.no')}</td>
                        <td>${e.screen.lastSeen ? formatDateTime(e.screen.lastSeen) : '—'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : nothing
      }
      ${
        p.status !== 'rolled-back'
          ? html`<p><button class="danger" @click=${() => this._dialog.showModal()}>${t('ro.rollback')}</button></p>`
          : nothing
      }
      ${this._rollback.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._rollback.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
    </section>`;
  }

  override render() {
    return html`<h1>${t('ro.title')}</h1>
      ${this._data.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: ({ units, releases, targets }) => {
          const names = new Map<string, string>([
            ...units.map((u): [string, string] => [u.id, u.shortName ?? u.name]),
            ...(this._fleet.value ?? []).map((e): [string, string] => [e.screen.id, e.screen.name]),
          ]);
          const depth = (path: string) => path.split('/').filter(Boolean).length - 1;
          const screens = (this._fleet.value ?? []).filter((e) => e.screen.status === 'active');
          return html`<form class="card" @submit=${(e: SubmitEvent) => this._onSubmit(e)} aria-label=${t('ro.new')}>
              <label
                >${t('ro.release')}
                <select name="releaseId" required>
                  ${releases.map((r) => html`<option value=${r.id}>${r.note ?? r.id} · ${formatDateTime(r.createdAt)}</option>`)}
                </select>
              </label>
              <label
                >${t('ro.target')}
                <select name="orgId" @change=${(e: Event) => this._onUnit(e)}>
                  ${targets.map((u) => html`<option value=${u.id} ?selected=${u.id === this._orgId}>${'\u2003'.repeat(Math.max(0, depth(u.path)))}${u.shortName ?? u.name}</option>`)}
                </select>
              </label>
              <label>${t('ro.tags')}<input name="tags" placeholder="lobby, counter" /></label>
              <label
                >${t('ro.canary')}
                <select name="canary">
                  <option value="">${t('ro.noCanary')}</option>
                  ${screens.map((e) => html`<option value=${e.screen.id}>${e.screen.name} (${names.get(e.screen.siteId) ?? e.screen.siteId})</option>`)}
                </select>
                <span class="hint">${t('ro.screensIn', { n: screens.length })}</span>
              </label>
              <div class="actions">
                ${this._start.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._start.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
                <button type="submit" ?disabled=${this._start.status === TaskStatus.PENDING || releases.length === 0}>
                  ${t('ro.start')}
                </button>
              </div>
            </form>
            ${this._detail ? this._progress(this._detail, names) : nothing}
            ${this._follow.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._follow.error}></hcpv-error-message>` : nothing}
            <dialog aria-labelledby="rb-title">
              <h2 id="rb-title">${t('ro.rollbackTitle')}</h2>
              <p>${t('ro.rollbackText', { n: this._detail?.progress.targeted ?? 0 })}</p>
              <div class="buttons">
                <button class="secondary" @click=${() => this._dialog.close()}>${t('alerts.cancel')}</button>
                <button class="danger" @click=${() => this._onRollbackConfirmed()}>${t('ro.rollbackConfirm')}</button>
              </div>
            </dialog>`;
        },
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-rollouts': HcpvAdminRollouts;
  }
}
