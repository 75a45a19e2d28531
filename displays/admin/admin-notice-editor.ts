import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { apiGet, apiSend } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { z } from 'zod';
import { noticeSchema, type Notice } from '../../server/notices/notices.schemas.js';
import { parseMarkup } from '../../server/text/rich-text.js';
import { canAt, type Me } from './lib/access.js';
import { draftFromNotice, draftToBody, emptyDraft, type BodyProblem, type NoticeDraft } from './lib/notice-form.js';
import { routeHref } from './lib/route.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';
import './admin-procedure-picker.js';
import './admin-rich-text.js';
import './admin-notice-target.js';
import './admin-notice-withdraw.js';
import type { TargetPatch } from './admin-notice-target.js';

const revisionsSchema = z.object({ items: z.array(noticeSchema) });

type TextField = 'title' | 'titleEn' | 'markup' | 'markupEn' | 'validFrom' | 'validTo' | 'dailyHours' | 'priority';
const TEXT_FIELDS: readonly TextField[] = [
  'title',
  'titleEn',
  'markup',
  'markupEn',
  'validFrom',
  'validTo',
  'dailyHours',
  'priority',
];

/**
 * Writes a notice: title, free text with a live preview, procedures, targeting and schedule; saves
 * the draft and submits it for review. A published notice is revised as a new revision.
 */
@customElement('hcpv-admin-notice-editor')
export class HcpvAdminNoticeEditor extends LitElement {
  @property({ attribute: false }) me: Me | null = null;
  /** The notice to edit; null writes a new one. */
  @property() noticeId: string | null = null;

  @state() private _draft: NoticeDraft | null = null;
  @state() private _notice: Notice | null = null;
  @state() private _busy = false;
  @state() private _error: unknown = null;
  @state() private _problems: BodyProblem[] = [];
  @state() private _done = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _load = new Task(this, {
    task: async ([id], { signal }) => {
      const units = (await apiGet('/org/units', unitListSchema, { signal })).items;
      const me = this.me;
      const pathOf = (uid: string) => units.find((u) => u.id === uid)?.path;
      const editable = units.filter((u) => me !== null && canAt(me.grants, 'notice.edit', u.path, pathOf));
      const revisions = id
        ? (await apiGet(`/notices/${encodeURIComponent(id)}/revisions`, revisionsSchema, { signal })).items
        : [];
      const notice = revisions.at(-1) ?? null;
      // The revision on the screens now, which may be withdrawn by whoever may publish in its unit.
      const live = revisions.find((r) => r.status === 'published') ?? null;
      const canWithdraw =
        live !== null && me !== null && canAt(me.grants, 'notice.publish', pathOf(live.target.orgId) ?? '', pathOf);
      // Keep "saved" / "submitted" when the load only follows our own save to the notice's URL.
      if (notice === null || notice.id !== this._notice?.id) this._done = '';
      this._notice = notice;
      const first = editable[0];
      this._draft = notice ? draftFromNotice(notice) : first ? emptyDraft(first.id, Date.now()) : null;
      this._error = null;
      this._problems = [];
      const knownTags = [...new Set(units.flatMap((u) => u.tags))].sort();
      // Someone who may read but not write here (an approver) sees the notice read-only, its unit named.
      const mayEdit = notice === null || editable.some((u) => u.id === notice.target.orgId);
      const own = notice ? units.find((u) => u.id === notice.target.orgId) : undefined;
      const choices = own && !mayEdit ? [own, ...editable] : editable;
      return { units: choices, mayEdit, knownTags, live: canWithdraw ? live : null };
    },
    args: () => [this.noticeId] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      form {
        display: grid;
        gap: 1rem;
      }
      .row {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 0.75rem;
      }
      .text {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 1rem;
      }
      textarea {
        min-height: 10rem;
        font: inherit;
      }
      .preview {
        border: 1px dashed var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 0.5rem 0.75rem;
        min-height: 8rem;
      }
      fieldset {
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 0.75rem 1rem;
        margin: 0;
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        align-items: center;
      }
      hcpv-admin-notice-withdraw {
        display: block;
        margin-bottom: 1rem;
      }
      .status-chip {
        font-size: 0.85rem;
        font-weight: 600;
      }
    `,
  ];

  private _set<K extends keyof NoticeDraft>(k: K, v: NoticeDraft[K]): void {
    if (this._draft) this._draft = { ...this._draft, [k]: v };
    this._done = '';
  }

  private _onInput(e: Event): void {
    const el = e.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement))
      return;
    const field = TEXT_FIELDS.find((f) => f === el.name);
    if (field) this._set(field, el.value);
  }

  private _onTarget(e: CustomEvent<TargetPatch>): void {
    if (this._draft) this._draft = { ...this._draft, ...e.detail };
    this._done = '';
  }

  /** Save (create, replace the draft, or open a revision), then submit when asked. */
  private async _save(submit: boolean): Promise<void> {
    const d = this._draft;
    if (!d || this._busy) return;
    const { body, problems } = draftToBody(d);
    this._problems = problems;
    this._error = null;
    if (problems.length) return;
    this._busy = true;
    try {
      const n = this._notice;
      let saved: Notice;
      if (!n) saved = await apiSend('POST', '/notices', body, noticeSchema);
      else if (n.status === 'draft') saved = await apiSend('PUT', `/notices/${n.id}`, body, noticeSchema);
      else saved = await apiSend('POST', `/notices/${n.id}/revisions`, body, noticeSchema);
      if (submit) saved = await apiSend('POST', `/notices/${saved.id}/submit`, {}, noticeSchema);
      this._notice = saved;
      this._done = submit ? t('editor.submitted') : t('editor.saved');
      if (!n || n.id !== saved.id) {
        // The URL names the notice from now on; the load it triggers finds what we just saved.
        location.hash = routeHref({ page: 'notices', view: 'edit', id: saved.id });
      }
    } catch (err) {
      this._error = err;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    return this._load.render({
      pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
      error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
      complete: ({ units, mayEdit, knownTags, live }) => {
        const d = this._draft;
        if (!d) return html`<p class="error">${t('editor.noUnit')}</p>`;
        return this._form(d, units, mayEdit, knownTags, live);
      },
    });
  }

  private _form(
    d: NoticeDraft,
    units: readonly { id: string; name: string }[],
    mayEdit: boolean,
    knownTags: readonly string[],
    live: Notice | null,
  ) {
    const n = this._notice;
    const status = n?.status ?? 'draft';
    const editable = mayEdit && (status === 'draft' || status === 'published' || status === 'expired');
    const revising = editable && (status === 'published' || status === 'expired');
    const preview = d.markup.trim() ? parseMarkup(d.markup) : null;
    return html`<h2 style="margin-top:0">
        ${n ? t('editor.editTitle', { rev: n.revision }) : t('editor.newTitle')}
        ${n ? html`<span class="chip status-chip" data-status=${n.status}>${t(`notice.status.${n.status}`)}</span>` : nothing}
      </h2>
      ${
        live
          ? html`<hcpv-admin-notice-withdraw
              .notice=${live}
              @hcpv-notice-withdrawn=${() => {
                this._done = t('withdraw.done');
                void this._load.run();
              }}
            ></hcpv-admin-notice-withdraw>`
          : nothing
      }
      ${n?.reviewComment ? html`<p class="card">${t('editor.comment', { comment: n.reviewComment })}</p>` : nothing}
      ${
        !mayEdit
          ? html`<p class="hint" role="note">${t('editor.notYours')}</p>`
          : !editable
            ? html`<p class="hint" role="note">${t('editor.readOnly', { status: t(`notice.status.${status}`) })}</p>`
            : nothing
      }
      ${revising ? html`<p class="hint">${t('editor.reviseHint')}</p>` : nothing}
      <form
        class="card"
        aria-label=${n ? t('editor.editTitle', { rev: n.revision }) : t('editor.newTitle')}
        @input=${(e: Event) => this._onInput(e)}
        @change=${(e: Event) => this._onInput(e)}
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          void this._save(false);
        }}
      >
        <fieldset ?disabled=${!editable}>
          <div class="row">
            <label>${t('editor.title')}<input name="title" .value=${d.title} required maxlength="500" /></label>
            <label lang="en">${t('editor.titleEn')}<input name="titleEn" .value=${d.titleEn} maxlength="500" /></label>
          </div>
          <div class="text" style="margin-top:0.75rem">
            <label
              >${t('editor.body')}
              <textarea name="markup" .value=${d.markup} aria-describedby="markup-hint"></textarea>
              <span class="hint" id="markup-hint">${t('editor.bodyHint')}</span>
            </label>
            <div>
              <strong>${t('editor.preview')}</strong>
              <div class="preview" aria-label=${t('editor.preview')}>
                ${preview ? html`<hcpv-admin-rich-text .text=${preview}></hcpv-admin-rich-text>` : html`<span class="hint">${t('editor.previewEmpty')}</span>`}
              </div>
            </div>
            <label lang="en"
              >${t('editor.bodyEn')}
              <textarea name="markupEn" .value=${d.markupEn} style="min-height:4rem"></textarea>
            </label>
          </div>
        </fieldset>
        <fieldset ?disabled=${!editable}>
          <legend>${t('editor.procedures')}</legend>
          <hcpv-admin-procedure-picker
            .codes=${d.procedureCodes}
            ?disabled=${!editable}
            @change=${(e: CustomEvent<string[]>) => {
              e.stopPropagation();
              if (Array.isArray(e.detail)) this._set('procedureCodes', e.detail);
            }}
          ></hcpv-admin-procedure-picker>
        </fieldset>
        <fieldset ?disabled=${!editable}>
          <legend>${t('editor.target')}</legend>
          <hcpv-admin-notice-target
            .draft=${d}
            .units=${units}
            .knownTags=${knownTags}
            ?disabled=${!editable}
            @hcpv-target-change=${(e: CustomEvent<TargetPatch>) => this._onTarget(e)}
          ></hcpv-admin-notice-target>
        </fieldset>
        <fieldset ?disabled=${!editable}>
          <legend>${t('editor.schedule')}</legend>
          <div class="row">
            <label
              >${t('editor.validFrom')}<input type="datetime-local" name="validFrom" .value=${d.validFrom} required
            /></label>
            <label>${t('editor.validTo')}<input type="datetime-local" name="validTo" .value=${d.validTo} /></label>
            <label>${t('editor.hours')}<input name="dailyHours" .value=${d.dailyHours} /></label>
            <label
              >${t('editor.priority')}<input type="number" min="0" max="100" name="priority" .value=${d.priority}
            /></label>
          </div>
        </fieldset>
        ${
          this._problems.length
            ? html`<div class="error" role="alert">
                <strong>${t('editor.invalid')}</strong>
                <ul>
                  ${this._problems.map((p) => html`<li><code>${p.path}</code> — ${p.message}</li>`)}
                </ul>
              </div>`
            : nothing
        }
        ${this._error ? html`<hcpv-error-message .error=${this._error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
        ${
          editable
            ? html`<div class="actions">
                <button type="submit" class="secondary" ?disabled=${this._busy}>
                  ${revising ? t('editor.revise') : t('editor.save')}
                </button>
                <button type="button" ?disabled=${this._busy} @click=${() => void this._save(true)}>
                  ${t('editor.submit')}
                </button>
                <span class="ok" role="status">${this._done}</span>
              </div>`
            : html`<span class="ok" role="status">${this._done}</span>`
        }
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-notice-editor': HcpvAdminNoticeEditor;
  }
}
