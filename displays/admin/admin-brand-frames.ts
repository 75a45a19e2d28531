import { LitElement, css, html } from 'lit';
import { customElement, property, queryAll } from 'lit/decorators.js';
import { z } from 'zod';
import { PROFILE_SIZE, SCREEN_PROFILES, type ScreenProfile } from '../../brand-kit/profiles.js';
import type { BrandKit } from '../../brand-kit/kit.schema.js';
import { t } from '../shared/i18n.js';
import { themeStyles } from '../shared/theme.js';
import { PREVIEW_READY, type PreviewMessage } from '../shared/preview-protocol.js';
import { previewContent, sampleCalls, withHash, type PreviewAsset } from './lib/brand-preview.js';

const readySchema = z.object({ type: z.literal(PREVIEW_READY) });
/** Landscape previews are this wide on the page, stacked; the portrait one stands beside them, as tall. */
const LANDSCAPE_WIDTH = 420;
const GAP_PX = 16;
const CAPTION_PX = 22;

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
        display: grid;
        grid-template-columns: max-content max-content;
        gap: 16px;
        align-items: start;
      }
      figure {
        margin: 0;
        grid-column: 1;
      }
      figure[data-profile='portrait-1080'] {
        grid-column: 2;
        grid-row: 1 / span 3;
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
        line-height: 18px;
        height: 18px;
        color: var(--hcpv-muted);
        margin-top: 4px;
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
    const landscapes = SCREEN_PROFILES.filter((p) => p !== 'portrait-1080');
    const stackHeight = landscapes.reduce(
      (h, p) => h + (PROFILE_SIZE[p].height * LANDSCAPE_WIDTH) / PROFILE_SIZE[p].width,
      (landscapes.length - 1) * (GAP_PX + CAPTION_PX),
    );
    return SCREEN_PROFILES.map((p) => {
      const { width, height } = PROFILE_SIZE[p];
      const scale = p === 'portrait-1080' ? stackHeight / height : LANDSCAPE_WIDTH / width;
      return html`<figure data-profile=${p}>
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
