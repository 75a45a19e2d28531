import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { pageAt } from '../lib/carousel.js';
import { PlayerController, type PlayerState } from '../lib/controller.js';
import { layoutFor, type LayoutSpec } from '../lib/layout.js';
import { listenForPreview, previewProfile } from '../lib/preview.js';
import type { ScreenProfile } from '../../../brand-kit/profiles.js';
import { callAt, visibleRows } from '../lib/queue-board.js';
import { waitingRows } from '../lib/queue-waiting.js';
import { DEFAULT_COLORS, screenView, type ColorName, type ScreenView } from '../lib/view-model.js';
import type { PlayedDetail } from './player-carousel.js';
import './player-alert.js';
import './player-board.js';
import './player-carousel.js';
import './player-counter.js';
import './player-header.js';
import './player-pairing.js';
import './player-ticker.js';
import './player-wayfinding.js';

const CSS_VAR: Record<ColorName, string> = {
  primary: '--hcpv-primary',
  primaryDark: '--hcpv-primary-dark',
  onPrimary: '--hcpv-on-primary',
  accent: '--hcpv-accent',
  ink: '--hcpv-ink',
  muted: '--hcpv-muted',
  paper: '--hcpv-paper',
  surface: '--hcpv-surface',
  success: '--hcpv-success',
  alert: '--hcpv-alert',
  onAlert: '--hcpv-on-alert',
};

const WAYFINDING_PAGE_MS = 10_000;

/** The lobby screen: pairing on first start, then the branded layout of its manifest. */
@customElement('hcpv-player-app')
export class HcpvPlayerApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: fixed;
      inset: 0;
      overflow: hidden;
      font-family: 'Be Vietnam Pro', sans-serif;
      background: var(--hcpv-surface);
      color: var(--hcpv-ink);
    }
    .screen {
      display: grid;
      height: 100%;
      gap: 0.5rem;
      padding-bottom: 0;
      box-sizing: border-box;
    }
    hcpv-player-header {
      grid-area: header;
    }
    hcpv-player-carousel {
      grid-area: carousel;
      margin-left: 0.6rem;
    }
    hcpv-player-board {
      grid-area: board;
      margin-right: 0.6rem;
    }
    hcpv-player-wayfinding {
      grid-area: wayfinding;
      margin-right: 0.6rem;
    }
    hcpv-player-counter {
      grid-area: counter;
    }
    hcpv-player-ticker {
      grid-area: ticker;
    }
    .portrait hcpv-player-carousel {
      margin-right: 0.6rem;
    }
    .portrait hcpv-player-board {
      margin-left: 0.6rem;
      margin-right: 0;
    }
    .boot {
      display: grid;
      place-items: center;
      height: 100%;
      background: var(--hcpv-primary-dark);
      color: var(--hcpv-accent);
      font-size: 2rem;
      font-weight: 800;
    }
    .identify {
      position: fixed;
      inset: 20% 10%;
      z-index: 900;
      display: grid;
      place-items: center;
      background: var(--hcpv-ink);
      color: var(--hcpv-paper);
      font-size: 2.4rem;
      font-weight: 800;
      border-radius: 1rem;
    }
  `;

  /** Benchmarks only: carousel time acceleration. */
  @property({ type: Number }) speed = 1;
  /**
   * Brand preview of this profile (from `?preview=`): the embedding editor supplies the manifest;
   * the screen neither pairs, connects, acks nor reports.
   */
  @property() preview: ScreenProfile | null = previewProfile(location.search);

  @state() private _state: PlayerState | null = null;
  @state() private _now = Date.now();
  private _view: ScreenView | null = null;
  private _viewKey = '';
  private _alertShown: { id: string; at: number } | null = null;
  private _firstFrame = false;
  private _tick: ReturnType<typeof setInterval> | undefined;
  private _unlisten: (() => void) | null = null;
  readonly controller: PlayerController;

  constructor() {
    super();
    this.controller = new PlayerController();
    this.controller.addEventListener('change', this._onChange);
    this.addEventListener('hcpv-played', this._onPlayed);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._tick = setInterval(() => (this._now = Date.now()), 5_000);
    addEventListener('resize', this._onResize);
    if (this.preview) this._unlisten = listenForPreview(window, this.preview, (m, c) => this.controller.preview(m, c));
    else void this.controller.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this._tick);
    removeEventListener('resize', this._onResize);
    this._unlisten?.();
    this.controller.stop();
  }

  private readonly _onChange = (): void => {
    this._state = this.controller.state;
  };

  private readonly _onResize = (): void => this.requestUpdate();

  private readonly _onPlayed = (e: CustomEvent<PlayedDetail>): void => {
    this.controller.played(e.detail);
  };

  private _layout(view: ScreenView, m: NonNullable<PlayerState['manifest']>): LayoutSpec {
    const layout = layoutFor(m.layout.profile);
    // A panel whose CSS viewport differs from its profile (device pixel ratio) keeps proportions.
    const scale = Math.min(innerWidth / layout.width, innerHeight / layout.height) || 1;
    document.documentElement.style.fontSize = `${(layout.basePx * scale).toFixed(2)}px`;
    this.style.setProperty('--hcpv-card-scale', String(layout.cardScale));
    this.style.setProperty('--hcpv-qr-size', `${layout.qrEm}em`);
    for (const [name, value] of Object.entries(view.brand.colors)) {
      this.style.setProperty(CSS_VAR[name as ColorName], value);
    }
    return layout;
  }

  private _trackAlert(id: string | null): void {
    const now = Date.now();
    if (this._alertShown && this._alertShown.id !== id) {
      this.controller.played({
        item: `alert:${this._alertShown.id}`,
        startedAt: this._alertShown.at,
        durationMs: now - this._alertShown.at,
      });
      this._alertShown = null;
    }
    if (id && !this._alertShown) this._alertShown = { id, at: now };
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('speed')) this.controller.accelerate(this.speed);
  }

  protected override updated(): void {
    if (!this._firstFrame && this._state?.phase === 'showing' && this._state.manifest) {
      this._firstFrame = true;
      // The frame after this render is the first branded one (measured by the player benchmark).
      requestAnimationFrame(() => performance.mark('hcpv-first-frame'));
    }
    this.dataset['phase'] = this._state?.phase ?? 'boot';
    this.dataset['hash'] = this._state?.phase === 'showing' ? (this._state.manifest?.hash ?? '') : '';
    this.dataset['online'] = String(this._state?.online ?? false);
  }

  override render() {
    const s = this._state;
    if (!s || s.phase === 'boot' || (s.phase === 'showing' && !s.manifest)) {
      this._setDefaults();
      return html`<div class="boot">Hành chính phục vụ</div>`;
    }
    if (s.phase === 'pairing' || !s.manifest) {
      this._setDefaults();
      return html`<hcpv-player-pairing .code=${s.pairing?.code ?? ''} ?online=${s.online}></hcpv-player-pairing>`;
    }
    const m = s.manifest;
    const key = `${m.hash}|${Math.floor(this._now / 60_000)}`;
    if (key !== this._viewKey || !this._view) {
      this._view = screenView(m, this._now);
      this._viewKey = key;
    }
    const v = this._view;
    const l = this._layout(v, m);
    const alert = v.alerts[0] ?? null;
    this._trackAlert(alert?.id ?? null);
    return html`<div
        class="screen ${l.profile === 'portrait-1080' ? 'portrait' : ''}"
        style="grid-template-areas:${l.gridAreas};grid-template-columns:${l.gridColumns};grid-template-rows:${l.gridRows}"
      >
        ${l.regions.map((r) => this._region(r, v, l, s))}
      </div>
      ${alert ? html`<hcpv-player-alert .alert=${alert}></hcpv-player-alert>` : nothing}
      ${s.identifyUntil > this._now ? html`<div class="identify">${m.screen.name}</div>` : nothing}`;
  }

  private _setDefaults(): void {
    document.documentElement.style.fontSize = `${Math.max(24, Math.round(Math.min(innerWidth, innerHeight) / 37))}px`;
    for (const [name, value] of Object.entries(DEFAULT_COLORS))
      this.style.setProperty(CSS_VAR[name as ColorName], value);
  }

  private _region(r: string, v: ScreenView, l: LayoutSpec, s: PlayerState) {
    switch (r) {
      case 'header':
        return html`<hcpv-player-header
          .slogan=${v.brand.slogan}
          .unitName=${v.brand.unitName}
          .logoUrl=${v.brand.logo ? (s.assetUrls.get(v.brand.logo.url) ?? null) : null}
          ?compact=${l.profile === 'counter-720'}
        ></hcpv-player-header>`;
      case 'carousel':
        return html`<hcpv-player-carousel
          .slides=${v.slides}
          .layout=${l}
          .brand=${v.brand}
          .speed=${this.speed}
        ></hcpv-player-carousel>`;
      case 'board': {
        const waiting = waitingRows(s.waiting, { max: l.maxWaitingRows, now: this._now, online: s.online });
        return html`<hcpv-player-board
          .rows=${visibleRows(s.board, this._now, waiting.length ? l.boardRowsWithWaiting : l.maxBoardRows)}
          .waiting=${waiting}
        ></hcpv-player-board>`;
      }
      case 'wayfinding': {
        const p = pageAt(v.wayfinding.length, l.maxWayfindingRows, this._now, WAYFINDING_PAGE_MS);
        return html`<hcpv-player-wayfinding
          .rows=${v.wayfinding.slice(p.start, p.end)}
          .pageLabel=${p.pages > 1 ? `${p.page + 1}/${p.pages}` : ''}
        ></hcpv-player-wayfinding>`;
      }
      case 'counter': {
        const call = v.counter === null ? s.board.rows[0] : callAt(s.board, v.counter);
        return html`<hcpv-player-counter
          .counter=${v.counter}
          .fields=${v.counterFields}
          .ticket=${call?.ticket ?? ''}
          .zoneName=${v.zoneName ?? ''}
        ></hcpv-player-counter>`;
      }
      case 'ticker':
        return html`<hcpv-player-ticker .brand=${v.brand}></hcpv-player-ticker>`;
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-app': HcpvPlayerApp;
  }
}
