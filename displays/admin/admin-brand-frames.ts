import { LitElement, css, html } from 'lit';
import { customElement, property, queryAll } from 'lit/decorators.js';
import { z } from 'zod';
import { PROFILE_SIZE, SCREEN_PROFILES, type ScreenProfile } from '../../brand-kit/profiles.js';
import type { BrandKit } from '../../brand-kit/kit.schema.js';
import { t } from '../shared/i18n.js';
import { themeStyles } from '../shared/theme.js';
import { PREVIEW_READY, type PreviewMessage } from '../player/lib/preview.js';
import { previewContent, sampleCalls, withHash, type PreviewAsset } from './lib/brand-preview.js';

const readySchema = z.object({ type: z.literal(PREVIEW_READY) });
/** Preview thumbnails are this wide on the page, whatever the profile. */
const THUMB_WIDTH = 400;

/**
 * One live preview per screen profile: the real player (`/display/?preview=<profile>`) in an
 * iframe, handed the manifest the draft kit gives a screen of that profile on every change.
 */
@customElement('hcpv-admin-brand-frames')
export class HcpvAdminBrandFrames extends LitElement {
  /** The draft kit to show. */
  @property({ attribute: false }) kit: Pick<BrandKit, 'colors' | 'texts'> | null = null;
  /** Logo renditions per profile (from the current release). */
  @property({ attribute: false }) assets: Partial<Record<ScreenProfile, readonly PreviewAsset[]>> = {};
  /** The release the logos come from. */
  @property({ attribute: false }) releaseId: string | null = null;

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
    if (e.origin !== location.origin || !readySchema.safeParse(e.data).success) return;
    const frame = [...this._frames].find((f) => f.contentWindow === e.source);
    if (frame) this._post(frame);
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
    for (const f of this._frames) this._post(f);
  }

  private _post(frame: HTMLIFrameElement): void {
    const profile = SCREEN_PROFILES.find((p) => p === frame.dataset['profile']);
    if (!this.kit || !profile) return;
    const now = Date.now();
    const manifest = withHash(previewContent(profile, this.kit, this.assets[profile] ?? [], this.releaseId), now);
    const message: PreviewMessage = { type: 'hcpv-preview', manifest, calls: sampleCalls(now) };
    // For tests and the curious: which manifest this frame was last given.
    frame.dataset['hash'] = manifest.hash;
    frame.contentWindow?.postMessage(message, location.origin);
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
            src=${`/display/?preview=${p}`}
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
