import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { z } from 'zod';
import { apiGet } from '../shared/api.js';
import { lang, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { LEVEL_LABELS, procedureSchema } from '../../server/procedures/procedures.schemas.js';
import { canAny, type Me } from './lib/access.js';
import { routeHref } from './lib/route.js';
import { formText } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';
import './admin-import.js';

const procedureListSchema = z.object({ items: z.array(procedureSchema), total: z.number() });

/** Procedure records with search; the import wizard on its own route. */
@customElement('hcpv-admin-procedures')
export class HcpvAdminProcedures extends LitElement {
  @property({ attribute: false }) me: Me | null = null;
  /** `list` or `import`, from the route. */
  @property() view: 'list' | 'import' = 'list';

  @state() private _q = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _list = new Task(this, {
    task: async ([q, view], { signal }) =>
      view === 'list' ? apiGet('/procedures', procedureListSchema, { signal, query: { q, limit: 200 } }) : null,
    args: () => [this._q, this.view] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      .toolbar input {
        min-width: 20rem;
      }
      .spacer {
        flex: 1;
      }
      a.button {
        display: inline-block;
        padding: 0.45rem 0.9rem;
        border-radius: var(--hcpv-radius);
        background: var(--hcpv-primary);
        color: var(--hcpv-primary-contrast);
        text-decoration: none;
      }
      td.code {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  private _onSearch(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (form instanceof HTMLFormElement) this._q = formText(new FormData(form), 'q').trim();
  }

  override render() {
    const canEdit = this.me ? canAny(this.me.grants, 'procedure.edit') : false;
    if (this.view === 'import' && canEdit) return html`<hcpv-admin-import .me=${this.me}></hcpv-admin-import>`;
    const en = lang() === 'en';
    return html`<h1>${t('proc.title')}</h1>
      <div class="toolbar">
        <form role="search" @submit=${(e: SubmitEvent) => this._onSearch(e)} class="toolbar" style="margin:0">
          <label
            >${t('proc.search')}<input name="q" type="search" .value=${this._q} placeholder=${t('proc.searchHint')}
          /></label>
          <button type="submit" class="secondary">${t('audit.search')}</button>
        </form>
        <span class="spacer"></span>
        ${canEdit ? html`<a class="button" href=${routeHref({ page: 'procedures', view: 'import' })}>${t('proc.import')}</a>` : nothing}
      </div>
      ${this._list.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: (list) => {
          if (!list) return nothing;
          if (list.items.length === 0) return html`<p class="muted">${t('proc.none')}</p>`;
          return html`<p class="muted">${t('proc.total', { n: list.total })}</p>
            <table class="card" aria-label=${t('proc.title')}>
              <thead>
                <tr>
                  <th>${t('proc.code')}</th>
                  <th>${t('proc.name')}</th>
                  <th>${t('proc.field')}</th>
                  <th>${t('proc.level')}</th>
                  <th>${t('proc.deadline')}</th>
                </tr>
              </thead>
              <tbody>
                ${list.items.map(
                  (p) =>
                    html`<tr>
                      <td class="code">${p.code}</td>
                      <td>${(en && p.name.en) || p.name.vi}</td>
                      <td>${(en && p.field.en) || p.field.vi}</td>
                      <td>${p.levels.map((l) => html`<span class="chip">${LEVEL_LABELS[l]}</span>`)}</td>
                      <td>${(en && p.deadline.text.en) || p.deadline.text.vi}</td>
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
    'hcpv-admin-procedures': HcpvAdminProcedures;
  }
}
