/**
 * The 3D floor view of one site. Owns a FloorScene: connects it when the element is attached,
 * disconnects and disposes it when the element leaves the page, so no GPU memory outlives it.
 * Fires `device-pick` with `{ deviceId }` (undefined when the click hit nothing).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { themeStyles } from '../../shared/theme.js';
import { t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import { FloorScene } from '../three/floor-scene.js';
import type { FloorPlan } from '../lib/floor-layout.js';
import { CONDITIONS, CONDITION_COLOURS, countConditions, type Condition } from '../lib/device-condition.js';
import { heatColour, toCssColour } from '../lib/heat.js';

@customElement('hcpv-facility-floor')
export class HcpvFacilityFloor extends LitElement {
  /** The site's floor plan (zones, counters, devices). */
  @property({ attribute: false }) plan: FloorPlan | undefined;
  /** Condition per device id. */
  @property({ attribute: false }) conditions: ReadonlyMap<string, Condition> = new Map();
  /** Occupancy ratio per zone id. */
  @property({ attribute: false }) occupancy: ReadonlyMap<string, number> = new Map();
  /** The device shown in the side panel. */
  @property() selected: string | undefined;

  @query('.stage') private _stage!: HTMLDivElement;
  private _scene: FloorScene | undefined;

  constructor() {
    super();
    new LangController(this);
  }

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        position: relative;
        min-height: 420px;
      }
      .stage {
        position: absolute;
        inset: 0;
        border-radius: var(--hcpv-radius);
        overflow: hidden;
        background: #f3f5f8;
      }
      .toolbar {
        position: absolute;
        top: 0.75rem;
        left: 0.75rem;
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .toolbar button {
        background: var(--hcpv-surface);
        color: var(--hcpv-primary);
        box-shadow: 0 1px 4px rgb(20 33 61 / 15%);
      }
      .hint {
        font-size: 0.8rem;
        color: var(--hcpv-muted);
        background: rgb(255 255 255 / 85%);
        padding: 0.2rem 0.5rem;
        border-radius: 6px;
      }
      .legend {
        position: absolute;
        bottom: 0.75rem;
        left: 0.75rem;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        align-items: center;
        background: rgb(255 255 255 / 92%);
        padding: 0.5rem 0.75rem;
        border-radius: var(--hcpv-radius);
        font-size: 0.85rem;
        box-shadow: 0 1px 4px rgb(20 33 61 / 12%);
      }
      .dot {
        display: inline-block;
        width: 0.8rem;
        height: 0.8rem;
        border-radius: 3px;
        margin-right: 0.3rem;
        vertical-align: -0.1rem;
      }
      .heat {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
      }
      .ramp {
        width: 5rem;
        height: 0.6rem;
        border-radius: 3px;
      }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attaching (e.g. moved in the DOM) builds a fresh scene; firstUpdated handles the first.
    if (this.hasUpdated) this._attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._scene?.disconnect();
    this._scene?.dispose();
    this._scene = undefined;
  }

  protected override firstUpdated(): void {
    this._attach();
  }

  private _attach(): void {
    if (this._scene) return;
    this._scene = new FloorScene({ onPick: (deviceId) => this._onPick(deviceId) });
    this._scene.connect(this._stage);
    this._push(true);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    this._push(changed.has('plan'));
    if (changed.has('conditions') || changed.has('plan')) this._scene?.setConditions(this.conditions);
    if (changed.has('occupancy') || changed.has('plan')) this._scene?.setOccupancy(this.occupancy);
    if (changed.has('selected') || changed.has('plan')) this._scene?.select(this.selected);
  }

  private _push(planChanged: boolean): void {
    if (!this._scene || !this.plan || !planChanged) return;
    this._scene.setPlan(this.plan);
    this._scene.setConditions(this.conditions);
    this._scene.setOccupancy(this.occupancy);
  }

  private _onPick(deviceId: string | undefined): void {
    this.dispatchEvent(new CustomEvent('device-pick', { detail: { deviceId }, bubbles: true, composed: true }));
  }

  private _onReset(): void {
    this._scene?.resetCamera();
  }

  /** For tests and benches: the live scene (undefined once the element left the page). */
  get scene(): FloorScene | undefined {
    return this._scene;
  }

  override render() {
    const counts = countConditions(this.conditions.values());
    const ramp = [0, 0.4, 0.8, 1, 1.3].map((r) => toCssColour(heatColour(r))).join(', ');
    return html`<div class="stage"></div>
      <div class="toolbar">
        <button type="button" @click=${this._onReset}>${t('floor.reset')}</button>
        <span class="hint">${t('floor.hint')}</span>
      </div>
      <div class="legend" data-testid="legend">
        ${CONDITIONS.map(
          (c) =>
            html`<span data-condition=${c}
              ><span class="dot" style="background:${toCssColour(CONDITION_COLOURS[c])}"></span>${t(`condition.${c}`)}
              <strong>${counts[c]}</strong></span
            >`,
        )}
        <span class="heat"
          >${t('floor.heat')}: ${t('floor.heat.low')}<span
            class="ramp"
            style="background:linear-gradient(90deg, ${ramp})"
          ></span
          >${t('floor.heat.high')}</span
        >
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-floor': HcpvFacilityFloor;
  }
}
