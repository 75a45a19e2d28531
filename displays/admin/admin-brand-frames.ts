import { LitElement, css, html } from 'lit';
import { customElement, property, queryAll } from 'lit/decorators.js';
import { z } from 'zod';
import { PROFILE_SIZE, SCREEN_PROFILES } from '../../brand-kit/profiles.js';
import { t } from '../shared/i18n.js';
import { themeStyles } from '../shared/theme.js';
import type { PreviewMessage } from './lib/brand-draft.js';

const readySchema = z.object({ type: z.literal('hcpv-brand-preview-ready') });
/** Preview thumbnails are this wide on the page, whatever the profile. */
const THUMB_WIDTH = 400;

/** One live preview frame per screen profile, each running the player's elements on the draft kit. */
@customElement('hcpv-admin-brand-frames')
export class HcpvAdminBrandFrames extends LitElement {
  /** The draft to show; every change is posted to every frame. */
  @property({ attribute: false }) message: PreviewMessage | null = null;

  @queryAll('iframe') private _frames!: NodeListOf<HTMLIFrameElement>;

  static override styles = [
    themeStyles,
    css`
      :host {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: flex-start;
      }
      figure {
        margin: 0;
      }
      .box {
        overflow: hidden;
        border: 1px solid var(--hcpv-border);
        border-radius: 6px;
        background: #000;
      }
      iframe {
        border: 0;
        transform-origin: 0 0;
        display: block;
      }
      figcaption {
        font-size: 0.8rem;
        color: var(--hcpv-muted);
        margin-top: 0.25rem;
      }
    `,
  ];

  private readonly _onMessage = (e: MessageEvent): void => {
    if (e.origin === location.origin && readySchema.safeParse(e.data).success) this._post();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('message', this._onMessage);
  }

  override disconnectedCallback(): void {
    removeEventListener('message', this._onMessage);
    super.disconnectedCallback();
  }

  protected override updated(): void {
    this._post();
  }

  private _post(): void {
    if (!this.message) return;
    for (const f of this._frames) f.contentWindow?.postMessage(this.message, location.origin);
  }

  override render() {
    return SCREEN_PROFILES.map((p) => {
      const { width, height } = PROFILE_SIZE[p];
      const scale = THUMB_WIDTH / Math.max(width, height * 0.9);
      return html`<figure>
        <div class="box" style="width:${Math.round(width * scale)}px;height:${Math.round(height * scale)}px">
          <iframe
            title=${t('brand.previewOf', { profile: p })}
            data-profile=${p}
            src=${`/admin/?preview=${p}`}
            width=${width}
            height=${height}
            style="transform:scale(${scale})"
            tabindex="-1"
          ></iframe>
        </div>
        <figcaption>${p} · ${width}×${height}</figcaption>
      </figure>`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-brand-frames': HcpvAdminBrandFrames;
  }
}
