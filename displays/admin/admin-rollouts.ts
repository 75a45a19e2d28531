import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { z } from 'zod';
import { apiGet, apiSend } from '../shared/api.js';
import { formatDateTime, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { releaseSummarySchema } from '../../server/brand/brand.schemas.js';
import { createRolloutSchema, rolloutSchema, targetPreviewSchema } from '../../server/rollouts/rollouts.schemas.js';
import { fleetEntrySchema } from '../../server/screens/screens.schemas.js';
import type { OrgUnit } from '../../server/org/org.schemas.js';
import { canAt, type Me } from './lib/access.js';
import { inTarget, isRolloutFinished, type TargetLike } from './lib/rollout-view.js';
import { UnitIndex, coverOf, targetOf } from './lib/unit-selection.js';
import { openModal } from './lib/dialog.js';
import { sleep } from './lib/form.js';
import { dialogStyles, pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import { rolloutDetailSchema, type RolloutDetail } from './admin-rollout-progress.js';
import '../shared/elements/error-message.js';
import './admin-rollout-progress.js';
import './admin-unit-tree.js';

const releasesSchema = z.object({ items: z.array(releaseSummarySchema) });
const fleetSchema = z.object({ items: z.array(fleetEntrySchema) });
type Release = z.infer<typeof releaseSummarySchema>;

/**
 * Roll a brand release out to units chosen in a tree of checkboxes (and tags on their screens),
 * optionally canary first, after a confirmation that says how many screens it reaches; then
 * follow it live and roll it back if need be.
 */
@customElement('hcpv-admin-rollouts')
export class HcpvAdminRollouts extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _checked: ReadonlySet<string> = new Set();
  @state() private _tags: readonly string[] = [];
  @state() private _releaseId = '';
  @state() private _canary = '';
  @state() private _rolloutId: string | null = null;
  /** Latest progress of the followed rollout (updated while it runs). */
  @state() private _detail: RolloutDetail | null = null;
  @query('dialog') private _confirm!: HTMLDialogElement;
  @query('dialog button.primary') private _confirmButton!: HTMLButtonElement;
  private _index = new UnitIndex<OrgUnit>([]);
  /** A rollout was just started: focus its progress once shown. */
  private _focusProgress = false;

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
      this._index = new UnitIndex(targets);
      if (!this._releaseId) this._releaseId = releases[0]?.id ?? '';
      return { units, releases, targets };
    },
    args: () => [],
  });

  /** The target the current choice makes (null: nothing chosen, or no common root). */
  private get _target(): TargetLike | null {
    return targetOf(this._index, this._checked, this._tags);
  }

  /** The server's count of what the choice reaches, and the tags on the chosen units' screens. */
  private _preview = new Task(this, {
    task: async ([key], { signal }) => {
      const target = this._target;
      if (!key || !target) return null;
      await sleep(150, signal);
      return apiSend('POST', '/rollouts/preview', { target }, targetPreviewSchema, { signal });
    },
    args: () => [JSON.stringify(this._target ?? '')] as const,
  });

  /** Screens under the chosen root (canary choice) or the followed rollout's root (laggards). */
  private _fleet = new Task(this, {
    task: async ([root], { signal }) =>
      root ? (await apiGet('/screens', fleetSchema, { signal, query: { under: root } })).items : [],
    args: () => [this._detail?.rollout.orgId ?? this._target?.orgId ?? ''] as const,
  });

  /** Follows a rollout until it finishes, refreshing progress and the fleet. */
  private _follow = new Task(this, {
    task: async ([id], { signal }) => {
      if (!id) return null;
      for (;;) {
        const d = await apiGet(`/rollouts/${id}`, rolloutDetailSchema, { signal });
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
      this._focusProgress = true;
      return r;
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    dialogStyles,
    css`
      dialog {
        --dialog-accent: var(--hcpv-primary);
      }
      form {
        display: grid;
        grid-template-columns: minmax(18rem, 26rem) 1fr;
        gap: 1.25rem;
        align-items: start;
      }
      fieldset {
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 0.75rem 1rem;
        margin: 0;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .tree {
        max-height: 26rem;
        overflow: auto;
        margin: 0.5rem -0.5rem 0;
        padding: 0 0.5rem;
      }
      .side {
        display: grid;
        gap: 1rem;
      }
      .tags {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        margin-top: 0.25rem;
      }
      .tags label {
        flex-direction: row;
        align-items: center;
        gap: 0.35rem;
        font-weight: 400;
      }
      .summary {
        font-weight: 600;
        margin: 0;
      }
      .summary[aria-busy='true'] {
        opacity: 0.6;
      }
      .chosen {
        margin: 0.5rem 0 0;
      }
      section.card {
        margin-top: 1rem;
      }
      hcpv-admin-rollout-progress {
        margin-top: 1rem;
      }
      dialog ul {
        padding-left: 1.2rem;
      }
    `,
  ];

  protected override updated(): void {
    const progress = this.renderRoot.querySelector('hcpv-admin-rollout-progress');
    if (this._focusProgress && progress) {
      this._focusProgress = false;
      void progress.focusProgress();
    }
  }

  private _onUnits(e: CustomEvent<ReadonlySet<string>>): void {
    this._checked = e.detail;
    this._canary = '';
  }

  private _onTag(tag: string, on: boolean): void {
    const rest = this._tags.filter((x) => x !== tag);
    this._tags = on ? [...rest, tag].sort() : rest;
    this._canary = '';
  }

  private _onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this._target && this._preview.status === TaskStatus.COMPLETE && (this._preview.value?.targeted ?? 0) > 0)
      openModal(this._confirm, this._confirmButton);
  }

  private _onConfirmed(): void {
    const target = this._target;
    this._confirm.close();
    if (!target) return;
    void this._start.run([{ releaseId: this._releaseId, target, ...(this._canary ? { canary: [this._canary] } : {}) }]);
  }

  private _releaseLabel(r: Release): string {
    return `${r.note ?? r.id} · ${formatDateTime(r.createdAt)}`;
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
          return html`${this._form(releases, targets, names)}
          ${
            this._detail
              ? html`<hcpv-admin-rollout-progress
                  .detail=${this._detail}
                  .fleet=${this._followedFleet(units)}
                  .names=${names}
                  @hcpv-rolled-back=${() => void this._follow.run()}
                ></hcpv-admin-rollout-progress>`
              : nothing
          }
          ${this._follow.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._follow.error}></hcpv-error-message>` : nothing}
          ${this._confirmDialog(releases, names)}`;
        },
      })}`;
  }

  /** The fleet entries the followed rollout targets. */
  private _followedFleet(units: readonly OrgUnit[]) {
    const d = this._detail;
    if (!d) return [];
    const paths = new Map(units.map((u) => [u.id, u.path]));
    return inTarget(this._fleet.value ?? [], (id) => paths.get(id), d.rollout.target);
  }

  private _form(releases: readonly Release[], targets: readonly OrgUnit[], names: ReadonlyMap<string, string>) {
    const target = this._target;
    const cover = coverOf(this._index, this._checked);
    const preview = target ? this._preview.value : null;
    const counting = this._preview.status === TaskStatus.PENDING;
    const paths = new Map(targets.map((u) => [u.id, u.path]));
    const canaries = target
      ? inTarget(this._fleet.value ?? [], (id) => paths.get(id), target).filter((e) => e.screen.status === 'active')
      : [];
    const tagChoices = [
      ...(preview?.tags ?? []),
      ...this._tags.filter((x) => !preview?.tags.some((p) => p.tag === x)).map((tag) => ({ tag, screens: 0 })),
    ];
    return html`<form class="card" @submit=${(e: SubmitEvent) => this._onSubmit(e)} aria-label=${t('ro.new')}>
      <fieldset>
        <legend>${t('ro.target')}</legend>
        <div class="tree">
          <hcpv-admin-unit-tree
            .units=${targets}
            .checked=${this._checked}
            label=${t('ro.target')}
            hint=${t('ro.targetHint')}
            @hcpv-units-change=${(e: CustomEvent<ReadonlySet<string>>) => this._onUnits(e)}
          ></hcpv-admin-unit-tree>
        </div>
        <p class="chosen hint">
          ${cover.length ? t('ro.chosen', { names: cover.map((u) => names.get(u.id) ?? u.id).join(', ') }) : t('ro.chosenNone')}
        </p>
        ${cover.length && !target ? html`<p class="error" role="alert">${t('ro.noRoot')}</p>` : nothing}
      </fieldset>
      <div class="side">
        <label
          >${t('ro.release')}
          <select
            name="releaseId"
            required
            @change=${(e: Event) => e.target instanceof HTMLSelectElement && (this._releaseId = e.target.value)}
          >
            ${releases.map((r) => html`<option value=${r.id} ?selected=${r.id === this._releaseId}>${this._releaseLabel(r)}</option>`)}
          </select>
        </label>
        <fieldset>
          <legend>${t('ro.tags')}</legend>
          ${
            tagChoices.length
              ? html`<div class="tags">
                    ${tagChoices.map(
                      (c) =>
                        html`<label
                          ><input
                            type="checkbox"
                            name="tag"
                            value=${c.tag}
                            .checked=${this._tags.includes(c.tag)}
                            @change=${(e: Event) => e.target instanceof HTMLInputElement && this._onTag(c.tag, e.target.checked)}
                          />${t('ro.tagCount', { tag: c.tag, n: c.screens })}</label
                        >`,
                    )}
                  </div>
                  <span class="hint">${t('ro.tagsHint')}</span>`
              : html`<span class="hint">${t('ro.tagsNone')}</span>`
          }
        </fieldset>
        <label
          >${t('ro.canary')}
          <select
            name="canary"
            @change=${(e: Event) => e.target instanceof HTMLSelectElement && (this._canary = e.target.value)}
          >
            <option value="" ?selected=${this._canary === ''}>${t('ro.noCanary')}</option>
            ${canaries.map((e) => html`<option value=${e.screen.id} ?selected=${e.screen.id === this._canary}>${e.screen.name} (${names.get(e.screen.siteId) ?? e.screen.siteId})</option>`)}
          </select>
        </label>
        <p
          class="summary"
          role="status"
          aria-busy=${counting ? 'true' : 'false'}
          data-targeted=${preview?.targeted ?? ''}
        >
          ${
            !target
              ? t('ro.chosenNone')
              : preview
                ? t('ro.willTarget', { n: preview.targeted, sites: preview.sites })
                : t('ro.counting')
          }
        </p>
        ${this._preview.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._preview.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
        ${this._start.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._start.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
        <div>
          <button
            type="submit"
            ?disabled=${this._start.status === TaskStatus.PENDING || counting || releases.length === 0 || !target || !preview?.targeted}
          >
            ${t('ro.start')}
          </button>
        </div>
      </div>
    </form>`;
  }

  private _confirmDialog(releases: readonly Release[], names: ReadonlyMap<string, string>) {
    const target = this._target;
    const preview = this._preview.value;
    const release = releases.find((r) => r.id === this._releaseId);
    const cover = coverOf(this._index, this._checked);
    return html`<dialog aria-labelledby="confirm-title" aria-describedby="confirm-text">
      <h2 id="confirm-title">${t('ro.confirmTitle')}</h2>
      <p id="confirm-text">
        ${t('ro.confirmText', { release: release ? (release.note ?? release.id) : '', n: preview?.targeted ?? 0, sites: preview?.sites ?? 0 })}
      </p>
      <ul>
        <li>${t('ro.confirmUnits', { names: cover.map((u) => names.get(u.id) ?? u.id).join(', ') })}</li>
        ${target?.tags?.length ? html`<li>${t('ro.confirmTags', { tags: target.tags.join(', ') })}</li>` : nothing}
        ${this._canary ? html`<li>${t('ro.confirmCanary', { name: names.get(this._canary) ?? this._canary })}</li>` : nothing}
      </ul>
      <div class="buttons">
        <button type="button" class="secondary" @click=${() => this._confirm.close()}>${t('ro.cancel')}</button>
        <button type="button" class="primary" @click=${() => this._onConfirmed()}>${t('ro.confirmStart')}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-rollouts': HcpvAdminRollouts;
  }
}
