import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { buildSchedule, sameSchedule, slideAt, type Schedule } from '../lib/carousel.js';
import type { LayoutSpec } from '../lib/layout.js';
import { slideChars, type BrandView, type Slide } from '../lib/view-model.js';
import './player-notice-card.js';
import './player-procedure-card.js';

export interface PlayedDetail {
  item: string;
  startedAt: number;
  durationMs: number;
}

/**
 * Rotates procedure and notice cards on the carousel schedule; with nothing published it shows
 * the unit's identity card, never an empty panel. Fires `hcpv-played` as each slide leaves.
 */
@customElement('hcpv-player-carousel')
export class HcpvPlayerCarousel extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      background: var(--hcpv-paper);
      color: var(--hcpv-ink);
      border-radius: 0.4rem;
      padding: 0.8rem 1rem;
      box-sizing: border-box;
      min-height: 0;
      /* Cards size their text in em: the profile may enlarge them to fill the panel. */
      font-size: calc(1rem * var(--hcpv-card-scale, 1));
    }
    .identity {
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
      line-height: 1.25;
    }
    .identity h2 {
      margin: 0;
      font-size: 1.5rem;
      color: var(--hcpv-primary);
    }
    .identity p {
      margin: 0;
      font-size: 1rem;
    }
    .values {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
    }
    .values span {
      font-size: 1rem;
      font-weight: 700;
      background: var(--hcpv-surface);
      border-left: 0.25rem solid var(--hcpv-accent);
      padding: 0.15rem 0.5rem;
    }
    .dots {
      position: absolute;
      right: 1rem;
      bottom: 0.5rem;
      display: flex;
      gap: 0.3rem;
    }
    .dots i {
      width: 0.45rem;
      height: 0.45rem;
      border-radius: 50%;
      background: var(--hcpv-muted);
      opacity: 0.35;
    }
    .dots i.on {
      opacity: 1;
      background: var(--hcpv-primary);
    }
  `;

  /** Cards to rotate. */
  @property({ attribute: false }) slides: readonly Slide[] = [];
  /** Limits of the screen profile. */
  @property({ attribute: false }) layout: LayoutSpec | null = null;
  /** Identity shown when there is nothing to rotate. */
  @property({ attribute: false }) brand: BrandView | null = null;
  /** Time acceleration (benchmarks only). */
  @property({ type: Number }) speed = 1;

  @state() private _index = 0;
  private _schedule: Schedule = buildSchedule([]);
  private _epoch = Date.now();
  private _shownAt = Date.now();
  private _timer: ReturnType<typeof setTimeout> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this._timer);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this._advance();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('slides') || changed.has('speed')) {
      const next = buildSchedule(this.slides.map((s) => ({ id: s.id, chars: slideChars(s) })));
      if (!sameSchedule(next, this._schedule)) {
        this._schedule = next;
        this._epoch = Date.now();
        this._advance();
      }
    }
  }

  private _advance(): void {
    clearTimeout(this._timer);
    const now = Date.now();
    const at = slideAt(this._schedule, (now - this._epoch) * this.speed);
    if (!at) return;
    if (at.index !== this._index || now - this._shownAt > this._schedule.cycleMs / this.speed) this._leave(now);
    this._index = at.index;
    this._timer = setTimeout(() => this._advance(), Math.max(50, at.remainingMs / this.speed + 20));
  }

  private _leave(now: number): void {
    const id = this._schedule.ids[this._index];
    if (id !== undefined) {
      const detail: PlayedDetail = {
        item: id,
        startedAt: Math.round(this._shownAt),
        durationMs: Math.round(now - this._shownAt),
      };
      this.dispatchEvent(new CustomEvent<PlayedDetail>('hcpv-played', { detail, bubbles: true, composed: true }));
    }
    this._shownAt = now;
  }

  override render() {
    const slide = this.slides[this._index] ?? this.slides[0];
    if (!slide) return this._identity();
    return html`${
      slide.kind === 'procedure'
        ? html`<hcpv-player-procedure-card .slide=${slide} .layout=${this.layout}></hcpv-player-procedure-card>`
        : html`<hcpv-player-notice-card .slide=${slide} .layout=${this.layout}></hcpv-player-notice-card>`
    }
    ${
      this.slides.length > 1
        ? html`<div class="dots">
            ${this.slides.map((s, i) => html`<i class=${i === this._index ? 'on' : ''} data-id=${s.id}></i>`)}
          </div>`
        : ''
    }`;
  }

  private _identity() {
    const b = this.brand;
    if (!b) return html``;
    return html`<div class="identity" data-testid="identity-card">
      <h2>${b.unitName}</h2>
      <div class="values">${b.coreValues.map((v) => html`<span>${v}</span>`)}</div>
      ${b.openingHours ? html`<p>Giờ làm việc: ${b.openingHours}</p>` : ''}
      ${b.hotline ? html`<p>Đường dây nóng: <b>${b.hotline}</b></p>` : ''}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-carousel': HcpvPlayerCarousel;
  }
  interface HTMLElementEventMap {
    'hcpv-played': CustomEvent<PlayedDetail>;
  }
}
