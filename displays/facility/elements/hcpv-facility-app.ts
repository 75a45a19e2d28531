/**
 * The facility dashboard shell: sign-in, top navigation (city, alarms, work orders, reports),
 * language switch, the live-stream connection (one per signed-in session, shared by every page,
 * with its indicator) and the page for the current hash route.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { ApiError, UNAUTHENTICATED_EVENT, apiDo, apiGet } from '../../shared/api.js';
import { lang, setLang, t } from '../../shared/i18n.js';
import { LangController } from '../../shared/lang-controller.js';
import { themeStyles } from '../../shared/theme.js';
import { meSchema, type Me } from '../../admin/lib/access.js';
import '../../shared/hcpv-login.js';
import '../../shared/elements/error-message.js';
import { parseRoute, routeHref, type Route } from '../lib/route.js';
import { listUnits } from '../lib/facility-api.js';
import { FacilityLiveStream, type LiveStatus } from '../lib/live-stream.js';
import type { GrantLike } from '../lib/board.js';
import './hcpv-facility-overview.js';
import './hcpv-facility-site.js';
import './hcpv-facility-alarms.js';
import './hcpv-facility-orders.js';
import './hcpv-facility-reports.js';

async function loadMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await apiGet('/auth/me', meSchema, { signal });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

const NAV: readonly { route: Route; key: string }[] = [
  { route: { page: 'overview' }, key: 'nav.overview' },
  { route: { page: 'alarms' }, key: 'nav.alarms' },
  { route: { page: 'orders' }, key: 'nav.orders' },
  { route: { page: 'reports' }, key: 'nav.reports' },
];

@customElement('hcpv-facility-app')
export class HcpvFacilityApp extends LitElement {
  @state() private _session = 0;
  @state() private _route: Route = parseRoute(location.hash);
  @state() private _liveStatus: LiveStatus = 'connecting';
  /** The live stream while signed in; pages get it as their `live` property. */
  private _live: FacilityLiveStream | undefined;
  private _offLive: (() => void) | undefined;

  constructor() {
    super();
    new LangController(this);
  }

  private _me = new Task(this, {
    task: (_args, { signal }) => loadMe(signal),
    args: () => [this._session],
  });

  /** The user's grants with the path of each granted unit (for what the board lets them move). */
  private _grants = new Task(this, {
    task: async ([me], { signal }): Promise<(GrantLike & { orgId: string })[]> => {
      if (!me) return [];
      const paths = new Map((await listUnits({ signal })).map((u) => [u.id, u.path]));
      return me.grants.flatMap((g) => {
        const path = paths.get(g.orgId);
        return path === undefined ? [] : [{ role: g.role, path, orgId: g.orgId }];
      });
    },
    args: () => [this._me.value] as const,
  });

  private readonly _onHash = () => {
    this._route = parseRoute(location.hash);
  };
  /** A 401 while signed in means the session ended: ask again (not while already signed out). */
  private readonly _onUnauth = () => {
    if (this._me.value) this._session++;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHash);
    window.addEventListener(UNAUTHENTICATED_EVENT, this._onUnauth);
    if (this.hasUpdated) this._syncLive();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this._onHash);
    window.removeEventListener(UNAUTHENTICATED_EVENT, this._onUnauth);
    this._stopLive();
  }

  protected override updated(): void {
    this._syncLive();
  }

  /** One stream while signed in, none while signed out. */
  private _syncLive(): void {
    const signedIn = this._me.value != null;
    if (signedIn && !this._live) {
      const live = new FacilityLiveStream();
      this._offLive = live.events.on('status', (s) => (this._liveStatus = s));
      this._live = live;
      this._liveStatus = live.status;
      live.start();
      this.requestUpdate();
    } else if (!signedIn && this._live) this._stopLive();
  }

  private _stopLive(): void {
    this._offLive?.();
    this._live?.stop();
    this._live = undefined;
    this._offLive = undefined;
  }

  static override styles = [
    themeStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--hcpv-background);
      }
      header {
        display: flex;
        align-items: center;
        gap: 1rem;
        padding: 0.55rem 1.5rem;
        background: var(--hcpv-primary);
        color: var(--hcpv-primary-contrast);
      }
      .brand {
        display: flex;
        flex-direction: column;
        line-height: 1.2;
        margin-right: 1rem;
      }
      .brand strong {
        font-size: 1.1rem;
      }
      .brand span {
        font-size: 0.8rem;
        opacity: 0.9;
      }
      nav {
        display: flex;
        gap: 0.25rem;
        flex: 1;
      }
      nav a {
        color: inherit;
        text-decoration: none;
        padding: 0.45rem 0.8rem;
        border-radius: var(--hcpv-radius);
        font-weight: 500;
      }
      nav a:hover {
        background: rgb(255 255 255 / 12%);
      }
      nav a[aria-current='page'] {
        background: var(--hcpv-surface);
        color: var(--hcpv-primary);
      }
      header button {
        background: transparent;
        border-color: rgb(255 255 255 / 60%);
        color: inherit;
        padding: 0.3rem 0.7rem;
      }
      .who {
        font-size: 0.9rem;
        white-space: nowrap;
      }
      .live {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        font-size: 0.8rem;
        white-space: nowrap;
      }
      .live::before {
        content: '';
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: #f2c94c;
      }
      .live.live::before {
        background: #4cd07d;
        box-shadow: 0 0 0 3px rgb(76 208 125 / 30%);
      }
      .live.down::before {
        background: #ff8a80;
      }
      h1.page {
        margin: 0 0 1rem;
        font-size: 1.5rem;
      }
      main {
        padding: 1.25rem 1.5rem;
        max-width: 1600px;
        margin: 0 auto;
      }
    `,
  ];

  private async _onSignOut(): Promise<void> {
    await apiDo('POST', '/auth/logout').catch(() => undefined);
    this._session++;
  }

  /** The top of the user's scope: the city for city-wide roles. */
  private _rootId(): string {
    const top = this._grants.value?.slice().sort((a, b) => a.path.length - b.path.length)[0];
    return top?.orgId ?? 'hn';
  }

  private _page() {
    const r = this._route;
    switch (r.page) {
      case 'overview':
        return html`<hcpv-facility-overview .live=${this._live}></hcpv-facility-overview>`;
      case 'site':
        return html`<hcpv-facility-site
          .siteId=${r.siteId}
          .tab=${r.tab}
          .grants=${this._grants.value ?? []}
          .live=${this._live}
        ></hcpv-facility-site>`;
      case 'alarms':
        return html`<h1 class="page">${t('nav.alarms')}</h1>
          <hcpv-facility-alarms .live=${this._live}></hcpv-facility-alarms>`;
      case 'orders':
        return html`<h1 class="page">${t('nav.orders')}</h1>
          <hcpv-facility-orders .grants=${this._grants.value ?? []} .live=${this._live}></hcpv-facility-orders>`;
      case 'reports':
        return html`<hcpv-facility-reports .orgId=${this._rootId()}></hcpv-facility-reports>`;
    }
  }

  override render() {
    return this._me.render({
      pending: () => html`<p class="muted" style="padding:2rem">${t('common.loading')}</p>`,
      error: (e) =>
        html`<main><hcpv-error-message .error=${e} heading=${t('common.error')}></hcpv-error-message></main>`,
      complete: (me) => {
        if (!me)
          return html`<hcpv-login appName=${t('app.title')} @hcpv-signed-in=${() => this._session++}></hcpv-login>`;
        const current = this._route.page === 'site' ? 'overview' : this._route.page;
        return html`<header>
            <div class="brand"><strong>Hành chính phục vụ</strong><span>${t('app.subtitle')}</span></div>
            <nav>
              ${NAV.map(
                (n) =>
                  html`<a href=${routeHref(n.route)} aria-current=${n.route.page === current ? 'page' : 'false'}
                    >${t(n.key)}</a
                  >`,
              )}
            </nav>
            <span
              class="live ${this._liveStatus}"
              data-testid="live-indicator"
              data-state=${this._liveStatus}
              role="status"
              title=${t(`live.${this._liveStatus}.hint`)}
              >${t(`live.${this._liveStatus}`)}</span
            >
            <button type="button" @click=${() => setLang(lang() === 'vi' ? 'en' : 'vi')}>
              ${lang() === 'vi' ? 'EN' : 'VI'}
            </button>
            <span class="who">${me.displayName}</span>
            <button type="button" @click=${this._onSignOut}>${t('nav.signout')}</button>
          </header>
          <main>${this._page()}</main>`;
      },
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-facility-app': HcpvFacilityApp;
  }
}
