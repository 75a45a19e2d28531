import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ScreenProfile } from '../../brand-kit/profiles.js';
import type { Manifest } from '../shared/protocol.js';
import { layoutFor, type LayoutSpec } from '../player/lib/layout.js';
import { screenView, type ScreenView } from '../player/lib/view-model.js';
import { playerCssVar, previewMessageSchema, type PreviewMessage } from './lib/brand-draft.js';
// The player's own stylesheet, so regions sit exactly as on a lobby screen.
import { HcpvPlayerApp } from '../player/elements/player-app.js';
import '../player/elements/player-header.js';
import '../player/elements/player-ticker.js';
import '../player/elements/player-board.js';
import '../player/elements/player-counter.js';
import '../player/elements/player-wayfinding.js';
import '../player/elements/player-carousel.js';

/** The manifest a screen of this profile would get from the draft kit (no notices, no alerts). */
export function previewManifest(profile: ScreenProfile, m: PreviewMessage): Manifest {
  const l = layoutFor(profile);
  return {
    hash: '0'.repeat(64),
    generatedAt: 0,
    screen: { id: 'preview', name: 'Xem trước', siteId: 'preview', zoneId: 'waiting', profile },
    site: { id: 'preview', name: m.texts.unitName, shortName: null },
    brand: { releaseId: null, tokens: { colors: m.colors }, texts: m.texts, assets: [] },
    notices: [],
    alerts: [],
    layout: {
      profile,
      width: l.width,
      height: l.height,
      zone: { id: 'waiting', kind: 'waiting', name: 'Khu vực chờ' },
      counters: [{ number: 1, zoneId: 'counters', fields: ['Hộ tịch', 'Chứng thực'] }],
      counter: profile === 'counter-720' ? 1 : null,
    },
    channels: { queueCalls: true },
  };
}

/**
 * Runs inside a preview frame (`/admin/?preview=<profile>`): the player's own elements and layout
 * at the profile's full size, fed the draft kit by the editor through postMessage.
 */
@customElement('hcpv-admin-brand-preview')
export class HcpvAdminBrandPreview extends LitElement {
  /** The screen profile to render. */
  @property() profile: ScreenProfile = 'landscape-1080';

  @state() private _message: PreviewMessage | null = null;

  static override styles = [HcpvPlayerApp.styles, css``];

  private readonly _onMessage = (e: MessageEvent): void => {
    if (e.origin !== location.origin) return;
    const parsed = previewMessageSchema.safeParse(e.data);
    if (parsed.success) this._message = parsed.data;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('message', this._onMessage);
    // Tell the editor this frame is ready for the draft.
    parent.postMessage({ type: 'hcpv-brand-preview-ready', profile: this.profile }, location.origin);
  }

  override disconnectedCallback(): void {
    removeEventListener('message', this._onMessage);
    super.disconnectedCallback();
  }

  protected override updated(): void {
    this.dataset['accent'] = this._message?.colors['accent'] ?? '';
    this.dataset['slogan'] = this._message?.texts.slogan ?? '';
  }

  override render() {
    const m = this._message;
    if (!m) return nothing;
    const l = layoutFor(this.profile);
    document.documentElement.style.fontSize = `${l.basePx}px`;
    const v = screenView(previewManifest(this.profile, m), Date.now());
    for (const [name, value] of Object.entries(v.brand.colors)) this.style.setProperty(playerCssVar(name), value);
    return html`<div
      class="screen ${l.profile === 'portrait-1080' ? 'portrait' : ''}"
      style="grid-template-areas:${l.gridAreas};grid-template-columns:${l.gridColumns};grid-template-rows:${l.gridRows}"
    >
      ${l.regions.map((r) => this._region(r, v, l))}
    </div>`;
  }

  private _region(r: string, v: ScreenView, l: LayoutSpec) {
    switch (r) {
      case 'header':
        return html`<hcpv-player-header
          .slogan=${v.brand.slogan}
          .unitName=${v.brand.unitName}
          .logoUrl=${null}
          ?compact=${l.profile === 'counter-720'}
        ></hcpv-player-header>`;
      case 'carousel':
        return html`<hcpv-player-carousel .slides=${v.slides} .layout=${l} .brand=${v.brand}></hcpv-player-carousel>`;
      case 'board':
        return html`<hcpv-player-board
          .rows=${[{ counter: 1, ticket: '1024', at: 0, highlighted: true }]}
        ></hcpv-player-board>`;
      case 'wayfinding':
        return html`<hcpv-player-wayfinding .rows=${v.wayfinding} .pageLabel=${''}></hcpv-player-wayfinding>`;
      case 'counter':
        return html`<hcpv-player-counter
          .counter=${v.counter}
          .fields=${v.counterFields}
          .ticket=${'1024'}
          .zoneName=${v.zoneName ?? ''}
        ></hcpv-player-counter>`;
      case 'ticker':
        return html`<hcpv-player-ticker .brand=${v.brand}></hcpv-player-ticker>`;
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-brand-preview': HcpvAdminBrandPreview;
  }
}
