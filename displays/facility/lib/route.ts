/** Hash routes of the facility dashboard: #/ (city), #/site/{id}/{tab}, #/alarms, #/orders, #/reports. */
export const SITE_TABS = ['floor', 'charts', 'alarms', 'orders'] as const;
export type SiteTab = (typeof SITE_TABS)[number];

export type Route =
  | { page: 'overview' }
  | { page: 'site'; siteId: string; tab: SiteTab }
  | { page: 'alarms' }
  | { page: 'orders' }
  | { page: 'reports' };

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [head, id, tab] = parts;
  if (head === 'site' && id !== undefined && ID.test(id)) {
    const t = SITE_TABS.find((s) => s === tab) ?? 'floor';
    return { page: 'site', siteId: id, tab: t };
  }
  if (head === 'alarms' || head === 'orders' || head === 'reports') return { page: head };
  return { page: 'overview' };
}

export function routeHref(r: Route): string {
  switch (r.page) {
    case 'overview':
      return '#/';
    case 'site':
      return `#/site/${r.siteId}/${r.tab}`;
    default:
      return `#/${r.page}`;
  }
}
