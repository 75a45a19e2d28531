import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { apiGet } from '../shared/api.js';
import { formatDateTime, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { auditListSchema, type AuditEntry } from '../../server/audit/audit.schemas.js';
import type { Me } from './lib/access.js';
import {
  EMPTY_AUDIT_FILTERS,
  auditFilterProblem,
  auditQuery,
  auditSubject,
  type AuditFilters,
} from './lib/audit-query.js';
import { formText } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';

interface Page {
  items: AuditEntry[];
  nextBefore: number | null;
}

/** The audit log with filters (unit subtree, entity, action, actor, dates) and paging. */
@customElement('hcpv-admin-audit')
export class HcpvAdminAudit extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  /** Filters of the current search (applied on submit, not on every key). */
  @state() private _filters: AuditFilters = EMPTY_AUDIT_FILTERS;
  @state() private _problem: string | null = null;
  @state() private _more: AuditEntry[] = [];
  @state() private _moreBefore: number | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  private _units = new Task(this, {
    task: async (_args, { signal }) => (await apiGet('/org/units', unitListSchema, { signal })).items,
    args: () => [],
  });

  private _page = new Task(this, {
    task: async ([filters], { signal }): Promise<Page> => {
      this._more = [];
      this._moreBefore = null;
      return apiGet('/audit', auditListSchema, { signal, query: auditQuery(filters) });
    },
    args: () => [this._filters] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.75rem 1rem;
        align-items: end;
        margin-bottom: 1rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
      td.when {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      code {
        font-size: 0.85rem;
      }
    `,
  ];

  private _onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const d = new FormData(form);
    const s = (k: string) => formText(d, k);
    const f: AuditFilters = {
      orgId: s('orgId'),
      entity: s('entity'),
      action: s('action'),
      actorId: s('actorId'),
      from: s('from'),
      to: s('to'),
    };
    const problem = auditFilterProblem(f);
    this._problem = problem === 'from-after-to' ? t('audit.fromAfterTo') : null;
    if (!problem) this._filters = f;
  }

  private _onReset(): void {
    this._problem = null;
    this._filters = { ...EMPTY_AUDIT_FILTERS };
  }

  private async _onMore(before: number): Promise<void> {
    const next = await apiGet('/audit', auditListSchema, { query: auditQuery(this._filters, before) });
    this._more = [...this._more, ...next.items];
    this._moreBefore = next.nextBefore;
  }

  private _form() {
    const units = this._units.value ?? [];
    const f = this._filters;
    return html`<form
      class="card"
      @submit=${(e: SubmitEvent) => this._onSubmit(e)}
      @reset=${() => this._onReset()}
      aria-label=${t('audit.title')}
    >
      <label
        >${t('audit.unit')}
        <select name="orgId">
          <option value="">${t('audit.allUnits')}</option>
          ${units.map((u) => html`<option value=${u.id} ?selected=${u.id === f.orgId}>${u.name}</option>`)}
        </select>
      </label>
      <label>${t('audit.entity')}<input name="entity" .value=${f.entity} placeholder="user" /></label>
      <label>${t('audit.action')}<input name="action" .value=${f.action} placeholder="user.create" /></label>
      <label>${t('audit.actor')}<input name="actorId" .value=${f.actorId} /></label>
      <label>${t('audit.from')}<input name="from" type="date" .value=${f.from} /></label>
      <label>${t('audit.to')}<input name="to" type="date" .value=${f.to} /></label>
      <div class="actions">
        <button type="submit">${t('audit.search')}</button>
        <button type="reset" class="secondary">${t('audit.reset')}</button>
      </div>
      ${this._problem ? html`<p class="error" role="alert" style="grid-column:1/-1">${this._problem}</p>` : nothing}
    </form>`;
  }

  private _rows(items: readonly AuditEntry[]) {
    return items.map(
      (e) =>
        html`<tr>
          <td class="when">${formatDateTime(e.at)}</td>
          <td>${e.actor.name ?? e.actor.id}</td>
          <td><code>${e.action}</code></td>
          <td><code>${e.entity}</code> ${auditSubject(e) ?? e.entityId}</td>
          <td>${e.orgId ?? ''}</td>
        </tr>`,
    );
  }

  override render() {
    return html`<h1>${t('audit.title')}</h1>
      ${this._form()}
      ${this._page.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: (page) => {
          const next = this._more.length ? this._moreBefore : page.nextBefore;
          if (page.items.length === 0) return html`<p class="muted">${t('audit.none')}</p>`;
          return html`<table class="card" aria-label=${t('audit.title')}>
              <thead>
                <tr>
                  <th>${t('audit.at')}</th>
                  <th>${t('audit.who')}</th>
                  <th>${t('audit.what')}</th>
                  <th>${t('audit.on')}</th>
                  <th>${t('audit.unit')}</th>
                </tr>
              </thead>
              <tbody>
                ${this._rows(page.items)}${this._rows(this._more)}
              </tbody>
            </table>
            ${next !== null ? html`<p><button class="secondary" @click=${() => this._onMore(next)}>${t('audit.more')}</button></p>` : nothing}`;
        },
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-audit': HcpvAdminAudit;
  }
}
