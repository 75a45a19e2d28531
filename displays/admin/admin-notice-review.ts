import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { z } from 'zod';
import { ApiError, apiGet, apiSend } from '../shared/api.js';
import { formatDateTime, lang, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { noticeSchema, noticeZoneSchema, type Notice } from '../../server/notices/notices.schemas.js';
import { canAt, type Me } from './lib/access.js';
import { baselineOf, noticeDiff, type DiffRow } from './lib/notice-diff.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';

const listSchema = z.object({ items: z.array(noticeSchema) });
const zonesSchema = z.object({ items: z.array(noticeZoneSchema) });

interface QueueItem {
  notice: Notice;
  baseline: Notice | null;
  rows: DiffRow[];
  /** What the signed-in user may do on the notice's unit (the server checks again). */
  mayApprove: boolean;
  mayPublish: boolean;
}

type Outcome = { kind: 'ok'; text: string } | { kind: 'error'; error: unknown };

/** What to say about a refusal: the self-approval rule and stale states in plain words. */
function refusalHeading(e: unknown): string {
  if (e instanceof ApiError && e.code === 'NOTICE_SELF_APPROVAL') return t('review.err.self');
  if (e instanceof ApiError && e.code === 'NOTICE_BAD_STATE') return t('review.err.state');
  return t('error.title');
}

/**
 * The approvers' queue: each revision in review (or approved, waiting to be published) with a
 * field-by-field diff against the published revision; approve, send back with a comment, publish.
 */
@customElement('hcpv-admin-notice-review')
export class HcpvAdminNoticeReview extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _outcome = new Map<string, Outcome>();
  @state() private _busy = '';
  @state() private _reload = 0;

  constructor() {
    super();
    new LangController(this);
  }

  private _queue = new Task(this, {
    task: async (_args, { signal }) => {
      const [review, approved, units] = await Promise.all([
        apiGet('/notices', listSchema, { signal, query: { status: 'in_review' } }),
        apiGet('/notices', listSchema, { signal, query: { status: 'approved' } }),
        apiGet('/org/units', unitListSchema, { signal }),
      ]);
      const names = new Map(units.items.map((u) => [u.id, u.name]));
      const pathOf = (id: string) => units.items.find((u) => u.id === id)?.path;
      const may = (perm: 'notice.approve' | 'notice.publish', orgId: string) => {
        const path = pathOf(orgId);
        return this.me !== null && path !== undefined && canAt(this.me.grants, perm, path, pathOf);
      };
      // Zone names as the units' sites call them (zones are targeted by id).
      const zoneLists = await Promise.all(
        [...new Set([...review.items, ...approved.items].map((n) => n.target.orgId))].map(
          async (orgId) => (await apiGet('/notices/zones', zonesSchema, { signal, query: { orgId } })).items,
        ),
      );
      const zoneNames = new Map(zoneLists.flat().map((z) => [z.id, z.name]));
      const fmt = {
        dateTime: formatDateTime,
        none: t('diff.none'),
        unit: (id: string) => names.get(id) ?? id,
        zone: (id: string) => zoneNames.get(id) ?? id,
      };
      return Promise.all(
        [...review.items, ...approved.items].map(async (notice): Promise<QueueItem> => {
          const revs = await apiGet(`/notices/${notice.id}/revisions`, listSchema, { signal });
          const baseline = baselineOf(revs.items, notice.revision);
          return {
            notice,
            baseline,
            rows: noticeDiff(baseline, notice, fmt),
            mayApprove: may('notice.approve', notice.target.orgId),
            mayPublish: may('notice.publish', notice.target.orgId),
          };
        }),
      );
    },
    args: () => [this._reload],
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      article {
        margin-bottom: 1.25rem;
      }
      article h3 {
        margin: 0 0 0.25rem;
        font-size: 1.1rem;
      }
      td.text {
        max-width: 28rem;
      }
      .val {
        white-space: pre-wrap;
      }
      tr.changed td {
        background: #fff8e1;
      }
      tr.changed td:first-child {
        border-left: 4px solid var(--hcpv-warn);
      }
      .added {
        color: var(--hcpv-ok);
        font-weight: 600;
      }
      .removed {
        color: var(--hcpv-danger);
        text-decoration: line-through;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
        margin-top: 0.75rem;
      }
      textarea {
        min-width: 24rem;
        min-height: 3rem;
        font: inherit;
      }
    `,
  ];

  private async _act(n: Notice, verb: 'approve' | 'reject' | 'publish', form: HTMLFormElement | null): Promise<void> {
    const raw = form ? new FormData(form).get('comment') : null;
    const comment = typeof raw === 'string' ? raw.trim() : '';
    const set = (o: Outcome) => {
      this._outcome = new Map(this._outcome).set(n.id, o);
    };
    if (verb === 'reject' && !comment) return set({ kind: 'error', error: new Error(t('review.needComment')) });
    this._busy = n.id;
    try {
      const body = verb === 'publish' || !comment ? {} : { comment };
      await apiSend('POST', `/notices/${n.id}/${verb}`, body, noticeSchema);
      set({
        kind: 'ok',
        text: t(verb === 'approve' ? 'review.approved' : verb === 'reject' ? 'review.rejected' : 'review.published'),
      });
      this._reload++;
    } catch (e) {
      set({ kind: 'error', error: e });
    } finally {
      this._busy = '';
    }
  }

  override render() {
    return html`<h2 style="margin-top:0">${t('review.title')}</h2>
      ${[...this._outcome.values()]
        .filter((o) => o.kind === 'ok')
        .map((o) => html`<p class="ok" role="status">${o.kind === 'ok' ? o.text : ''}</p>`)}
      ${this._queue.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: (items) =>
          items.length === 0 ? html`<p class="muted">${t('review.none')}</p>` : items.map((i) => this._item(i)),
      })}`;
  }

  private _item({ notice: n, baseline, rows, mayApprove, mayPublish }: QueueItem) {
    const outcome = this._outcome.get(n.id);
    const busy = this._busy === n.id;
    return html`<article class="card" data-notice=${n.id} aria-labelledby=${`n-${n.id}`}>
      <h3 id=${`n-${n.id}`}>
        ${(lang() === 'en' && n.title.en) || n.title.vi}
        <span class="chip" data-status=${n.status}>${t(`notice.status.${n.status}`)}</span>
      </h3>
      <p class="hint">
        ${t('review.by', { name: n.author.name ?? n.author.id, at: n.submittedAt === null ? '—' : formatDateTime(n.submittedAt) })}
      </p>
      <h4>${baseline ? t('review.diff') : t('review.diffNew')}</h4>
      <table class="diff" aria-label=${t('review.diff')}>
        <thead>
          <tr>
            <th>${t('review.field')}</th>
            ${baseline ? html`<th>${t('review.before')} (${baseline.revision})</th>` : nothing}
            <th>${t('review.after')} (${n.revision})</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr class=${r.changed && baseline ? 'changed' : 'same'} data-field=${r.field}>
                <td>
                  ${t(`diff.${r.field}`)}
                  ${r.changed && baseline ? html`<span class="chip">${t('review.changed')}</span>` : nothing}
                </td>
                ${baseline ? html`<td class="text before"><div class="val">${r.before ?? ''}</div></td>` : nothing}
                <td class="text after">
                  <div class="val">${r.after}</div>
                  ${
                    baseline && (r.added.length || r.removed.length)
                      ? html`<div>
                          ${r.added.map((x) => html`<span class="added">+${x} </span>`)}
                          ${r.removed.map((x) => html`<span class="removed">−${x} </span>`)}
                        </div>`
                      : nothing
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${mayApprove || mayPublish ? nothing : html`<p class="hint">${t('review.notYours')}</p>`}
      <form class="actions" @submit=${(e: SubmitEvent) => e.preventDefault()}>
        ${mayApprove ? html`<label>${t('review.comment')}<textarea name="comment" maxlength="1000"></textarea></label>` : nothing}
        ${
          n.status === 'in_review' && mayApprove
            ? html`<button
                type="button"
                ?disabled=${busy}
                @click=${(e: Event) => void this._act(n, 'approve', this._formOf(e))}
              >
                ${t('review.approve')}
              </button>`
            : nothing
        }
        ${
          mayApprove
            ? html`<button
                type="button"
                class="secondary"
                ?disabled=${busy}
                @click=${(e: Event) => void this._act(n, 'reject', this._formOf(e))}
              >
                ${t('review.reject')}
              </button>`
            : nothing
        }
        ${
          n.status === 'approved' && mayPublish
            ? html`<button type="button" ?disabled=${busy} @click=${() => void this._act(n, 'publish', null)}>
                ${t('review.publish')}
              </button>`
            : nothing
        }
      </form>
      ${
        outcome?.kind === 'error'
          ? html`<hcpv-error-message
              .error=${outcome.error}
              heading=${refusalHeading(outcome.error)}
            ></hcpv-error-message>`
          : nothing
      }
    </article>`;
  }

  private _formOf(e: Event): HTMLFormElement | null {
    const el = e.currentTarget;
    return el instanceof HTMLElement ? el.closest('form') : null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-notice-review': HcpvAdminNoticeReview;
  }
}
