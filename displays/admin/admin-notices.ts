import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { z } from 'zod';
import { apiGet } from '../shared/api.js';
import { formatDateTime, lang, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { NOTICE_STATUSES, noticeSchema, type NoticeStatus } from '../../server/notices/notices.schemas.js';
import { canAny, type Me } from './lib/access.js';
import { routeHref, type NoticeView } from './lib/route.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';
import './admin-notice-editor.js';
import './admin-notice-review.js';

const listSchema = z.object({ items: z.array(noticeSchema) });

/** Notices: the list filtered by status, the editor and, for approvers, the review queue. */
@customElement('hcpv-admin-notices')
export class HcpvAdminNotices extends LitElement {
  @property({ attribute: false }) me: Me | null = null;
  /** Which view, from the route. */
  @property() view: NoticeView = 'list';
  /** The notice open in the editor (null: a new one). */
  @property() noticeId: string | null = null;

  @state() private _status: NoticeStatus | '' = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _list = new Task(this, {
    task: async ([view, status], { signal }) => {
      if (view !== 'list') return null;
      const [list, units] = await Promise.all([
        apiGet('/notices', listSchema, { signal, query: { status: status || undefined } }),
        apiGet('/org/units', unitListSchema, { signal }),
      ]);
      return { items: list.items, unitName: new Map(units.items.map((u) => [u.id, u.name])) };
    },
    args: () => [this.view, this._status] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      nav.tabs {
        display: flex;
        gap: 0.25rem;
        border-bottom: 2px solid var(--hcpv-border);
        margin-bottom: 1rem;
      }
      nav.tabs a {
        padding: 0.5rem 0.9rem;
        text-decoration: none;
        color: var(--hcpv-text);
        border-radius: var(--hcpv-radius) var(--hcpv-radius) 0 0;
      }
      nav.tabs a[aria-current='page'] {
        background: var(--hcpv-primary);
        color: var(--hcpv-primary-contrast);
      }
      .chip[data-status='published'] {
        background: var(--hcpv-ok);
        color: #fff;
        border-color: var(--hcpv-ok);
      }
      .chip[data-status='in_review'] {
        border-color: var(--hcpv-warn);
      }
    `,
  ];

  override render() {
    const grants = this.me?.grants ?? [];
    const canEdit = canAny(grants, 'notice.edit');
    const canApprove = canAny(grants, 'notice.approve');
    const tab = (view: NoticeView, label: string) =>
      html`<a
        href=${routeHref({ page: 'notices', view, id: null })}
        aria-current=${this.view === view && (view !== 'edit' || this.noticeId === null) ? 'page' : 'false'}
        >${label}</a
      >`;
    return html`<h1>${t('notices.title')}</h1>
      <nav class="tabs" aria-label=${t('notices.title')}>
        ${tab('list', t('notices.tab.list'))} ${canApprove ? tab('review', t('notices.tab.review')) : nothing}
        ${canEdit ? tab('edit', t('notices.tab.new')) : nothing}
      </nav>
      ${this._view(canEdit, canApprove)}`;
  }

  private _view(canEdit: boolean, canApprove: boolean) {
    if (this.view === 'review' && canApprove)
      return html`<hcpv-admin-notice-review .me=${this.me}></hcpv-admin-notice-review>`;
    if (this.view === 'edit' && (canEdit || this.noticeId))
      return html`<hcpv-admin-notice-editor .me=${this.me} .noticeId=${this.noticeId}></hcpv-admin-notice-editor>`;
    return this._listView();
  }

  private _listView() {
    return html`<div class="toolbar">
        <label
          >${t('notices.filter')}
          <select
            .value=${this._status}
            @change=${(e: Event) => {
              const v = e.target instanceof HTMLSelectElement ? e.target.value : '';
              this._status = NOTICE_STATUSES.find((s) => s === v) ?? '';
            }}
          >
            <option value="">${t('notices.all')}</option>
            ${NOTICE_STATUSES.map((s) => html`<option value=${s} ?selected=${s === this._status}>${t(`notice.status.${s}`)}</option>`)}
          </select>
        </label>
      </div>
      ${this._list.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: (r) => {
          if (!r) return nothing;
          if (r.items.length === 0) return html`<p class="muted">${t('notices.none')}</p>`;
          return html`<table class="card notices" aria-label=${t('notices.title')}>
            <thead>
              <tr>
                <th>${t('notices.col.title')}</th>
                <th>${t('notices.col.status')}</th>
                <th class="num">${t('notices.col.rev')}</th>
                <th>${t('notices.col.unit')}</th>
                <th>${t('notices.col.from')}</th>
                <th>${t('notices.col.author')}</th>
              </tr>
            </thead>
            <tbody>
              ${r.items.map(
                (n) =>
                  html`<tr data-notice=${n.id}>
                    <td>
                      <a href=${routeHref({ page: 'notices', view: 'edit', id: n.id })}
                        >${(lang() === 'en' && n.title.en) || n.title.vi}</a
                      >
                    </td>
                    <td><span class="chip" data-status=${n.status}>${t(`notice.status.${n.status}`)}</span></td>
                    <td class="num">${n.revision}</td>
                    <td>${r.unitName.get(n.target.orgId) ?? n.target.orgId}</td>
                    <td>${formatDateTime(n.validFrom)}</td>
                    <td>${n.author.name ?? n.author.id}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`;
        },
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-notices': HcpvAdminNotices;
  }
}
