import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { z } from 'zod';
import { apiGet } from '../shared/api.js';
import { lang, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { procedureSchema, type Procedure } from '../../server/procedures/procedures.schemas.js';
import { sleep } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';

const listSchema = z.object({ items: z.array(procedureSchema), total: z.number() });

/**
 * Chooses the procedures of a notice: search `/procedures` by code or name, add, remove, in
 * order. Fires `change` with `detail` = the chosen codes.
 */
@customElement('hcpv-admin-procedure-picker')
export class HcpvAdminProcedurePicker extends LitElement {
  /** The chosen procedure codes, in display order. */
  @property({ attribute: false }) codes: readonly string[] = [];
  @property({ type: Boolean }) disabled = false;

  @state() private _q = '';
  /** Names of procedures seen, to label the chosen codes. */
  private readonly _known = new Map<string, Procedure>();

  constructor() {
    super();
    new LangController(this);
  }

  private _search = new Task(this, {
    task: async ([q], { signal }) => {
      await sleep(200, signal);
      const r = await apiGet('/procedures', listSchema, { signal, query: { q, limit: 20 } });
      for (const p of r.items) this._known.set(p.code, p);
      return r;
    },
    args: () => [this._q] as const,
  });

  /** Labels for codes loaded with a saved notice. */
  protected readonly _labels = new Task(this, {
    task: async ([codes], { signal }) => {
      const missing = codes.filter((c) => !this._known.has(c));
      await Promise.all(
        missing.map(async (c) => {
          const r = await apiGet('/procedures', listSchema, { signal, query: { q: c, limit: 5 } });
          for (const p of r.items) this._known.set(p.code, p);
        }),
      );
      return codes.length;
    },
    args: () => [this.codes] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      .cols {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 1rem;
      }
      ol,
      ul {
        margin: 0.25rem 0 0;
        padding-left: 1.25rem;
        max-height: 16rem;
        overflow: auto;
      }
      li {
        margin: 0.25rem 0;
      }
      li button {
        padding: 0.1rem 0.5rem;
        font-size: 0.8rem;
        margin-left: 0.5rem;
      }
      .code {
        font-variant-numeric: tabular-nums;
        font-weight: 600;
      }
    `,
  ];

  private _emit(codes: string[]): void {
    this.dispatchEvent(new CustomEvent<string[]>('change', { detail: codes, bubbles: true, composed: true }));
  }

  private _name(code: string): string {
    const p = this._known.get(code);
    if (!p) return '';
    return (lang() === 'en' && p.name.en) || p.name.vi;
  }

  override render() {
    return html`<div class="cols">
      <div>
        <label
          >${t('picker.search')}
          <input
            type="search"
            .value=${this._q}
            ?disabled=${this.disabled}
            @input=${(e: Event) => {
              if (e.target instanceof HTMLInputElement) this._q = e.target.value.trim();
            }}
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Enter') e.preventDefault();
            }}
        /></label>
        ${this._search.render({
          pending: () => html`<p class="hint" aria-busy="true">${t('app.loading')}</p>`,
          error: (e) => html`<hcpv-error-message .error=${e}></hcpv-error-message>`,
          complete: (r) =>
            r.items.length === 0
              ? html`<p class="hint">${t('picker.noResults')}</p>`
              : html`<ul aria-label=${t('picker.results')}>
                  ${r.items.map(
                    (p) =>
                      html`<li>
                        <span class="code">${p.code}</span> ${(lang() === 'en' && p.name.en) || p.name.vi}
                        <button
                          type="button"
                          class="secondary"
                          ?disabled=${this.disabled || this.codes.includes(p.code)}
                          aria-label=${`${t('picker.add')} ${p.code}`}
                          @click=${() => this._emit([...this.codes, p.code])}
                        >
                          ${t('picker.add')}
                        </button>
                      </li>`,
                  )}
                </ul>`,
        })}
      </div>
      <div>
        <strong>${t('picker.chosen', { n: this.codes.length })}</strong>
        ${
          this.codes.length
            ? html`<ol class="chosen" aria-label=${t('editor.procedures')}>
                ${this.codes.map(
                  (c) =>
                    html`<li>
                      <span class="code">${c}</span> ${this._name(c)}
                      ${
                        this.disabled
                          ? nothing
                          : html`<button
                              type="button"
                              class="secondary"
                              aria-label=${`${t('picker.remove')} ${c}`}
                              @click=${() => this._emit(this.codes.filter((x) => x !== c))}
                            >
                              ${t('picker.remove')}
                            </button>`
                      }
                    </li>`,
                )}
              </ol>`
            : nothing
        }
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-procedure-picker': HcpvAdminProcedurePicker;
  }
}
