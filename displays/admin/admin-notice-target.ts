import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { z } from 'zod';
import { apiGet } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { SCREEN_PROFILES, type ScreenProfile } from '../../brand-kit/profiles.js';
import { noticeZoneSchema } from '../../server/notices/notices.schemas.js';
import type { NoticeDraft } from './lib/notice-form.js';
import { pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';

const zonesSchema = z.object({ items: z.array(noticeZoneSchema) });

export type TargetPatch = Partial<Pick<NoticeDraft, 'orgId' | 'tags' | 'zones' | 'profiles'>>;

/**
 * Where a notice shows: the unit (and below), site tags, zones picked from those the unit's sites
 * have, and screen profiles. Fires `hcpv-target-change` with what changed.
 */
@customElement('hcpv-admin-notice-target')
export class HcpvAdminNoticeTarget extends LitElement {
  /** The draft whose target is edited. */
  @property({ attribute: false }) draft: NoticeDraft | null = null;
  /** Units the user may write notices for. */
  @property({ attribute: false }) units: readonly { id: string; name: string }[] = [];
  /** Site tags in use, as a hint. */
  @property({ attribute: false }) knownTags: readonly string[] = [];
  @property({ type: Boolean }) disabled = false;

  constructor() {
    super();
    new LangController(this);
  }

  /** The zones of the sites under the chosen unit. */
  private _zones = new Task(this, {
    task: async ([orgId], { signal }) =>
      orgId ? (await apiGet('/notices/zones', zonesSchema, { signal, query: { orgId } })).items : [],
    args: () => [this.draft?.orgId ?? ''] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      .row {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
        gap: 0.75rem;
      }
      .checks {
        display: flex;
        gap: 0.4rem 1.25rem;
        flex-wrap: wrap;
      }
      .checks label {
        flex-direction: row;
        align-items: center;
        gap: 0.35rem;
        font-weight: 400;
      }
      .group {
        margin: 0.9rem 0 0.3rem;
        font-size: 0.9rem;
        font-weight: 500;
      }
      .count {
        color: var(--hcpv-muted);
        font-size: 0.8rem;
      }
    `,
  ];

  private _emit(patch: TargetPatch): void {
    this.dispatchEvent(new CustomEvent<TargetPatch>('hcpv-target-change', { detail: patch }));
  }

  private _toggle<T extends string>(list: readonly T[], item: T, on: boolean): T[] {
    const rest = list.filter((x) => x !== item);
    return on ? [...rest, item] : rest;
  }

  private _zonePicker(d: NoticeDraft) {
    const zones = this._zones.value ?? [];
    // Zones the draft names that the unit's sites no longer have stay visible, so they can be unticked.
    const stray = d.zones.filter((z) => !zones.some((x) => x.id === z));
    return html`<p class="group" id="zones-label">${t('editor.zones')}</p>
      <div class="checks" role="group" aria-labelledby="zones-label" aria-describedby="zones-hint">
        ${zones.map(
          (z) =>
            html`<label
              ><input
                type="checkbox"
                data-zone=${z.id}
                .checked=${d.zones.includes(z.id)}
                ?disabled=${this.disabled}
                @change=${(e: Event) =>
                  e.target instanceof HTMLInputElement &&
                  this._emit({ zones: this._toggle(d.zones, z.id, e.target.checked) })}
              />${z.name} <span class="count">${t('editor.zoneSites', { n: z.sites })}</span></label
            >`,
        )}
        ${stray.map(
          (id) =>
            html`<label class="error"
              ><input
                type="checkbox"
                data-zone=${id}
                checked
                ?disabled=${this.disabled}
                @change=${() => this._emit({ zones: d.zones.filter((x) => x !== id) })}
              />${t('editor.zoneGone', { id })}</label
            >`,
        )}
      </div>
      <span class="hint" id="zones-hint"
        >${this._zones.value && zones.length === 0 ? t('editor.zonesNone') : t('editor.zonesHint')}</span
      >
      ${this._zones.error ? html`<hcpv-error-message .error=${this._zones.error}></hcpv-error-message>` : nothing}`;
  }

  override render() {
    const d = this.draft;
    if (!d) return nothing;
    return html`<div class="row">
        <label
          >${t('editor.unit')}
          <select
            name="orgId"
            ?disabled=${this.disabled}
            @change=${(e: Event) => e.target instanceof HTMLSelectElement && this._emit({ orgId: e.target.value })}
          >
            ${this.units.map((u) => html`<option value=${u.id} ?selected=${u.id === d.orgId}>${u.name}</option>`)}
          </select>
        </label>
        <label
          >${t('editor.tags')}<input
            name="tags"
            .value=${d.tags}
            ?disabled=${this.disabled}
            aria-describedby="tags-known"
            @input=${(e: Event) => e.target instanceof HTMLInputElement && this._emit({ tags: e.target.value })}
          />
          <span class="hint" id="tags-known">${t('editor.knownTags', { tags: this.knownTags.join(', ') })}</span></label
        >
      </div>
      ${this._zonePicker(d)}
      <p class="group" id="profiles-label">${t('editor.profiles')}</p>
      <div class="checks" role="group" aria-labelledby="profiles-label">
        ${SCREEN_PROFILES.map(
          (p: ScreenProfile) =>
            html`<label
              ><input
                type="checkbox"
                .checked=${d.profiles.includes(p)}
                ?disabled=${this.disabled}
                @change=${(e: Event) =>
                  e.target instanceof HTMLInputElement &&
                  this._emit({ profiles: this._toggle(d.profiles, p, e.target.checked) })}
              />${p}</label
            >`,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-notice-target': HcpvAdminNoticeTarget;
  }
}
