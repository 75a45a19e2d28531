import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError } from '../shared/api.js';
import { t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { postJsonWithProgress } from '../shared/xhr-upload.js';
import { assetRefSchema, type AssetRef, type LogoVariant } from '../../brand-kit/kit.schema.js';
import { base64OfDataUrl, refusalKey, uploadPercent } from './lib/upload-refusal.js';
import { pageStyles } from './admin-styles.js';
import '../shared/elements/progress-bar.js';
import '../shared/elements/error-message.js';

const VARIANTS: readonly LogoVariant[] = ['full', 'mono', 'inverse'];

export interface LogoUploaded {
  variant: LogoVariant;
  ref: AssetRef;
}

type UploadState =
  | { kind: 'idle' }
  | { kind: 'sending'; percent: number; name: string }
  | { kind: 'done'; ref: AssetRef; variant: LogoVariant }
  | { kind: 'refused'; error: unknown };

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.addEventListener('load', () => resolve(typeof r.result === 'string' ? r.result : ''));
    r.addEventListener('error', () => reject(r.error ?? new Error('The file cannot be read')));
    r.readAsDataURL(file);
  });
}

/**
 * Logo upload for the city kit: choose the variant and a file, watch the upload's progress, read
 * a refusal in plain words (unsafe SVG, too many pixels, wrong format, too large). A stored logo
 * fires `hcpv-logo-uploaded` so the editor puts it into the draft kit, to be saved with it.
 */
@customElement('hcpv-admin-brand-logo')
export class HcpvAdminBrandLogo extends LitElement {
  /** The city whose kit takes the upload. */
  @property() cityId = '';
  /** False: the form is shown disabled. */
  @property({ type: Boolean }) canEdit = false;
  /** The kit's current logos, to show their names. */
  @property({ attribute: false }) logos: Readonly<Record<LogoVariant, AssetRef>> | null = null;

  @state() private _state: UploadState = { kind: 'idle' };
  private _abort: AbortController | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: end;
      }
      .current {
        margin: 0 0 0.75rem;
        padding: 0;
        list-style: none;
        display: flex;
        gap: 1rem;
        flex-wrap: wrap;
        font-size: 0.85rem;
      }
      .status {
        margin-top: 0.75rem;
      }
      hcpv-progress-bar {
        margin-top: 0.75rem;
        max-width: 32rem;
      }
    `,
  ];

  override disconnectedCallback(): void {
    this._abort?.abort();
    super.disconnectedCallback();
  }

  private async _onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const data = new FormData(form);
    const file = data.get('file');
    const variant = VARIANTS.find((v) => v === data.get('variant')) ?? 'full';
    if (!(file instanceof File) || file.size === 0) {
      this._state = { kind: 'refused', error: new Error(t('logo.pickFile')) };
      return;
    }
    this._abort?.abort();
    const abort = new AbortController();
    this._abort = abort;
    this._state = { kind: 'sending', percent: 0, name: file.name };
    try {
      const contentBase64 = base64OfDataUrl(await readDataUrl(file));
      const ref = await postJsonWithProgress(
        `/brand/cities/${encodeURIComponent(this.cityId)}/sources`,
        { fileName: file.name, contentBase64 },
        assetRefSchema,
        {
          signal: abort.signal,
          onProgress: (loaded, total) => {
            this._state = { kind: 'sending', percent: uploadPercent(loaded, total, false), name: file.name };
          },
        },
      );
      this._state = { kind: 'done', ref, variant };
      this.dispatchEvent(
        new CustomEvent<LogoUploaded>('hcpv-logo-uploaded', {
          detail: { variant, ref },
          bubbles: true,
          composed: true,
        }),
      );
      form.reset();
    } catch (err) {
      if (!abort.signal.aborted) this._state = { kind: 'refused', error: err };
    }
  }

  override render() {
    const s = this._state;
    return html`<section class="card" aria-labelledby="logo-h">
      <h2 id="logo-h" style="margin-top:0">${t('logo.title')}</h2>
      ${
        this.logos
          ? html`<ul class="current">
              ${VARIANTS.map((v) => html`<li><strong>${t(`logo.variant.${v}`)}:</strong> ${this.logos?.[v].name ?? ''}</li>`)}
            </ul>`
          : nothing
      }
      <form @submit=${(e: SubmitEvent) => void this._onSubmit(e)} aria-label=${t('logo.title')}>
        <label
          >${t('logo.variant')}
          <select name="variant" ?disabled=${!this.canEdit}>
            ${VARIANTS.map((v) => html`<option value=${v}>${t(`logo.variant.${v}`)}</option>`)}
          </select>
        </label>
        <label
          >${t('logo.file')}
          <input
            type="file"
            name="file"
            accept=".svg,.png,.webp,.jpg,.jpeg,image/svg+xml,image/png,image/webp,image/jpeg"
            ?disabled=${!this.canEdit}
          />
        </label>
        <button type="submit" ?disabled=${!this.canEdit || s.kind === 'sending'}>${t('logo.upload')}</button>
      </form>
      <p class="hint">${t('logo.hint')}</p>
      ${
        s.kind === 'sending' || s.kind === 'done'
          ? html`<hcpv-progress-bar
              label=${t('logo.progress')}
              .value=${s.kind === 'done' ? 100 : s.percent}
              max="100"
            ></hcpv-progress-bar>`
          : nothing
      }
      <div class="status">
        ${
          s.kind === 'done'
            ? html`<p class="ok" role="status">
                ${t('logo.done', { name: s.ref.name, w: s.ref.width, h: s.ref.height, variant: t(`logo.variant.${s.variant}`) })}
              </p>`
            : nothing
        }
        ${s.kind === 'refused' ? this._refusal(s.error) : nothing}
      </div>
    </section>`;
  }

  private _refusal(error: unknown) {
    const key = error instanceof ApiError ? refusalKey(error.code) : null;
    return html`<hcpv-error-message
      class="refusal"
      .error=${error}
      heading=${key ? t(key) : t('logo.failed')}
    ></hcpv-error-message>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-brand-logo': HcpvAdminBrandLogo;
  }
  interface HTMLElementEventMap {
    'hcpv-logo-uploaded': CustomEvent<LogoUploaded>;
  }
}
