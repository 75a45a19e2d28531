import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { z } from 'zod';
import { apiGet } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { buildTree, countNodes } from '../shared/org-tree.js';
import { orgUnitSchema } from '../../server/org/org.schemas.js';
import type { Me } from './lib/access.js';
import { routeHref } from './lib/route.js';
import { pageStyles } from './admin-styles.js';
import '../shared/elements/org-tree.js';
import '../shared/elements/error-message.js';
import './admin-site.js';

export const unitListSchema = z.object({ items: z.array(orgUnitSchema) });

/** The org browser: searchable tree on the left, the chosen unit's page on the right. */
@customElement('hcpv-admin-org')
export class HcpvAdminOrg extends LitElement {
  /** The signed-in user (for what they may do on a unit). */
  @property({ attribute: false }) me: Me | null = null;
  /** The unit shown on the right, from the route. */
  @property() unitId: string | null = null;

  @state() private _query = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _units = new Task(this, {
    task: async (_args, { signal }) => (await apiGet('/org/units', unitListSchema, { signal })).items,
    args: () => [],
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(16rem, 22rem) 1fr;
        gap: 1.25rem;
        align-items: start;
      }
      aside {
        position: sticky;
        top: 1rem;
        max-height: calc(100vh - 7rem);
        overflow: auto;
      }
      aside input {
        width: 100%;
        box-sizing: border-box;
      }
      .count {
        margin: 0.5rem 0;
        font-size: 0.85rem;
      }
    `,
  ];

  private _onSearch(e: InputEvent): void {
    if (e.target instanceof HTMLInputElement) this._query = e.target.value;
  }

  override render() {
    return html`<h1>${t('org.title')}</h1>
      ${this._units.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) =>
          html`<hcpv-error-message
            .error=${e}
            heading=${t('error.title')}
            retryLabel=${t('error.retry')}
            @retry=${() => this._units.run()}
          ></hcpv-error-message>`,
        complete: (units) => {
          const shown = countNodes(buildTree(units, this._query));
          const unit = units.find((u) => u.id === (this.unitId ?? units[0]?.id)) ?? null;
          return html`<div class="layout">
            <aside class="card">
              <label
                >${t('org.search')}
                <input
                  type="search"
                  .value=${this._query}
                  @input=${(e: InputEvent) => this._onSearch(e)}
                  aria-describedby="search-hint"
                />
                <span class="hint" id="search-hint">${t('org.searchHint')}</span>
              </label>
              <p class="count muted" aria-live="polite">
                ${shown === 0 ? t('org.none', { q: this._query }) : t('org.count', { n: shown })}
              </p>
              <hcpv-org-tree
                .units=${units}
                .query=${this._query}
                .selectedId=${unit?.id ?? null}
                .hrefFor=${(id: string) => routeHref({ page: 'org', unitId: id })}
                .kindLabel=${(k: string) => t(`kind.${k}`)}
              ></hcpv-org-tree>
            </aside>
            <section>
              ${
                unit
                  ? html`<hcpv-admin-site .unit=${unit} .units=${units} .me=${this.me}></hcpv-admin-site>`
                  : html`<div class="card muted">${t('org.pick')}</div>`
              }
            </section>
          </div>`;
        },
      })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-org': HcpvAdminOrg;
  }
}
