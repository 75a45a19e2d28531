import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import QRCode from 'qrcode';
import { qrPath } from '../lib/qr.js';

/** A QR code for a link, drawn as SVG in the page (no request leaves the screen). */
@customElement('hcpv-player-qr')
export class HcpvPlayerQr extends LitElement {
  static override styles = css`
    :host {
      display: block;
      background: #fff;
      aspect-ratio: 1;
    }
    svg {
      display: block;
      width: 100%;
      height: 100%;
    }
  `;

  /** The link to encode. */
  @property() value = '';

  private _cache: { value: string; d: string; viewBox: number } | null = null;

  override render() {
    if (!this.value) return html``;
    if (this._cache?.value !== this.value) {
      const qr = QRCode.create(this.value, { errorCorrectionLevel: 'M' });
      this._cache = { value: this.value, ...qrPath(qr.modules) };
    }
    const { d, viewBox } = this._cache;
    return html`<svg viewBox="0 0 ${viewBox} ${viewBox}" shape-rendering="crispEdges" role="img" aria-label="Mã QR">
      <path d=${d} fill="#000" />
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-player-qr': HcpvPlayerQr;
  }
}
