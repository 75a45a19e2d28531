import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { apiGet } from '../shared/api.js';
import { formatNumber, t } from '../shared/i18n.js';
import { LangController } from '../shared/lang-controller.js';
import { themeStyles } from '../shared/theme.js';
import { WEEKDAYS, siteLayoutSchema, type OrgUnit } from '../../server/org/org.schemas.js';
import { canAt, type Me } from './lib/access.js';
import { routeHref } from './lib/route.js';
import { pageStyles } from './admin-styles.js';
import '../shared/elements/error-message.js';
import './admin-unit-brand.js';

/** One unit's page: its details; for a site also opening hours, zones and counters. */
@customElement('hcpv-admin-site')
export class HcpvAdminSite extends LitElement {
  @property({ attribute: false }) unit: OrgUnit | null = null;
  /** Every unit in scope, to list the children. */
  @property({ attribute: false }) units: readonly OrgUnit[] = [];
  @property({ attribute: false }) me: Me | null = null;

  constructor() {
    super();
    new LangController(this);
  }

  private _layout = new Task(this, {
    task: async ([unit], { signal }) =>
      unit?.kind === 'site'
        ? apiGet(`/org/units/${encodeURIComponent(unit.id)}/layout`, siteLayoutSchema, { signal })
        : null,
    args: () => [this.unit] as const,
  });

  static override styles = [
    themeStyles,
    pageStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.4rem 1.25rem;
        margin: 0;
      }
      dt {
        color: var(--hcpv-muted);
        font-size: 0.9rem;
      }
      dd {
        margin: 0;
      }
      .kind {
        color: var(--hcpv-primary);
        font-weight: 600;
        font-size: 0.85rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      h1 {
        margin-bottom: 0.75rem;
      }
      ul.children {
        columns: 2;
        padding-left: 1.2rem;
      }
      ul.children a {
        color: var(--hcpv-primary);
      }
    `,
  ];

  private _hours(unit: OrgUnit) {
    const site = unit.site;
    if (!site) return nothing;
    return html`<dt>${t('site.hours')}</dt>
      <dd>
        ${WEEKDAYS.map((d) => {
          const iv = site.openingHours[d];
          return html`<div>
            <span style="display:inline-block;min-width:6.5rem">${t(`day.${d}`)}</span>
            ${iv.length ? iv.map((i) => `${i.open}–${i.close}`).join(', ') : html`<span class="muted">${t('day.closed')}</span>`}
          </div>`;
        })}
      </dd>`;
  }

  private _layoutTables() {
    return this._layout.render({
      pending: () => html`<p aria-busy="true">${t('app.loading')}</p>`,
      error: (e) => html`<hcpv-error-message .error=${e} heading=${t('error.title')}></hcpv-error-message>`,
      complete: (layout) => {
        if (!layout) return nothing;
        const zoneName = new Map(layout.zones.map((z) => [z.id, z.name]));
        return html`<h2>${t('site.zones')}</h2>
          ${
            layout.zones.length
              ? html`<table class="card" aria-label=${t('site.zones')}>
                  <thead>
                    <tr>
                      <th>${t('site.zone')}</th>
                      <th>${t('site.zoneKind')}</th>
                      <th class="num">${t('site.area')}</th>
                      <th class="num">${t('site.capacity')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${layout.zones.map(
                      (z) =>
                        html`<tr>
                          <td>${z.name}</td>
                          <td>${t(`zone.${z.kind}`)}</td>
                          <td class="num">${formatNumber(z.areaM2, 1)} m²</td>
                          <td class="num">${z.capacity}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p class="muted">${t('site.noZones')}</p>`
          }
          <h2>${t('site.counters')}</h2>
          ${
            layout.counters.length
              ? html`<table aria-label=${t('site.counters')}>
                  <thead>
                    <tr>
                      <th class="num">${t('site.counterNo')}</th>
                      <th>${t('site.zone')}</th>
                      <th>${t('site.fields')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${layout.counters.map(
                      (c) =>
                        html`<tr>
                          <td class="num">${c.number}</td>
                          <td>${zoneName.get(c.zoneId) ?? c.zoneId}</td>
                          <td>${c.fields.map((f) => html`<span class="chip">${f}</span>`)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p class="muted">${t('site.noCounters')}</p>`
          }
          <p class="muted">
            ${t('site.screensAt')} <a href=${routeHref({ page: 'fleet' })}>${t('site.screensLink')}</a>
          </p>`;
      },
    });
  }

  /** The unit's own texts on its screens (the city's kit is edited on the brand page). */
  private _brand(u: OrgUnit) {
    const me = this.me;
    if (!me || u.kind === 'city') return nothing;
    const pathOf = (id: string) => this.units.find((x) => x.id === id)?.path;
    if (!canAt(me.grants, 'brand.read', u.path, pathOf)) return nothing;
    return html`<hcpv-admin-unit-brand
      .unitId=${u.id}
      .kind=${u.kind}
      ?canEdit=${canAt(me.grants, 'brand.edit', u.path, pathOf)}
    ></hcpv-admin-unit-brand>`;
  }

  override render() {
    const u = this.unit;
    if (!u) return nothing;
    const children = this.units.filter((c) => c.parentId === u.id);
    return html`<article class="card">
      <div class="kind">${t(`kind.${u.kind}`)}</div>
      <h1>${u.name}</h1>
      <dl>
        ${
          u.site
            ? html`<dt>${t('site.address')}</dt>
                <dd>${u.site.address}</dd>
                <dt>${t('site.area')}</dt>
                <dd>${formatNumber(u.site.areaM2, 1)} m²</dd>
                ${
                  u.site.hotline
                    ? html`<dt>${t('site.hotline')}</dt>
                        <dd>${u.site.hotline}</dd>`
                    : nothing
                }`
            : nothing
        }
        ${
          u.tags.length
            ? html`<dt>${t('site.tags')}</dt>
                <dd>${u.tags.map((g) => html`<span class="chip">${g}</span>`)}</dd>`
            : nothing
        }
        ${this._hours(u)}
      </dl>
      ${
        children.length
          ? html`<h2>${t('site.children')} (${children.length})</h2>
              <ul class="children">
                ${children.map((c) => html`<li><a href=${routeHref({ page: 'org', unitId: c.id })}>${c.name}</a></li>`)}
              </ul>`
          : nothing
      }
      ${this._brand(u)} ${u.kind === 'site' ? this._layoutTables() : nothing}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hcpv-admin-site': HcpvAdminSite;
  }
}
