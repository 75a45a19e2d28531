import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { apiSend } from '../shared/api.js';
import { lang, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { noticeSchema, type Notice } from '../../server/notices/notices.schemas.js';
import { openModal } from './lib/dialog.js';
import { dialogStyles, pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';

/**
 * Takes a published notice off the screens, after a confirmation naming it. Fires
 * `hcpv-notice-withdrawn` with the withdrawn revision.
 */
@customElement('hcpv-admin-notice-withdraw')
export class HcpvAdminNoticeWithdraw extends LitElement {
  /** The live (published) revision. */
  @property({ attribute: false }) notice: Notice | null = null;

  @query('dialog') private _dialog!: HTMLDialogElement;
  @query('dialog button.secondary') private _cancel!: HTMLButtonElement;

  constructor() {
    super();
    new LangController(this);
  }

  private _withdraw = new Task(this, {
    autoRun: false,
    task: async ([id]: [string], { signal }) => {
      const n = await apiSend('POST', `/notices/${id}/withdraw`, {}, noticeSchema, { signal });
      this.dispatchEvent(
        new CustomEvent<Notice>('hcpv-notice-withdrawn', { detail: n, bubbles: true, composed: true }),
      );
      return n;
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    dialogStyles,
    css`
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        justify-content: space-between;
        border-left: 4px solid var(--hcpv-ok);
      }
      .bar p {
        margin: 0;
      }
    `,
  ];

  private _onConfirmed(): void {
    this._dialog.close();
    if (this.notice) void this._withdraw.run([this.notice.id]);
  }

  override render() {
    const n = this.notice;
    if (!n) return nothing;
    const title = (lang() === 'en' && n.title.en) || n.title.vi;
    return html`<div class="card bar">
        <p>${t('withdraw.live', { rev: n.revision })}</p>
        <button
          type="button"
          class="danger"
          ?disabled=${this._withdraw.status === TaskStatus.PENDING}
          @click=${() => openModal(this._dialog, this._cancel)}
        >
          ${t('withdraw.button')}
        </button>
      </div>
      ${this._withdraw.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._withdraw.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
      <dialog aria-labelledby="wd-title" aria-describedby="wd-text">
        <h2 id="wd-title">${t('withdraw.title')}</h2>
        <p id="wd-text">${t('withdraw.text', { title })}</p>
        <div class="buttons">
          <button type="button" class="secondary" @click=${() => this._dialog.close()}>${t('withdraw.cancel')}</button>
          <button type="button" class="danger" @click=${() => this._onConfirmed()}>${t('withdraw.confirm')}</button>
        </div>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-notice-withdraw': HcpvAdminNoticeWithdraw;
  }
}
