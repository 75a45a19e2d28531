/**
 * The consoles' sign-in form. Posts to /auth/login (the server sets the HttpOnly session
 * cookie) and fires `hcpv-signed-in` with the session's user; shared by admin and facility.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { sessionSchema, type User } from '../../server/auth/auth.schemas.js';
import { ApiError, apiSend } from './api.js';
import { addMessages, t } from './i18n.js';
import { themeStyles } from './theme.js';
import { formText } from './forms.js';

addMessages(
  {
    'login.title': 'Đăng nhập',
    'login.username': 'Tên đăng nhập',
    'login.password': 'Mật khẩu',
    'login.submit': 'Đăng nhập',
    'login.pending': 'Đang đăng nhập…',
    'login.failed': 'Sai tên đăng nhập hoặc mật khẩu.',
    'login.throttled': 'Quá nhiều lần thử. Vui lòng đợi rồi thử lại.',
  },
  {
    'login.title': 'Sign in',
    'login.username': 'User name',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.pending': 'Signing in…',
    'login.failed': 'Wrong user name or password.',
    'login.throttled': 'Too many attempts. Please wait and try again.',
  },
);

export interface SignedInDetail {
  user: User;
}

@customElement('hcpv-login')
export class HcpvLogin extends LitElement {
  static override styles = [
    themeStyles,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100vh;
        background: var(--hcpv-background);
      }
      form {
        display: grid;
        gap: 0.9rem;
        width: min(22rem, 90vw);
        padding: 2rem;
        background: var(--hcpv-surface);
        border: 1px solid var(--hcpv-border);
        border-radius: 12px;
        box-shadow: 0 8px 30px rgb(20 33 61 / 8%);
      }
      h1 {
        margin: 0;
        font-size: 1.35rem;
        color: var(--hcpv-primary);
      }
      .app {
        margin: 0;
        color: var(--hcpv-muted);
        font-size: 0.95rem;
      }
      label {
        display: grid;
        gap: 0.3rem;
        font-size: 0.9rem;
      }
    `,
  ];

  /** Name of the console shown under the title, e.g. "Cơ sở vật chất". */
  @property() appName = '';

  @state() private _pending = false;
  @state() private _error = '';

  private async _onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const data = new FormData(form);
    this._pending = true;
    this._error = '';
    try {
      const session = await apiSend(
        'POST',
        '/auth/login',
        { username: formText(data, 'username'), password: formText(data, 'password') },
        sessionSchema,
      );
      const detail: SignedInDetail = { user: session.user };
      this.dispatchEvent(new CustomEvent('hcpv-signed-in', { detail, bubbles: true, composed: true }));
    } catch (err) {
      this._error = err instanceof ApiError && err.status === 429 ? t('login.throttled') : t('login.failed');
    } finally {
      this._pending = false;
    }
  }

  override render() {
    return html`<form @submit=${this._onSubmit}>
      <h1>Hành chính phục vụ</h1>
      ${this.appName ? html`<p class="app">${this.appName} — ${t('login.title')}</p>` : null}
      <label>${t('login.username')}<input name="username" autocomplete="username" required /></label>
      <label
        >${t('login.password')}<input name="password" type="password" autocomplete="current-password" required
      /></label>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : null}
      <button type="submit" ?disabled=${this._pending}>
        ${this._pending ? t('login.pending') : t('login.submit')}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-login': HcpvLogin;
  }
}
