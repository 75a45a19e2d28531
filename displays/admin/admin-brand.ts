import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { apiGet, apiSend } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { ALWAYS_LOCKED, type BrandKit } from '../../brand-kit/kit.schema.js';
import {
  effectiveKitSchema,
  problemsSchema,
  releaseSummarySchema,
  siteBrandSchema,
} from '../../server/brand/brand.schemas.js';
import { SCREEN_PROFILES, type ScreenProfile } from '../../brand-kit/profiles.js';
import { z } from 'zod';
import type { PreviewAsset } from './lib/brand-preview.js';
import { canAt, type Me } from './lib/access.js';
import { contrastRows, failingPairsOf, formatRatio, problemsByField } from './lib/brand-draft.js';
import { sleep } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import { labelOr } from './messages-brand.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';
import './admin-brand-frames.js';
import './admin-brand-releases.js';
import './admin-brand-logo.js';
import type { LogoUploaded } from './admin-brand-logo.js';

const releasesSchema = z.object({ items: z.array(releaseSummarySchema) });

const EDITABLE_TEXTS = ['slogan', 'unitName', 'hotline', 'openingHoursLine'] as const;
type EditableText = (typeof EDITABLE_TEXTS)[number];

/**
 * The city's brand kit: colour tokens with contrast ratios checked as you type, texts with their
 * locks, the server's validation inline, live previews of every screen profile, save and releases.
 */
@customElement('hcpv-admin-brand')
export class HcpvAdminBrand extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _cityId: string | null = null;
  @state() private _draft: BrandKit | null = null;
  @state() private _saved = '';
  /** Bumped when a release is made, so the previews take its logos. */
  @state() private _releases = 0;

  constructor() {
    super();
    new LangController(this);
  }

  private _load = new Task(this, {
    task: async (_args, { signal }) => {
      const units = (await apiGet('/org/units', unitListSchema, { signal })).items;
      const me = this.me;
      const pathOf = (id: string) => units.find((u) => u.id === id)?.path;
      const city = units.find(
        (u) => u.kind === 'city' && me !== null && canAt(me.grants, 'brand.read', u.path, pathOf),
      );
      if (!city) throw new Error(t('brand.noCity'));
      const eff = await apiGet(`/brand/units/${city.id}/kit`, effectiveKitSchema, { signal });
      this._cityId = city.id;
      this._draft = structuredClone(eff.kit);
      const site = units.find((u) => u.kind === 'site' && u.path.startsWith(city.path));
      return {
        city,
        siteId: site?.id ?? null,
        canEdit: me !== null && canAt(me.grants, 'brand.edit-locked', city.path, pathOf),
      };
    },
    args: () => [],
  });

  /** Logo renditions of the city's current release for each profile, for the previews. */
  private _logos = new Task(this, {
    task: async ([cityId, siteId, _bump], { signal }) => {
      if (!cityId || !siteId) return null;
      const releases = (await apiGet(`/brand/cities/${cityId}/releases`, releasesSchema, { signal })).items;
      const current = releases.find((r) => r.current) ?? releases[0];
      if (!current) return null;
      const assets: Partial<Record<ScreenProfile, PreviewAsset[]>> = {};
      for (const p of SCREEN_PROFILES) {
        const sb = await apiGet(`/brand/releases/${current.id}/sites/${siteId}/${p}`, siteBrandSchema, { signal });
        assets[p] = sb.assets.filter((a) => a.role.startsWith('logo-'));
      }
      return { release: current, assets };
    },
    args: () => [this._cityId, this._load.value?.siteId ?? null, this._releases] as const,
  });

  /** Server validation of the draft, debounced while typing. */
  private _validate = new Task(this, {
    task: async ([draft], { signal }) => {
      if (!draft) return null;
      await sleep(250, signal);
      return apiSend('POST', '/brand/validate', { kit: draft, unitKind: 'city' }, problemsSchema, { signal });
    },
    args: () => [this._draft] as const,
  });

  private _save = new Task(this, {
    autoRun: false,
    task: async ([cityId, kit]: [string, BrandKit], { signal }) => {
      const saved = await apiSend('PUT', `/brand/cities/${cityId}/kit`, { kit }, effectiveKitSchema, { signal });
      this._saved = t('brand.saved');
      // The console itself wears the kit: let it take the new colours.
      this.dispatchEvent(new CustomEvent('hcpv-brand-saved', { bubbles: true, composed: true }));
      return saved;
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: minmax(22rem, 1fr) minmax(22rem, 1fr);
        gap: 1.25rem;
        align-items: start;
      }
      .colors {
        display: grid;
        gap: 0.6rem;
      }
      .color {
        display: grid;
        grid-template-columns: 13rem 3rem 7rem 1fr;
        gap: 0.5rem;
        align-items: center;
      }
      .color label {
        font-weight: 500;
        display: block;
      }
      .color .code {
        display: block;
        font-size: 0.75rem;
        font-weight: 400;
        color: var(--hcpv-muted);
        font-family: ui-monospace, monospace;
      }
      input[type='color'] {
        padding: 0;
        width: 3rem;
        height: 2rem;
      }
      .field-error {
        grid-column: 1 / -1;
        margin: 0;
        font-size: 0.85rem;
      }
      .texts {
        display: grid;
        gap: 0.75rem;
      }
      .lock {
        font-size: 0.8rem;
        font-weight: 400;
        color: var(--hcpv-warn);
      }
      .swatch {
        display: inline-block;
        padding: 0.1rem 0.5rem;
        border-radius: 4px;
        font-weight: 700;
        border: 1px solid var(--hcpv-border);
      }
      tr.fail td {
        background: #fdf1f0;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        align-items: center;
        margin-top: 1rem;
      }
      hcpv-admin-brand-logo {
        margin-top: 1.25rem;
      }
      .problems {
        margin: 0.5rem 0 0;
        padding-left: 1.2rem;
      }
    `,
  ];

  private _setColor(token: string, value: string): void {
    if (!this._draft) return;
    this._saved = '';
    this._draft = { ...this._draft, colors: { ...this._draft.colors, [token]: value } };
  }

  private _setText(field: EditableText, value: string): void {
    if (!this._draft) return;
    this._saved = '';
    this._draft = { ...this._draft, texts: { ...this._draft.texts, [field]: value } };
  }

  private _onLogo(e: CustomEvent<LogoUploaded>): void {
    if (!this._draft) return;
    this._saved = '';
    this._draft = { ...this._draft, logos: { ...this._draft.logos, [e.detail.variant]: e.detail.ref } };
  }

  private _onColorInput(e: Event): void {
    const el = e.target;
    if (el instanceof HTMLInputElement && el.dataset['token']) this._setColor(el.dataset['token'], el.value.trim());
  }

  private _onTextInput(e: Event): void {
    const el = e.target;
    const field = EDITABLE_TEXTS.find((f) => el instanceof HTMLInputElement && f === el.name);
    if (field && el instanceof HTMLInputElement) this._setText(field, el.value);
  }

  private _onSubmit(e: SubmitEvent): void {
    e.preventDefault();
    if (this._cityId && this._draft) void this._save.run([this._cityId, this._draft]);
  }

  private _pairName(r: { fg: string; bg: string; name: string }): string {
    return labelOr(`brand.pair.${r.fg}.${r.bg}`, r.name, t);
  }

  private _logoNote(): string {
    const r = this._logos.value?.release;
    return r ? t('brand.previewNote', { release: r.note ?? r.id }) : t('brand.previewNoRelease');
  }

  override render() {
    return html`<h1>${t('brand.title')}</h1>
      ${this._load.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: ({ city, canEdit }) => (this._draft ? this._editor(this._draft, city.id, canEdit) : nothing),
      })}`;
  }

  private _editor(kit: BrandKit, cityId: string, canEdit: boolean) {
    const rows = contrastRows(kit.colors, kit.contrastPairs);
    const problems = this._validate.value?.problems ?? [];
    const byField = problemsByField(problems);
    const pending = this._save.status === TaskStatus.PENDING;
    return html`<div class="grid">
        <form class="card" @submit=${(e: SubmitEvent) => this._onSubmit(e)} aria-label=${t('brand.title')}>
          <h2 style="margin-top:0">${t('brand.colors')}</h2>
          <p class="hint">${t('brand.cityOnly', { parts: ALWAYS_LOCKED.slice(0, 2).join(', ') })}</p>
          <div class="colors" @input=${(e: Event) => this._onColorInput(e)}>
            ${Object.entries(kit.colors).map(([token, value]) => {
              const failing = failingPairsOf(token, rows);
              const serverErr = byField.get(`colors.${token}`) ?? [];
              const id = `color-${token}`;
              return html`<div class="color">
                <label for=${id}>${labelOr(`brand.token.${token}`, token, t)} <span class="code">${token}</span></label>
                <input
                  type="color"
                  data-token=${token}
                  .value=${/^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : '#000000'}
                  aria-label=${t('brand.picker', { token: labelOr(`brand.token.${token}`, token, t) })}
                  ?disabled=${!canEdit}
                  tabindex="-1"
                />
                <input
                  id=${id}
                  data-token=${token}
                  .value=${value}
                  ?disabled=${!canEdit}
                  aria-invalid=${failing.length + serverErr.length > 0 ? 'true' : 'false'}
                  aria-describedby=${`${id}-err`}
                  size="8"
                />
                <span></span>
                ${
                  failing.length || serverErr.length
                    ? html`<p class="field-error error" id=${`${id}-err`} role="alert">
                        ${failing.map((r) => t('brand.contrastFail', { name: this._pairName(r), ratio: formatRatio(r.ratio), need: r.required }))}
                        ${serverErr.map((p) => p.message)}
                      </p>`
                    : nothing
                }
              </div>`;
            })}
          </div>
          <h2>${t('brand.texts')}</h2>
          <div class="texts" @input=${(e: Event) => this._onTextInput(e)}>
            ${EDITABLE_TEXTS.map((f) => {
              const locked = kit.locks.includes(`texts.${f}`);
              const errs = byField.get(`texts.${f}`) ?? [];
              return html`<label
                >${t(`brand.text.${f}`)}
                ${locked ? html`<span class="lock">🔒 ${t('brand.locked')}</span>` : html`<span class="hint">${t('brand.unitMay')}</span>`}
                <input
                  name=${f}
                  .value=${kit.texts[f]}
                  ?disabled=${!canEdit}
                  aria-invalid=${errs.length ? 'true' : 'false'}
                />
                ${errs.map((p) => html`<span class="error" role="alert">${p.message}</span>`)}
              </label>`;
            })}
          </div>
          ${this._save.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._save.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
          ${
            canEdit
              ? html`<div class="actions">
                  <button type="submit" ?disabled=${pending || problems.length > 0}>${t('brand.save')}</button>
                  <span class="ok" role="status">${this._saved}</span>
                  ${problems.length ? html`<span class="error">${t('brand.problems', { n: problems.length })}</span>` : nothing}
                </div>`
              : nothing
          }
        </form>
        <section class="card">
          <h2 style="margin-top:0">${t('brand.contrast')}</h2>
          <table aria-label=${t('brand.contrast')}>
            <thead>
              <tr>
                <th>${t('brand.pair')}</th>
                <th>${t('brand.sample')}</th>
                <th class="num">${t('brand.ratio')}</th>
                <th class="num">${t('brand.need')}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr class=${r.ok ? 'pass' : 'fail'} data-pair=${r.index}>
                    <td>
                      ${this._pairName(r)}
                      <div class="hint">${r.fg} / ${r.bg}</div>
                    </td>
                    <td>
                      <span class="swatch" style="color:${r.fgHex ?? 'inherit'};background:${r.bgHex ?? 'transparent'}"
                        >Aa Ặ</span
                      >
                    </td>
                    <td class="num ${r.ok ? 'ok' : 'error'}">${formatRatio(r.ratio)} ${r.ok ? '✓' : '✗'}</td>
                    <td class="num">${r.required}:1</td>
                  </tr>`,
              )}
            </tbody>
          </table>
          ${
            (byField.get('kit') ?? []).length
              ? html`<ul class="problems">
                  ${(byField.get('kit') ?? []).map((p) => html`<li class="error">${p.message}</li>`)}
                </ul>`
              : nothing
          }
        </section>
      </div>
      <hcpv-admin-brand-logo
        .cityId=${cityId}
        .canEdit=${canEdit}
        .logos=${kit.logos}
        @hcpv-logo-uploaded=${(e: CustomEvent<LogoUploaded>) => this._onLogo(e)}
      ></hcpv-admin-brand-logo>
      <h2>${t('brand.preview')}</h2>
      <p class="hint">${this._logoNote()}</p>
      <hcpv-admin-brand-frames
        .kit=${kit}
        .assets=${this._logos.value?.assets ?? {}}
        .releaseId=${this._logos.value?.release.id ?? null}
      ></hcpv-admin-brand-frames>
      <hcpv-admin-brand-releases
        .cityId=${cityId}
        .canRelease=${canEdit}
        @hcpv-release-created=${() => this._releases++}
      ></hcpv-admin-brand-releases>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-brand': HcpvAdminBrand;
  }
}
