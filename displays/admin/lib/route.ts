/** Hash routes of the console: `#/org`, `#/org/<unitId>`, `#/users`, `#/audit`, `#/procedures`, `#/procedures/import`. */
import { NAV_PAGES, type NavPage } from './access.js';

export type Route =
  | { page: 'org'; unitId: string | null }
  | { page: 'procedures'; view: 'list' | 'import' }
  | { page: Exclude<NavPage, 'org' | 'procedures'> };

const isPage = (s: string): s is NavPage => (NAV_PAGES as readonly string[]).includes(s);

/** Parse a location hash; anything unknown falls back to `fallback`. */
export function parseRoute(hash: string, fallback: NavPage): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const page = parts[0] ?? fallback;
  if (!isPage(page)) return parseRoute('', fallback);
  if (page === 'org') return { page, unitId: parts[1] ?? null };
  if (page === 'procedures') return { page, view: parts[1] === 'import' ? 'import' : 'list' };
  return { page };
}

export function routeHref(route: Route): string {
  if (route.page === 'org') return route.unitId ? `#/org/${encodeURIComponent(route.unitId)}` : '#/org';
  if (route.page === 'procedures') return route.view === 'import' ? '#/procedures/import' : '#/procedures';
  return `#/${route.page}`;
}
