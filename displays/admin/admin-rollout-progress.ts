import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { z } from 'zod';
import { apiSend } from '../shared/api.js';
import { formatDateTime, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { progressSchema, rolloutSchema } from '../../server/rollouts/rollouts.schemas.js';
import type { fleetEntrySchema } from '../../server/screens/screens.schemas.js';
import { ackedPercent, laggards } from './lib/rollout-view.js';
import { openModal } from './lib/dialog.js';
import { dialogStyles, pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';
import '../shared/elements/progress-bar.js';

export const rolloutDetailSchema = z.object({ rollout: rolloutSchema, progress: progressSchema });
export type RolloutDetail = z.infer<typeof rolloutDetailSchema>;
type FleetEntry = z.infer<typeof fleetEntrySchema>;

/**
 * A followed rollout: live progress bar (acked / targeted) with delivered, waiting, failed and
 * offline counts, the screens that failed or lag behind, and rollback behind a confirmation.
 * Fires `hcpv-rolled-back` once the server accepted a rollback.
 */
@customElement('hcpv-admin-rollout-progress')
export class HcpvAdminRolloutProgress extends LitElement {
  /** The rollout and its latest progress. */
  @property({ attribute: false }) detail: RolloutDetail | null = null;
  /** Screens the rollout targets (for the laggards). */
  @property({ attribute: false }) fleet: readonly FleetEntry[] = [];
  /** Display names of units and screens by id. */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  @query('dialog') private _dialog!: HTMLDialogElement;
  @query('dialog button.secondary') private _cancel!: HTMLButtonElement;

  constructor() {
    super();
    new LangController(this);
  }

  private _rollback = new Task(this, {
    autoRun: false,
    task: async ([id]: [string], { signal }) => {
      await apiSend('POST', `/rollouts/${id}/rollback`, undefined, rolloutSchema, { signal });
      this.dispatchEvent(new CustomEvent('hcpv-rolled-back', { detail: id, bubbles: true, composed: true }));
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    dialogStyles,
    css`
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
      section:focus-visible {
        outline: 3px solid var(--hcpv-accent);
        outline-offset: 2px;
      }
      .status[data-status='completed'] {
        color: var(--hcpv-ok);
      }
      .status[data-status='halted'] {
        color: var(--hcpv-danger);
      }
    `,
  ];

  /** Put keyboard focus on the progress (a rollout just started). */
  async focusProgress(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('section')?.focus();
  }

  private _onConfirmed(): void {
    this._dialog.close();
    if (this.detail) void this._rollback.run([this.detail.rollout.id]);
  }

  private _laggards(d: RolloutDetail) {
    const lag = d.progress.status === 'rolled-back' ? [] : laggards(this.fleet, d.rollout.releaseId);
    if (!lag.length) return nothing;
    return html`<h2>${t('ro.laggards')} (${lag.length})</h2>
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
                <td>${this.names.get(e.screen.siteId) ?? e.screen.siteId}</td>
                <td class=${e.online ? 'ok' : 'error'}>${e.online ? t('fleet.yes') : t('fleet.no')}</td>
                <td>${e.screen.lastSeen ? formatDateTime(e.screen.lastSeen) : '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  override render() {
    const d = this.detail;
    if (!d) return nothing;
    const p = d.progress;
    const names = this.names;
    return html`<section class="card" tabindex="-1" aria-labelledby="progress-h" data-rollout=${d.rollout.id}>
        <h2 id="progress-h" style="margin-top:0" aria-live="polite">
          ${t('ro.progress')} · <span class="status" data-status=${p.status}>${t(`ro.status.${p.status}`)}</span>
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
        ${this._laggards(d)}
        ${
          p.status !== 'rolled-back'
            ? html`<p>
                <button class="danger" @click=${() => openModal(this._dialog, this._cancel)}>
                  ${t('ro.rollback')}
                </button>
              </p>`
            : nothing
        }
        ${this._rollback.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._rollback.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
      </section>
      <dialog aria-labelledby="rb-title" aria-describedby="rb-text">
        <h2 id="rb-title">${t('ro.rollbackTitle')}</h2>
        <p id="rb-text">${t('ro.rollbackText', { n: p.targeted })}</p>
        <div class="buttons">
          <button class="secondary" @click=${() => this._dialog.close()}>${t('ro.cancel')}</button>
          <button class="danger" @click=${() => this._onConfirmed()}>${t('ro.rollbackConfirm')}</button>
        </div>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-rollout-progress': HcpvAdminRolloutProgress;
  }
}
