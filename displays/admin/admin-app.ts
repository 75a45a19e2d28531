import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { ApiError, UNAUTHENTICATED_EVENT, apiDo, apiGet } from '../shared/api.js';
import { lang, setLang, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { hexColorSchema } from '../../brand-kit/kit.schema.js';
import defaultTokens from '../../brand-kit/default/tokens.json' with { type: 'json' };
import { meSchema, visiblePages, type Me, type NavPage } from './lib/access.js';
import { brandCssVars } from './lib/brand-vars.js';
import { parseRoute, routeHref, type Route } from './lib/route.js';
import { z } from 'zod';
import '../shared/elements/error-message.js';
import '../shared/hcpv-login.js';
import './admin-org.js';
import './admin-users.js';
import './admin-audit.js';
import './admin-procedures.js';
import './admin-alerts.js';
import './admin-brand.js';
import './admin-rollouts.js';
import './admin-fleet.js';
import './admin-notices.js';

/** Where a navigation link leads: the page's first view. */
function navRoute(p: NavPage): Route {
  if (p === 'org') return { page: p, unitId: null };
  if (p === 'procedures') return { page: p, view: 'list' };
  if (p === 'notices') return { page: p, view: 'list', id: null };
  return { page: p };
}

const colorsSchema = z.object({ colors: z.record(z.string(), hexColorSchema) });
const unitKitColorsSchema = z.object({ kit: colorsSchema });

/** Who is signed in: the user, or null when nobody is (401). */
async function loadMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await apiGet('/auth/me', meSchema, { signal });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/** The console shell: sign-in, navigation limited to what the user's roles allow, and the pages. */
@customElement('hcpv-admin-app')
export class HcpvAdminApp extends LitElement {
  @state() private _session = 0;
  @state() private _hash = location.hash;
  @query('main') private _main!: HTMLElement | null;
  /** The page last shown, to move focus into a page the user navigates to. */
  private _lastPage: string | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  private _me = new Task(this, {
    task: (_args, { signal }) => loadMe(signal),
    args: () => [this._session],
  });

  /** Bumped when the brand kit was saved, so the console takes the new colours. */
  @state() private _brandVersion = 0;

  /** The console wears the signed-in user's own unit's brand colours (the default kit's until loaded). */
  private _brand = new Task(this, {
    task: async ([unitId], { signal }) => {
      if (!unitId) return;
      try {
        const eff = await apiGet(`/brand/units/${encodeURIComponent(unitId)}/kit`, unitKitColorsSchema, { signal });
        for (const [k, v] of Object.entries(brandCssVars(eff.kit.colors))) this.style.setProperty(k, v);
      } catch {
        // No brand.read on the home unit, or offline: the default palette stays.
      }
    },
    args: () => [this._me.value?.homeOrgId ?? null, this._brandVersion] as const,
  });

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--hcpv-background);
      }
      header {
        background: var(--hcpv-primary);
        color: var(--hcpv-primary-contrast);
        padding: 0 1.5rem;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 0.6rem 0 0.4rem;
      }
      .brand {
        display: flex;
        flex-direction: column;
        line-height: 1.2;
        margin-right: auto;
      }
      .brand strong {
        font-size: 1.15rem;
        font-weight: 700;
      }
      .brand span {
        font-size: 0.8rem;
        opacity: 0.9;
      }
      nav {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      nav a {
        color: inherit;
        text-decoration: none;
        white-space: nowrap;
        padding: 0.45rem 0.9rem 0.5rem;
        border-radius: var(--hcpv-radius) var(--hcpv-radius) 0 0;
        font-weight: 500;
      }
      nav a:hover {
        background: rgb(255 255 255 / 0.12);
      }
      nav a[aria-current='page'] {
        background: var(--hcpv-background);
        color: var(--hcpv-primary);
        font-weight: 600;
      }
      nav a:focus-visible {
        outline-offset: -3px;
      }
      header button {
        background: transparent;
        border-color: rgb(255 255 255 / 0.6);
        color: inherit;
        white-space: nowrap;
        padding: 0.3rem 0.8rem;
        font-size: 0.9rem;
      }
      .who {
        font-size: 0.9rem;
        white-space: nowrap;
      }
      main {
        padding: 1.5rem;
        max-width: 1280px;
        margin: 0 auto;
      }
      main:focus {
        outline: none;
      }
      .skip {
        position: absolute;
        left: 0.5rem;
        top: -3rem;
        z-index: 10;
        padding: 0.5rem 0.9rem;
        border-radius: var(--hcpv-radius);
        background: var(--hcpv-surface);
        color: var(--hcpv-primary);
        font-weight: 600;
      }
      .skip:focus {
        top: 0.5rem;
      }
      .lang-corner {
        position: absolute;
        top: 1rem;
        right: 1rem;
      }
      .center {
        display: grid;
        place-items: center;
        min-height: 60vh;
      }
    `,
  ];

  private readonly _onHash = (): void => {
    this._hash = location.hash;
  };
  private readonly _onBrandSaved = (): void => {
    this._brandVersion++;
  };
  private readonly _onUnauthenticated = (): void => {
    if (this._me.value) this._session++;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHash);
    window.addEventListener(UNAUTHENTICATED_EVENT, this._onUnauthenticated);
    this.addEventListener('hcpv-brand-saved', this._onBrandSaved);
    const parsed = colorsSchema.safeParse(defaultTokens);
    if (parsed.success)
      for (const [k, v] of Object.entries(brandCssVars(parsed.data.colors))) this.style.setProperty(k, v);
    document.documentElement.lang = lang();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this._onHash);
    window.removeEventListener(UNAUTHENTICATED_EVENT, this._onUnauthenticated);
    this.removeEventListener('hcpv-brand-saved', this._onBrandSaved);
    super.disconnectedCallback();
  }

  private _onSignedIn(): void {
    this._session++;
  }

  private async _onSignOut(): Promise<void> {
    try {
      await apiDo('POST', '/auth/logout');
    } finally {
      this._session++;
    }
  }

  /** Skip the header: focus the page itself, so Tab goes on into its content. */
  private _toMain(e: Event): void {
    e.preventDefault();
    this._main?.focus();
  }

  protected override updated(): void {
    // For tests and styles: the unit's own colours are on.
    this.toggleAttribute('data-brand-applied', this._brand.status === TaskStatus.COMPLETE);
    const page = this._main?.firstElementChild?.localName ?? null;
    // A new page (from the navigation, or a link inside a page): start keyboard focus at its top.
    if (page !== null && this._lastPage !== null && page !== this._lastPage) this._main?.focus({ preventScroll: true });
    this._lastPage = page;
  }

  private _onLang(): void {
    setLang(lang() === 'vi' ? 'en' : 'vi');
  }

  override render() {
    return this._me.render({
      initial: () => this._loading(),
      pending: () => (this._me.value ? this._shell(this._me.value) : this._loading()),
      complete: (me) => (me ? this._shell(me) : this._signIn()),
      error: (e) =>
        html`<main>
          <hcpv-error-message
            .error=${e}
            heading=${t('error.title')}
            retryLabel=${t('error.retry')}
            @retry=${() => this._me.run()}
          ></hcpv-error-message>
        </main>`,
    });
  }

  private _signIn() {
    return html`<button
        type="button"
        class="secondary lang-corner"
        @click=${() => this._onLang()}
        lang=${lang() === 'vi' ? 'en' : 'vi'}
      >
        ${t('app.lang')}
      </button>
      <hcpv-login appName=${t('app.subtitle')} @hcpv-signed-in=${() => this._onSignedIn()}></hcpv-login>`;
  }

  private _loading() {
    return html`<div class="center" aria-busy="true">${t('app.loading')}</div>`;
  }

  private _shell(me: Me) {
    const pages = visiblePages(me.grants);
    const first = pages[0];
    const route: Route | null = first ? parseRoute(this._hash, first) : null;
    const allowed = route !== null && pages.includes(route.page);
    return html`<a class="skip" href="#" @click=${(e: Event) => this._toMain(e)}>${t('app.skip')}</a>
      <header>
        <div class="bar">
          <div class="brand"><strong>${t('app.title')}</strong><span>${t('app.subtitle')}</span></div>
          <span class="who">${me.displayName}</span>
          <button type="button" @click=${() => this._onLang()} lang=${lang() === 'vi' ? 'en' : 'vi'}>
            ${t('app.lang')}
          </button>
          <button type="button" @click=${() => this._onSignOut()}>${t('app.signOut')}</button>
        </div>
        <nav aria-label=${t('app.nav')}>
          ${pages.map(
            (p: NavPage) =>
              html`<a href=${routeHref(navRoute(p))} aria-current=${route?.page === p ? 'page' : 'false'}
                >${t(`nav.${p}`)}</a
              >`,
          )}
        </nav>
      </header>
      <main tabindex="-1" aria-label=${t('app.main')}>${allowed && route ? this._page(route, me) : nothing}</main>`;
  }

  private _page(route: Route, me: Me) {
    switch (route.page) {
      case 'org':
        return html`<hcpv-admin-org .me=${me} .unitId=${route.unitId}></hcpv-admin-org>`;
      case 'procedures':
        return html`<hcpv-admin-procedures .me=${me} .view=${route.view}></hcpv-admin-procedures>`;
      case 'brand':
        return html`<hcpv-admin-brand .me=${me}></hcpv-admin-brand>`;
      case 'fleet':
        return html`<hcpv-admin-fleet .me=${me}></hcpv-admin-fleet>`;
      case 'rollouts':
        return html`<hcpv-admin-rollouts .me=${me}></hcpv-admin-rollouts>`;
      case 'notices':
        return html`<hcpv-admin-notices .me=${me} .view=${route.view} .noticeId=${route.id}></hcpv-admin-notices>`;
      case 'alerts':
        return html`<hcpv-admin-alerts .me=${me}></hcpv-admin-alerts>`;
      case 'users':
        return html`<hcpv-admin-users .me=${me}></hcpv-admin-users>`;
      case 'audit':
        return html`<hcpv-admin-audit .me=${me}></hcpv-admin-audit>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-app': HcpvAdminApp;
  }
}
