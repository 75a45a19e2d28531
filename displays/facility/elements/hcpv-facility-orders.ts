/**
 * Work orders of a subtree as a board by status. Cards drag between columns where the user's
 * roles allow the move (a "move to" menu does the same from the keyboard); the server checks the
 * lifecycle and its refusal is shown. A click opens the order's detail. A second view shows the
 * preventive-maintenance orders on a month calendar. Fetched again when the live stream shows an
 * order change here (polled while the stream is down).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { formatDateTime, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import '../../shared/elements/error-message.js';
import { listUnits } from '../lib/facility-api.js';
import { listOrders, moveOrder, type WorkOrder } from '../lib/facility-ops-api.js';
import { BOARD_COLUMNS, canMove, groupByStatus, slaState, type GrantLike, type Status } from '../lib/board.js';
import { LiveController } from '../lib/live-controller.js';
import type { FacilityLiveStream } from '../lib/live-stream.js';
import { severityStyles } from './severity-styles.js';
import './hcpv-facility-order-detail.js';
import './hcpv-facility-pm-calendar.js';

@customElement('hcpv-facility-orders')
export class HcpvFacilityOrders extends LitElement {
  /** Subtree to show (a site id); the user's whole scope when empty. */
  @property() orgId = '';
  /** The dashboard's live stream. */
  @property({ attribute: false }) live: FacilityLiveStream | undefined;
  /** The signed-in user's grants with the path of each granted unit. */
  @property({ attribute: false }) grants: readonly GrantLike[] = [];

  @state() private _view: 'board' | 'calendar' = 'board';
  @state() private _tick = 0;
  @state() private _open: string | undefined;
  @state() private _error: unknown = null;
  private _dragging: WorkOrder | undefined;

  constructor() {
    super();
    new LangController(this);
    new LiveController(this, {
      stream: () => this.live,
      refresh: () => this._tick++,
      fallbackMs: 15_000,
      // Refetched (filters, limits and order stay the server's) when the stream shows a change here.
      relevant: (b) => b.workOrders.some((x) => !this.orgId || x.siteId === this.orgId),
    });
  }

  private _names = new Task(this, {
    task: async (_args, { signal }) => new Map((await listUnits({ signal })).map((u) => [u.id, u.shortName ?? u.name])),
    args: () => [],
  });

  private _orders = new Task(this, {
    task: ([orgId], { signal }) => listOrders(orgId ? { orgId } : {}, { signal }),
    args: () => [this.orgId, this._tick] as const,
  });

  static override styles = [
    themeStyles,
    severityStyles,
    css`
      :host {
        display: block;
      }
      .bar {
        display: flex;
        gap: 0.5rem;
        margin-bottom: 0.75rem;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1rem;
      }
      .layout.open {
        grid-template-columns: minmax(0, 1fr) 24rem;
      }
      .board {
        display: grid;
        grid-template-columns: repeat(7, minmax(10.5rem, 1fr));
        gap: 0.6rem;
        overflow-x: auto;
        align-items: start;
      }
      .col {
        background: #e9edf3;
        border-radius: var(--hcpv-radius);
        padding: 0.5rem;
        min-height: 12rem;
      }
      .col.droppable {
        outline: 2px dashed var(--hcpv-primary);
        background: #dde6f2;
      }
      .col h3 {
        margin: 0 0 0.5rem;
        font-size: 0.85rem;
        display: flex;
        justify-content: space-between;
      }
      .card {
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-left: 4px solid var(--hcpv-border);
        border-radius: 6px;
        padding: 0.5rem 0.6rem;
        margin-bottom: 0.5rem;
        font-size: 0.85rem;
        cursor: pointer;
      }
      .card[draggable='true'] {
        cursor: grab;
      }
      .card.breached {
        border-left-color: var(--hcpv-danger);
      }
      .card.due-soon {
        border-left-color: #e0a100;
      }
      .card.met,
      .card.on-time {
        border-left-color: var(--hcpv-ok);
      }
      .card.selected {
        box-shadow: 0 0 0 2px var(--hcpv-primary);
      }
      .card .title {
        font-weight: 600;
        margin: 0.25rem 0;
      }
      .card .meta {
        color: var(--hcpv-muted);
        font-size: 0.78rem;
      }
      .card .sla.breached {
        color: var(--hcpv-danger);
        font-weight: 700;
      }
      .card select {
        margin-top: 0.35rem;
        width: 100%;
        font-size: 0.78rem;
        padding: 0.15rem 0.3rem;
      }
      .empty {
        color: var(--hcpv-muted);
        font-size: 0.8rem;
        text-align: center;
        padding: 1rem 0;
      }
    `,
  ];

  private async _move(order: WorkOrder, to: Status): Promise<void> {
    try {
      await moveOrder(order.id, to);
      this._error = null;
    } catch (err) {
      this._error = err;
    }
    this._tick++;
  }

  private _card(o: WorkOrder, names: ReadonlyMap<string, string>) {
    const sla = slaState(o, Date.now());
    const targets = BOARD_COLUMNS.filter((s) => canMove(this.grants, o, s));
    return html`<div
      class="card ${sla} ${this._open === o.id ? 'selected' : ''}"
      data-order=${o.id}
      draggable=${targets.length > 0 ? 'true' : 'false'}
      @dragstart=${(e: DragEvent) => {
        this._dragging = o;
        e.dataTransfer?.setData('text/plain', o.id);
        this.requestUpdate();
      }}
      @dragend=${() => {
        this._dragging = undefined;
        this.requestUpdate();
      }}
      @click=${() => (this._open = this._open === o.id ? undefined : o.id)}
    >
      <span class="sev ${o.severity}">${t(`severity.${o.severity}`)}</span>
      <div class="title">${o.title}</div>
      <div class="meta">${names.get(o.siteId) ?? o.siteId}</div>
      <div class="meta">${o.assignee ?? t('wo.unassigned')}</div>
      <div class="meta sla ${sla}">${t(`wo.sla.${sla}`)} · ${t('wo.due', { time: formatDateTime(o.dueAt) })}</div>
      ${
        targets.length > 0
          ? html`<select
              aria-label=${t('wo.moveTo')}
              data-action="move"
              @click=${(e: Event) => e.stopPropagation()}
              @change=${(e: Event) => {
                const v = e.target instanceof HTMLSelectElement ? e.target.value : '';
                const to = BOARD_COLUMNS.find((s) => s === v);
                if (to) void this._move(o, to);
              }}
            >
              <option value="">${t('wo.moveTo')}…</option>
              ${targets.map((s) => html`<option value=${s}>${t(`wo.status.${s}`)}</option>`)}
            </select>`
          : nothing
      }
    </div>`;
  }

  private _board(orders: readonly WorkOrder[]) {
    const names = this._names.value ?? new Map<string, string>();
    const cols = groupByStatus(orders);
    const drag = this._dragging;
    return html`<div class="board" data-testid="board">
      ${BOARD_COLUMNS.map((s) => {
        const list = cols.get(s) ?? [];
        const ok = drag !== undefined && canMove(this.grants, drag, s);
        return html`<section
          class="col ${ok ? 'droppable' : ''}"
          data-status=${s}
          @dragover=${(e: DragEvent) => {
            if (ok) e.preventDefault();
          }}
          @drop=${(e: DragEvent) => {
            e.preventDefault();
            if (drag && ok) void this._move(drag, s);
            this._dragging = undefined;
          }}
        >
          <h3><span>${t(`wo.status.${s}`)}</span><span>${list.length}</span></h3>
          ${list.length === 0 ? html`<div class="empty">${t('wo.none')}</div>` : list.map((o) => this._card(o, names))}
        </section>`;
      })}
    </div>`;
  }

  override render() {
    const orders = this._orders.value;
    const open = orders?.find((o) => o.id === this._open);
    return html`<div class="bar" role="group">
        ${(['board', 'calendar'] as const).map(
          (v) =>
            html`<button
              type="button"
              class=${v === this._view ? '' : 'secondary'}
              aria-pressed=${v === this._view}
              @click=${() => (this._view = v)}
            >
              ${t(v === 'board' ? 'wo.board' : 'wo.calendar')}
            </button>`,
        )}
      </div>
      ${this._error ? html`<hcpv-error-message .error=${this._error}></hcpv-error-message>` : nothing}
      ${
        orders === undefined
          ? this._orders.render({
              pending: () => html`<p class="muted">${t('common.loading')}</p>`,
              error: (e) => html`<hcpv-error-message .error=${e} heading=${t('common.error')}></hcpv-error-message>`,
            })
          : this._view === 'calendar'
            ? html`<hcpv-facility-pm-calendar
                .orders=${orders.filter((o) => o.origin === 'pm')}
              ></hcpv-facility-pm-calendar>`
            : html`<div class="layout ${open ? 'open' : ''}">
                ${this._board(orders)}
                ${
                  open
                    ? html`<hcpv-facility-order-detail
                        .order=${open}
                        .tick=${this._tick}
                        @changed=${() => this._tick++}
                        @close=${() => (this._open = undefined)}
                      ></hcpv-facility-order-detail>`
                    : nothing
                }
              </div>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-orders': HcpvFacilityOrders;
  }
}
