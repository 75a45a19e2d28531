/** One work order: what, where, SLA due, assignee, its timeline, comments and photos. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { themeStyles } from '../../shared/theme.js';
import { formatDateTime, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import '../../shared/elements/error-message.js';
import { commentOrder, orderDetail, photoUrl, uploadPhoto, type WorkOrder } from '../lib/facility-ops-api.js';
import { slaState } from '../lib/board.js';
import { severityStyles } from './severity-styles.js';
import { formText } from '../../shared/forms.js';

@customElement('hcpv-facility-order-detail')
export class HcpvFacilityOrderDetail extends LitElement {
  @property({ attribute: false }) order: WorkOrder | undefined;
  /** Bumped by the board when it refreshes, so the timeline follows. */
  @property({ type: Number }) tick = 0;

  @state() private _error: unknown = null;

  constructor() {
    super();
    new LangController(this);
  }

  private _detail = new Task(this, {
    task: ([id], { signal }) => (id ? orderDetail(id, { signal }) : Promise.resolve(undefined)),
    args: () => [this.order?.id, this.tick, this.order?.updatedAt] as const,
  });

  static override styles = [
    themeStyles,
    severityStyles,
    css`
      :host {
        display: block;
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: var(--hcpv-radius);
        padding: 1rem;
        align-self: start;
      }
      header {
        display: flex;
        justify-content: space-between;
        gap: 0.5rem;
      }
      h2 {
        font-size: 1.05rem;
        margin: 0.3rem 0;
      }
      h3 {
        font-size: 0.9rem;
        margin: 1rem 0 0.4rem;
      }
      dl {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 0.25rem 0.75rem;
        font-size: 0.88rem;
        margin: 0.5rem 0;
      }
      dt {
        color: var(--hcpv-muted);
      }
      dd {
        margin: 0;
      }
      .breached {
        color: var(--hcpv-danger);
        font-weight: 700;
      }
      ol {
        padding-left: 1.1rem;
        margin: 0;
        font-size: 0.85rem;
      }
      li {
        margin-bottom: 0.3rem;
      }
      form {
        display: flex;
        gap: 0.4rem;
        margin-top: 0.5rem;
      }
      form textarea {
        flex: 1;
        min-height: 2.4rem;
      }
      .photos {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      .photos img {
        width: 6rem;
        height: 4.5rem;
        object-fit: cover;
        border-radius: 4px;
        border: 1px solid var(--hcpv-border);
      }
    `,
  ];

  private async _onComment(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget;
    const o = this.order;
    if (!(form instanceof HTMLFormElement) || !o) return;
    const text = formText(new FormData(form), 'text').trim();
    if (!text) return;
    try {
      await commentOrder(o.id, text);
      form.reset();
      this._error = null;
      void this._detail.run();
    } catch (err) {
      this._error = err;
    }
  }

  private async _onPhoto(e: Event): Promise<void> {
    const input = e.target;
    const o = this.order;
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (!file || !o) return;
    try {
      await uploadPhoto(o.id, file);
      this._error = null;
      void this._detail.run();
    } catch (err) {
      this._error = err;
    }
  }

  override render() {
    const o = this.order;
    if (!o) return nothing;
    const sla = slaState(o, Date.now());
    const d = this._detail.value;
    return html`<header>
        <div>
          <span class="sev ${o.severity}">${t(`severity.${o.severity}`)}</span>
          <h2>${o.title}</h2>
        </div>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new Event('close'))}>
          ${t('device.close')}
        </button>
      </header>
      ${o.description ? html`<p>${o.description}</p>` : nothing}
      <dl>
        <dt>${t('alarm.state')}</dt>
        <dd data-testid="order-status">${t(`wo.status.${o.status}`)}</dd>
        <dt>${t('wo.assignee')}</dt>
        <dd>${o.assignee ?? t('wo.unassigned')}</dd>
        <dt>SLA</dt>
        <dd class=${sla}>${t(`wo.sla.${sla}`)} · ${t('wo.due', { time: formatDateTime(o.dueAt) })}</dd>
        <dt>${t('device.title')}</dt>
        <dd>${o.deviceId ?? o.assetId ?? t('common.none')}</dd>
        <dt></dt>
        <dd class="muted">${t(`wo.origin.${o.origin}`)} · ${formatDateTime(o.createdAt)}</dd>
      </dl>
      <h3>${t('wo.timeline')}</h3>
      <ol data-testid="timeline">
        ${(d?.history ?? []).map(
          (h) =>
            html`<li>
              ${formatDateTime(h.at)} · <strong>${h.event}</strong> ·
              ${h.actor}${h.comment ? html` — ${h.comment}` : nothing}
            </li>`,
        )}
      </ol>
      <form @submit=${this._onComment}>
        <textarea name="text" maxlength="4000" required placeholder=${t('wo.addComment')}></textarea>
        <button type="submit">${t('wo.send')}</button>
      </form>
      <h3>${t('wo.photos')}</h3>
      <div class="photos">
        ${(d?.photos ?? []).map((p) => html`<a href=${photoUrl(o.id, p.id)} target="_blank"><img src=${photoUrl(o.id, p.id)} alt="" loading="lazy" /></a>`)}
      </div>
      <label class="muted"
        >${t('wo.addPhoto')} <input type="file" accept="image/jpeg,image/png,image/webp" @change=${this._onPhoto}
      /></label>
      ${this._error ? html`<hcpv-error-message .error=${this._error}></hcpv-error-message>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-order-detail': HcpvFacilityOrderDetail;
  }
}
