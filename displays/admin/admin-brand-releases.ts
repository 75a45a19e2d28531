import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { z } from 'zod';
import { apiGet, apiSend } from '../shared/api.js';
import { formatDateTime, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import {
  createReleaseResultSchema,
  releaseDiffSchema,
  releaseSummarySchema,
} from '../../server/brand/brand.schemas.js';
import { formText } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';

const listSchema = z.object({ items: z.array(releaseSummarySchema) });
const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** The city's brand releases: create one from the saved kit, and compare two side by side. */
@customElement('hcpv-admin-brand-releases')
export class HcpvAdminBrandReleases extends LitElement {
  @property() cityId = '';
  @property({ type: Boolean }) canRelease = false;

  @state() private _from = '';
  @state() private _to = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _list = new Task(this, {
    task: async ([cityId], { signal }) =>
      cityId ? (await apiGet(`/brand/cities/${cityId}/releases`, listSchema, { signal })).items : [],
    args: () => [this.cityId] as const,
  });

  private _create = new Task(this, {
    autoRun: false,
    task: async ([note]: [string], { signal }) => {
      const r = await apiSend(
        'POST',
        `/brand/cities/${this.cityId}/releases`,
        note ? { note } : {},
        createReleaseResultSchema,
        { signal },
      );
      void this._list.run();
      this.dispatchEvent(
        new CustomEvent('hcpv-release-created', { detail: r.release.id, bubbles: true, composed: true }),
      );
      return r;
    },
  });

  private _diff = new Task(this, {
    task: async ([from, to], { signal }) =>
      from && to && from !== to ? apiGet(`/brand/releases/${from}/diff/${to}`, releaseDiffSchema, { signal }) : null,
    args: () => [this._from, this._to] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      form {
        display: flex;
        gap: 0.75rem;
        align-items: end;
        flex-wrap: wrap;
      }
      td.before {
        background: #fdf1f0;
      }
      td.after {
        background: #eef7f0;
      }
    `,
  ];

  private _onCreate(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (form instanceof HTMLFormElement) void this._create.run([formText(new FormData(form), 'note').trim()]);
  }

  private _onPick(e: Event): void {
    const el = e.target;
    if (!(el instanceof HTMLSelectElement)) return;
    if (el.name === 'from') this._from = el.value;
    else this._to = el.value;
  }

  override render() {
    const items = this._list.value ?? [];
    const created = this._create.value;
    return html`<h2>${t('rel.title')}</h2>
      <div class="card">
        ${
          this.canRelease
            ? html`<form @submit=${(e: SubmitEvent) => this._onCreate(e)} aria-label=${t('rel.create')}>
                <label>${t('rel.note')}<input name="note" maxlength="500" size="40" /></label>
                <button type="submit" ?disabled=${this._create.status === TaskStatus.PENDING}>
                  ${t('rel.create')}
                </button>
                ${
                  created
                    ? html`<span class="ok" role="status"
                        >${created.created ? t('rel.created', { id: created.release.id }) : t('rel.same', { id: created.release.id })}</span
                      >`
                    : nothing
                }
              </form>`
            : nothing
        }
        ${this._create.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._create.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
        ${
          items.length
            ? html`<table aria-label=${t('rel.title')}>
                <thead>
                  <tr>
                    <th>${t('rel.id')}</th>
                    <th>${t('rel.note')}</th>
                    <th>${t('audit.at')}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${items.map(
                    (r) =>
                      html`<tr>
                        <td><code>${r.id}</code></td>
                        <td>${r.note ?? ''}</td>
                        <td>${formatDateTime(r.createdAt)}</td>
                        <td>${r.current ? html`<span class="chip">${t('rel.current')}</span>` : nothing}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
            : html`<p class="muted">${t('rel.none')}</p>`
        }
        ${
          items.length >= 2
            ? html`<h2>${t('rel.compare')}</h2>
                <form @change=${(e: Event) => this._onPick(e)} aria-label=${t('rel.compare')}>
                  ${(['from', 'to'] as const).map(
                    (k) =>
                      html`<label
                        >${t(`rel.${k}`)}
                        <select name=${k}>
                          <option value="">—</option>
                          ${items.map((r) => html`<option value=${r.id} ?selected=${(k === 'from' ? this._from : this._to) === r.id}>${r.note ?? r.id}</option>`)}
                        </select>
                      </label>`,
                  )}
                </form>
                ${this._diff.render({
                  complete: (d) =>
                    d
                      ? html`<table aria-label=${t('rel.changes')}>
                          <thead>
                            <tr>
                              <th>${t('rel.path')}</th>
                              <th>${t('rel.before')}</th>
                              <th>${t('rel.after')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            ${[...d.tokens, ...d.texts, ...d.assets].map(
                              (c) =>
                                html`<tr>
                                  <td><code>${c.path}</code></td>
                                  <td class="before">${show(c.before)}</td>
                                  <td class="after">${show(c.after)}</td>
                                </tr>`,
                            )}
                          </tbody>
                        </table>`
                      : nothing,
                  error: (e) => html`<hcpv-error-message .error=${e}></hcpv-error-message>`,
                })}`
            : nothing
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-brand-releases': HcpvAdminBrandReleases;
  }
}
