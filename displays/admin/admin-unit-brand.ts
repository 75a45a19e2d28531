import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { ApiError, apiGet, apiSend } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { effectiveKitSchema } from '../../server/brand/brand.schemas.js';
import {
  UNIT_FIELDS,
  namingExample,
  overridePatch,
  problemsFor,
  unitFieldViews,
  type UnitField,
  type UnitFieldView,
} from './lib/unit-brand.js';
import type { z } from 'zod';

type EffectiveKit = z.infer<typeof effectiveKitSchema>;
import { pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';

/**
 * A unit's own brand texts on its screens (name, hotline, opening-hours line, local contact): each
 * shown with what screens show now; the unit's own value may be set or cleared (it then inherits)
 * unless the city locked the field. Saved with the overrides API, checked by the server's rules.
 */
@customElement('hcpv-admin-unit-brand')
export class HcpvAdminUnitBrand extends LitElement {
  /** The unit (centre, branch or site). */
  @property() unitId = '';
  /** The unit's kind, for the city's naming rule. */
  @property() kind = '';
  /** May the user change the unit's texts (brand.edit on it)? */
  @property({ type: Boolean }) canEdit = false;

  /** What the user typed, by field (absent: untouched). */
  @state() private _typed: Partial<Record<UnitField, string>> = {};
  @state() private _saved = '';
  /** The unit's kit as the server last gave it (the load, then each save's answer). */
  @state() private _eff: EffectiveKit | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  private _kit = new Task(this, {
    task: async ([id], { signal }) => {
      this._typed = {};
      this._saved = '';
      this._eff = id
        ? await apiGet(`/brand/units/${encodeURIComponent(id)}/kit`, effectiveKitSchema, { signal })
        : null;
      return this._eff;
    },
    args: () => [this.unitId] as const,
  });

  private _save = new Task(this, {
    autoRun: false,
    task: async ([id, body]: [string, unknown], { signal }) => {
      const eff = await apiSend('PATCH', `/brand/units/${encodeURIComponent(id)}/overrides`, body, effectiveKitSchema, {
        signal,
      });
      this._typed = {};
      this._saved = t('ub.saved');
      // The server's view of the unit from now on (what its screens get), without reloading the form.
      this._eff = eff;
      return eff;
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      form {
        display: grid;
        gap: 0.8rem;
      }
      .fields {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
        gap: 0.8rem 1.25rem;
      }
      .lock {
        font-size: 0.8rem;
        font-weight: 400;
        color: var(--hcpv-warn);
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        align-items: center;
      }
      .actions button {
        flex: none;
        white-space: nowrap;
      }
      .shows {
        font-size: 0.8rem;
        font-weight: 400;
        color: var(--hcpv-muted);
      }
      .shows b {
        font-weight: 600;
        color: var(--hcpv-text);
      }
    `,
  ];

  private _onInput(e: Event): void {
    const el = e.target;
    if (!(el instanceof HTMLInputElement)) return;
    const field = UNIT_FIELDS.find((f) => f === el.dataset['field']);
    if (!field) return;
    this._typed = { ...this._typed, [field]: el.value };
    this._saved = '';
  }

  private _onSubmit(e: SubmitEvent, views: readonly UnitFieldView[]): void {
    e.preventDefault();
    const body = overridePatch(views, this._typed);
    if (body) void this._save.run([this.unitId, body]);
  }

  private _field(
    v: UnitFieldView,
    problems: readonly { path: string; message: string }[],
    rules: EffectiveKit['kit']['namingRules'],
  ) {
    const id = `ub-${v.field}`;
    const value = this._typed[v.field] ?? v.own;
    const example = v.field === 'unitName' ? namingExample(rules, this.kind, value) : null;
    // The rule is checked as the name is typed; the server's word on the rest.
    const errs = [
      ...(example === null ? [] : [{ message: t('ub.nameRule', { kind: t(`kind.${this.kind}`), example }) }]),
      ...problemsFor(problems, v.field).filter((p) => example === null || !p.message.includes('naming rule')),
    ];
    return html`<label for=${id}
      >${t(`brand.text.${v.field}`)}
      ${
        v.locked
          ? html`<span class="lock">🔒 ${t('ub.locked')}</span>`
          : html`<span class="hint">${v.own ? t('ub.own') : t('ub.inherits')}</span>`
      }
      <input
        id=${id}
        data-field=${v.field}
        .value=${value}
        placeholder=${v.effective}
        ?disabled=${v.locked || !this.canEdit}
        maxlength=${v.field === 'localContact' ? 300 : 200}
        aria-invalid=${errs.length ? 'true' : 'false'}
        aria-describedby=${`${id}-shows`}
      />
      <span class="shows" id=${`${id}-shows`}>${t('ub.shows')} <b>${v.effective || '—'}</b></span>
      ${errs.map((p) => html`<span class="error" role="alert">${p.message}</span>`)}
    </label>`;
  }

  override render() {
    return html`<h2>${t('ub.title')}</h2>
      ${
        this._eff
          ? this._form(this._eff)
          : this._kit.render({
              pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
              error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
            })
      }`;
  }

  private _form(eff: EffectiveKit) {
    const views = unitFieldViews(eff.kit, eff.overrides);
    const err = this._save.status === TaskStatus.ERROR ? this._save.error : null;
    const problems = err instanceof ApiError ? err.details : [];
    const changed = overridePatch(views, this._typed) !== null;
    const nameOk = namingExample(eff.kit.namingRules, this.kind, this._typed.unitName ?? '') === null;
    return html`<form
      class="card"
      aria-label=${t('ub.title')}
      @input=${(e: Event) => this._onInput(e)}
      @submit=${(e: SubmitEvent) => this._onSubmit(e, views)}
    >
      <p class="hint" style="margin:0">${t('ub.hint')}</p>
      <div class="fields">${views.map((v) => this._field(v, problems, eff.kit.namingRules))}</div>
      ${err ? html`<hcpv-error-message .error=${err} heading=${t('ub.refused')}></hcpv-error-message>` : nothing}
      ${
        this.canEdit
          ? html`<div class="actions">
              <button type="submit" ?disabled=${!changed || !nameOk || this._save.status === TaskStatus.PENDING}>
                ${t('ub.save')}
              </button>
              <span class="ok" role="status">${this._saved}</span>
            </div>`
          : nothing
      }
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-unit-brand': HcpvAdminUnitBrand;
  }
}
