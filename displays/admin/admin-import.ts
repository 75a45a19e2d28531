import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { apiGet, apiSend } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import {
  IMPORT_MODES,
  importJobSchema,
  type ImportJob,
  type ImportMode,
} from '../../server/procedures/procedures.schemas.js';
import { canAt, type Me } from './lib/access.js';
import { isFinished, jobPercent, pollDelayMs } from './lib/import-progress.js';
import { sleep } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';
import '../shared/elements/progress-bar.js';

interface ImportFile {
  name: string;
  format: 'csv' | 'json';
  content: string;
}

/**
 * The import wizard: choose a portal export → dry run with the report of bad rows → apply,
 * with a progress bar fed by polling the job.
 */
@customElement('hcpv-admin-import')
export class HcpvAdminImport extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _file: ImportFile | null = null;
  @state() private _orgId = '';
  @state() private _mode: ImportMode = 'all-or-nothing';
  /** The latest state of the running or finished job. */
  @state() private _job: ImportJob | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  private _units = new Task(this, {
    task: async (_args, { signal }) => (await apiGet('/org/units', unitListSchema, { signal })).items,
    args: () => [],
  });

  private _run = new Task(this, {
    autoRun: false,
    task: async ([dryRun]: [boolean], { signal }) => {
      const file = this._file;
      if (!file) throw new Error(t('imp.noFile'));
      const body = { orgId: this._orgId, format: file.format, content: file.content, mode: this._mode, dryRun };
      let job = await apiSend('POST', '/procedures/imports', body, importJobSchema, { signal });
      this._job = job;
      for (let i = 0; !isFinished(job); i++) {
        await sleep(pollDelayMs(i), signal);
        job = await apiGet(`/procedures/imports/${job.id}`, importJobSchema, { signal });
        this._job = job;
      }
      return job;
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      ol.steps {
        display: flex;
        gap: 1.5rem;
        list-style: none;
        padding: 0;
        margin: 0 0 1rem;
        color: var(--hcpv-muted);
      }
      ol.steps li[aria-current='step'] {
        color: var(--hcpv-primary);
        font-weight: 700;
      }
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: 1rem;
        align-items: end;
      }
      fieldset {
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        grid-column: 1 / -1;
        display: flex;
        gap: 1.5rem;
      }
      fieldset label {
        flex-direction: row;
        align-items: center;
        font-weight: 400;
      }
      .actions {
        grid-column: 1 / -1;
        display: flex;
        gap: 0.75rem;
      }
      .report {
        margin-top: 1.25rem;
      }
      .summary {
        font-weight: 600;
      }
    `,
  ];

  override updated(): void {
    const units = this._units.value;
    if (!this._orgId && units && this.me) {
      const me = this.me;
      const pathOf = (id: string) => units.find((u) => u.id === id)?.path;
      const first = units.find((u) => canAt(me.grants, 'procedure.edit', u.path, pathOf));
      if (first) this._orgId = first.id;
    }
  }

  private async _onFile(e: Event): Promise<void> {
    const input = e.target;
    const f = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    this._job = null;
    if (!f) {
      this._file = null;
      return;
    }
    const content = await f.text();
    this._file = { name: f.name, format: /\.json$/i.test(f.name) ? 'json' : 'csv', content };
  }

  private _onForm(e: Event): void {
    const el = e.target;
    if (el instanceof HTMLSelectElement && el.name === 'orgId') this._orgId = el.value;
    if (el instanceof HTMLInputElement && el.name === 'mode') {
      const m = IMPORT_MODES.find((x) => x === el.value);
      if (m) this._mode = m;
    }
  }

  private _onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const apply = e.submitter instanceof HTMLButtonElement && e.submitter.value === 'apply';
    void this._run.run([!apply]);
  }

  private _step(): 1 | 2 | 3 {
    const j = this._job;
    if (!j) return 1;
    return j.dryRun ? 2 : 3;
  }

  private _report(job: ImportJob) {
    const blocked = job.dryRun && job.badRows > 0 && job.mode === 'all-or-nothing';
    return html`<section class="report card" aria-live="polite">
      <hcpv-progress-bar
        .value=${jobPercent(job)}
        .max=${100}
        label=${t('imp.progress')}
        detail=${`${t(`imp.state.${job.state}`)} · ${jobPercent(job)} %`}
      ></hcpv-progress-bar>
      ${job.error ? html`<hcpv-error-message .error=${new Error(job.error.message)} heading=${job.error.code}></hcpv-error-message>` : nothing}
      ${
        isFinished(job) && !job.error
          ? html`<p class="summary">
                ${t('imp.summary', { good: job.goodRows, bad: job.badRows, total: job.total ?? 0 })}
              </p>
              <p class=${job.applied ? 'ok' : 'muted'}>
                ${job.applied ? t('imp.result', { created: job.created, updated: job.updated, unchanged: job.unchanged }) : t('imp.notApplied')}
              </p>
              ${blocked ? html`<p class="error">${t('imp.blocked')}</p>` : nothing}`
          : nothing
      }
      ${
        job.problems.length
          ? html`<h2>${t('imp.badRows')} (${job.problems.length})</h2>
              <table aria-label=${t('imp.badRows')}>
                <thead>
                  <tr>
                    <th class="num">${t('imp.line')}</th>
                    <th>${t('imp.code')}</th>
                    <th>${t('imp.column')}</th>
                    <th>${t('imp.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${job.problems.map(
                    (p) =>
                      html`<tr>
                        <td class="num">${p.line}</td>
                        <td>${p.code ?? ''}</td>
                        <td><code>${p.column}</code></td>
                        <td>${p.reason}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : nothing
      }
    </section>`;
  }

  override render() {
    const step = this._step();
    const pending = this._run.status === TaskStatus.PENDING;
    const units = this._units.value ?? [];
    const me = this.me;
    const pathOf = (id: string) => units.find((u) => u.id === id)?.path;
    const editable = me ? units.filter((u) => canAt(me.grants, 'procedure.edit', u.path, pathOf)) : [];
    const job = this._job;
    const dryDone =
      job?.dryRun === true && isFinished(job) && !job.error && !(job.badRows > 0 && job.mode === 'all-or-nothing');
    return html`<h1>${t('imp.title')}</h1>
      <ol class="steps">
        ${([1, 2, 3] as const).map((n) => html`<li aria-current=${step === n ? 'step' : 'false'}>${t(`imp.step${n}`)}</li>`)}
      </ol>
      <form
        class="card"
        @submit=${(e: SubmitEvent) => this._onSubmit(e)}
        @change=${(e: Event) => this._onForm(e)}
        aria-label=${t('imp.title')}
      >
        <label
          >${t('imp.unit')}
          <select name="orgId">
            ${editable.map((u) => html`<option value=${u.id} ?selected=${u.id === this._orgId}>${u.name}</option>`)}
          </select>
        </label>
        <label
          >${t('imp.file')}
          <input
            name="file"
            type="file"
            accept=".csv,.json,text/csv,application/json"
            required
            @change=${(e: Event) => this._onFile(e)}
          />
        </label>
        <fieldset>
          <legend>${t('imp.mode')}</legend>
          ${IMPORT_MODES.map(
            (m) =>
              html`<label
                ><input type="radio" name="mode" value=${m} ?checked=${this._mode === m} /> ${t(`imp.mode.${m}`)}</label
              >`,
          )}
        </fieldset>
        <div class="actions">
          <button type="submit" value="dry-run" class=${dryDone ? 'secondary' : ''} ?disabled=${pending || !this._file}>
            ${t('imp.check')}
          </button>
          <button type="submit" value="apply" class=${dryDone ? '' : 'secondary'} ?disabled=${pending || !dryDone}>
            ${t('imp.apply')}
          </button>
        </div>
      </form>
      ${
        this._run.status === TaskStatus.ERROR
          ? html`<hcpv-error-message .error=${this._run.error} heading=${t('error.title')}></hcpv-error-message>`
          : nothing
      }
      ${this._job ? this._report(this._job) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-import': HcpvAdminImport;
  }
}
