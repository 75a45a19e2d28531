import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fitItems, type LayoutSpec } from '../lib/layout.js';
import type { NoticeSlide } from '../lib/view-model.js';

/** A notice: its title and paragraphs, as text (never parsed as markup). */
@customElement('hcpv-player-notice-card')
export class HcpvPlayerNoticeCard extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.5em;
      line-height: 1.3;
    }
    .kicker {
      font-size: 1em;
      font-weight: 700;
      color: var(--hcpv-muted);
      text-transform: uppercase;
    }
    h2 {
      margin: 0;
      font-size: 1.35em;
      font-weight: 800;
      color: var(--hcpv-primary);
      overflow-wrap: anywhere;
    }
    p {
      margin: 0;
      font-size: 1em;
      overflow-wrap: anywhere;
      white-space: pre-line;
    }
    .more {
      font-size: 1em;
      color: var(--hcpv-muted);
      font-style: italic;
    }
  `;

  /** The notice to show. */
  @property({ attribute: false }) slide: NoticeSlide | null = null;
  /** Limits of the screen profile. */
  @property({ attribute: false }) layout: LayoutSpec | null = null;

  override render() {
    const n = this.slide;
    const l = this.layout;
    if (!n || !l) return nothing;
    const fit = fitItems(n.paragraphs, (p) => p, {
      lineChars: l.cardLineChars + 12,
      budget: l.cardBodyLines + 2,
      max: 12,
    });
    return html`<div class="kicker">Thông báo</div>
      <h2 data-testid="notice-title">${n.title}</h2>
      ${fit.kept.map((p) => html`<p>${p}</p>`)}
      ${fit.omitted > 0 ? html`<div class="more">Xem toàn văn tại quầy hướng dẫn</div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-notice-card': HcpvPlayerNoticeCard;
  }
}
