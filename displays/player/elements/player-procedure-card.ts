import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatPaperCounts, formatVnd } from '../lib/format.js';
import { fitItems, type LayoutSpec } from '../lib/layout.js';
import type { ProcedureSlide } from '../lib/view-model.js';
import './player-qr.js';

/** One procedure as published (Decree 63/2010): name, fees, deadline, papers and a QR to apply online. */
@customElement('hcpv-player-procedure-card')
export class HcpvPlayerProcedureCard extends LitElement {
  static override styles = css`
    :host {
      display: flex;
      flex-direction: column;
      gap: 0.5em;
      height: 100%;
      box-sizing: border-box;
      line-height: 1.25;
    }
    .meta {
      font-size: 1em;
      color: var(--hcpv-muted);
      font-weight: 600;
    }
    h2 {
      margin: 0;
      font-size: 1.35em;
      font-weight: 800;
      color: var(--hcpv-primary);
      overflow-wrap: anywhere;
    }
    .body {
      display: flex;
      gap: 1em;
      min-height: 0;
      flex: 1;
    }
    dl {
      flex: 1;
      margin: 0;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 0.35em;
    }
    dt {
      font-size: 1em;
      font-weight: 700;
      color: var(--hcpv-primary-dark);
    }
    dd {
      margin: 0;
      font-size: 1em;
      overflow-wrap: anywhere;
    }
    ul {
      margin: 0;
      padding-left: 1.1em;
    }
    li {
      font-size: 1em;
    }
    .more {
      font-size: 1em;
      color: var(--hcpv-muted);
      font-style: italic;
    }
    .qr {
      flex: none;
      width: var(--hcpv-qr-size, 8em);
      display: flex;
      flex-direction: column;
      gap: 0.3em;
      align-items: center;
      text-align: center;
    }
    .qr hcpv-player-qr {
      width: 100%;
    }
    .qr span {
      font-size: 1em;
      font-weight: 600;
    }
  `;

  /** The procedure to show. */
  @property({ attribute: false }) slide: ProcedureSlide | null = null;
  /** Limits of the screen profile (how much fits without clipping). */
  @property({ attribute: false }) layout: LayoutSpec | null = null;

  override render() {
    const p = this.slide;
    const l = this.layout;
    if (!p || !l) return nothing;
    const fees = p.fees.slice(0, l.maxFees);
    const budget = Math.max(2, l.cardBodyLines - fees.length - 2);
    const papers = fitItems(p.papers, (x) => `${x.name} (${formatPaperCounts(x.originals, x.copies)})`, {
      lineChars: l.cardLineChars,
      budget,
      max: l.maxPapers,
    });
    return html`<div class="meta">${[p.code, p.field].filter(Boolean).join(' · ')}</div>
      <h2 data-testid="procedure-name">${p.name}</h2>
      <div class="body">
        <dl>
          <dt>Phí, lệ phí</dt>
          <dd>
            ${
              fees.length === 0
                ? 'Không thu phí, lệ phí'
                : fees.map((f) => html`<div>${f.label}: <b>${formatVnd(f.amountVnd)}</b></div>`)
            }
          </dd>
          ${
            p.deadline
              ? html`<dt>Thời hạn giải quyết</dt>
                  <dd>${p.deadline}</dd>`
              : nothing
          }
          ${
            papers.kept.length > 0
              ? html`<dt>Thành phần hồ sơ</dt>
                  <dd>
                    <ul>
                      ${papers.kept.map((x) => {
                        const counts = formatPaperCounts(x.originals, x.copies);
                        return html`<li>${x.name}${counts ? ` (${counts})` : ''}</li>`;
                      })}
                    </ul>
                    ${papers.omitted > 0 ? html`<div class="more">và ${papers.omitted} giấy tờ khác</div>` : nothing}
                  </dd>`
              : nothing
          }
        </dl>
        ${
          p.onlineUrl
            ? html`<div class="qr">
                <hcpv-player-qr .value=${p.onlineUrl}></hcpv-player-qr><span>Nộp hồ sơ trực tuyến</span>
              </div>`
            : nothing
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-procedure-card': HcpvPlayerProcedureCard;
  }
}
