import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { z } from 'zod';
import { apiGet, apiSend } from '../shared/api.js';
import { formatDateTime, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { SCREEN_PROFILES } from '../../brand-kit/profiles.js';
import { siteLayoutSchema } from '../../server/org/org.schemas.js';
import { FLEET_STATUSES } from '../../server/screens/screen-statuses.js';
import { claimScreenSchema, fleetEntrySchema, screenSchema } from '../../server/screens/screens.schemas.js';
import { canAny, type Me } from './lib/access.js';
import { seenBefore, shortRelease } from './lib/fleet-filter.js';
import { formText } from './lib/form.js';
import { pageStyles } from './admin-styles.js';
import { unitListSchema } from './admin-org.js';
import '../shared/elements/error-message.js';

const fleetSchema = z.object({ items: z.array(fleetEntrySchema) });

interface Filters {
  siteId: string;
  status: string;
  releaseId: string;
  notSeenMin: number;
}

/** Screens with their status, what each shows vs should show; claim pairing codes; revoke. */
@customElement('hcpv-admin-fleet')
export class HcpvAdminFleet extends LitElement {
  @property({ attribute: false }) me: Me | null = null;

  @state() private _filters: Filters = { siteId: '', status: '', releaseId: '', notSeenMin: 0 };
  @state() private _claimSite = '';
  @state() private _notice = '';

  constructor() {
    super();
    new LangController(this);
  }

  private _units = new Task(this, {
    task: async (_args, { signal }) => (await apiGet('/org/units', unitListSchema, { signal })).items,
    args: () => [],
  });

  private _fleet = new Task(this, {
    task: async ([f], { signal }) =>
      (
        await apiGet('/screens', fleetSchema, {
          signal,
          query: { siteId: f.siteId, status: f.status, releaseId: f.releaseId.trim() },
        })
      ).items,
    args: () => [this._filters] as const,
  });

  private _layout = new Task(this, {
    task: async ([siteId], { signal }) =>
      siteId ? apiGet(`/org/units/${siteId}/layout`, siteLayoutSchema, { signal }) : null,
    args: () => [this._claimSite] as const,
  });

  private _claim = new Task(this, {
    autoRun: false,
    task: async ([body]: [unknown], { signal }) => {
      const s = await apiSend('POST', '/screens/claim', claimScreenSchema.parse(body), screenSchema, { signal });
      this._notice = t('fleet.claimed', { name: s.name });
      void this._fleet.run();
      return s;
    },
  });

  private _revoke = new Task(this, {
    autoRun: false,
    task: async ([id]: [string], { signal }) => {
      await apiSend('POST', `/screens/${encodeURIComponent(id)}/revoke`, undefined, screenSchema, { signal });
      void this._fleet.run();
    },
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
        gap: 0.75rem 1rem;
        align-items: end;
        margin-bottom: 1rem;
      }
      .actions {
        grid-column: 1 / -1;
      }
      code {
        font-size: 0.8rem;
      }
      td button {
        padding: 0.2rem 0.6rem;
      }
    `,
  ];

  private _onFilter(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const d = new FormData(form);
    const s = (k: string) => formText(d, k);
    this._filters = {
      siteId: s('siteId'),
      status: s('status'),
      releaseId: s('releaseId'),
      notSeenMin: Number(s('notSeenMin')) || 0,
    };
  }

  private _onClaim(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.currentTarget;
    if (!(form instanceof HTMLFormElement)) return;
    const d = new FormData(form);
    const s = (k: string) => formText(d, k);
    this._notice = '';
    void this._claim
      .run([
        { code: s('code'), siteId: s('siteId'), zoneId: s('zoneId'), profile: s('profile'), name: s('name').trim() },
      ])
      .catch(() => undefined);
  }

  private _onClaimSite(e: Event): void {
    if (e.target instanceof HTMLSelectElement) this._claimSite = e.target.value;
  }

  override render() {
    const units = this._units.value ?? [];
    const sites = units.filter((u) => u.kind === 'site');
    const name = new Map(units.map((u) => [u.id, u.shortName ?? u.name]));
    const manage = this.me ? canAny(this.me.grants, 'screen.manage') : false;
    const f = this._filters;
    return html`<h1>${t('fleet.title')}</h1>
      <form class="card" @submit=${(e: SubmitEvent) => this._onFilter(e)} aria-label=${t('fleet.filters')}>
        <label
          >${t('fleet.site')}
          <select name="siteId">
            <option value="">${t('audit.allUnits')}</option>
            ${sites.map((u) => html`<option value=${u.id} ?selected=${u.id === f.siteId}>${u.shortName ?? u.name}</option>`)}
          </select>
        </label>
        <label
          >${t('fleet.status')}
          <select name="status">
            <option value="">${t('notices.all')}</option>
            ${FLEET_STATUSES.map((s) => html`<option value=${s} ?selected=${s === f.status}>${t(`fleet.st.${s}`)}</option>`)}
          </select>
        </label>
        <label>${t('fleet.version')}<input name="releaseId" .value=${f.releaseId} placeholder="rel-…" /></label>
        <label
          >${t('fleet.notSeen')}<input
            name="notSeenMin"
            type="number"
            min="0"
            .value=${f.notSeenMin ? String(f.notSeenMin) : ''}
        /></label>
        <div class="actions"><button type="submit">${t('audit.search')}</button></div>
      </form>
      ${this._fleet.render({
        pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
        error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
        complete: (items) => {
          const shown = seenBefore(items, f.notSeenMin, Date.now());
          return html`<p class="muted">${t('fleet.count', { n: shown.length })}</p>
            <table class="card" aria-label=${t('fleet.title')}>
              <thead>
                <tr>
                  <th>${t('fleet.screen')}</th>
                  <th>${t('fleet.site')}</th>
                  <th>${t('fleet.profile')}</th>
                  <th>${t('fleet.status')}</th>
                  <th>${t('fleet.shows')}</th>
                  <th>${t('fleet.should')}</th>
                  <th>${t('fleet.lastSeen')}</th>
                  ${manage ? html`<th></th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${shown.map(
                  (e) =>
                    html`<tr data-screen=${e.screen.id}>
                      <td>${e.screen.name}</td>
                      <td>${name.get(e.screen.siteId) ?? e.screen.siteId}</td>
                      <td><code>${e.screen.profile}</code></td>
                      <td class=${e.status === 'online' ? 'ok' : e.status === 'outdated' ? '' : 'error'}>
                        ${t(`fleet.st.${e.status}`)}
                      </td>
                      <td><code>${shortRelease(e.screen.shownRelease)}</code></td>
                      <td>
                        <code>${shortRelease(e.screen.releaseId)}</code>
                        ${e.screen.releaseId === null ? nothing : e.upToDate ? html`<span class="ok" title=${t('fleet.same')}>✓</span>` : html`<span class="error" title=${t('fleet.differs')}>≠</span>`}
                      </td>
                      <td>${e.screen.lastSeen ? formatDateTime(e.screen.lastSeen) : '—'}</td>
                      ${
                        manage
                          ? html`<td>
                              ${e.screen.status === 'active' ? html`<button class="secondary" @click=${() => this._revoke.run([e.screen.id])}>${t('fleet.revoke')}</button>` : nothing}
                            </td>`
                          : nothing
                      }
                    </tr>`,
                )}
              </tbody>
            </table>`;
        },
      })}
      ${this._revoke.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._revoke.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
      ${
        manage
          ? html`<h2>${t('fleet.claim')}</h2>
              <form class="card" @submit=${(e: SubmitEvent) => this._onClaim(e)} aria-label=${t('fleet.claim')}>
                <label>${t('fleet.code')}<input name="code" required placeholder="ABC-234" autocomplete="off" /></label>
                <label
                  >${t('fleet.site')}
                  <select name="siteId" required @change=${(e: Event) => this._onClaimSite(e)}>
                    <option value="">${t('fleet.pickSite')}</option>
                    ${sites.map((u) => html`<option value=${u.id}>${u.shortName ?? u.name}</option>`)}
                  </select>
                </label>
                <label
                  >${t('site.zone')}
                  <select name="zoneId" required>
                    ${(this._layout.value?.zones ?? []).map((z) => html`<option value=${z.id}>${z.name}</option>`)}
                  </select>
                </label>
                <label
                  >${t('fleet.profile')}
                  <select name="profile">
                    ${SCREEN_PROFILES.map((p) => html`<option value=${p}>${p}</option>`)}
                  </select>
                </label>
                <label>${t('fleet.name')}<input name="name" required minlength="2" /></label>
                <div class="actions">
                  ${this._claim.status === TaskStatus.ERROR ? html`<hcpv-error-message .error=${this._claim.error} heading=${t('error.title')}></hcpv-error-message>` : nothing}
                  ${this._notice ? html`<p class="ok" role="status">${this._notice}</p>` : nothing}
                  <button type="submit">${t('fleet.claimBtn')}</button>
                </div>
              </form>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-fleet': HcpvAdminFleet;
  }
}
