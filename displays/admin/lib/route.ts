/**
 * Hash routes of the console: `#/org`, `#/org/<unitId>`, `#/users`, `#/audit`, `#/procedures`,
 * `#/procedures/import`, `#/notices`, `#/notices/review`, `#/notices/new`, `#/notices/<id>`.
 */
import { NAV_PAGES, type NavPage } from './access.js';

export type Route =
  | { page: 'org'; unitId: string | null }
  | { page: 'procedures'; view: 'list' | 'import' }
  | { page: 'notices'; view: NoticeView; id: string | null }
  | { page: Exclude<NavPage, 'org' | 'procedures' | 'notices'> };

/** The notices page: the list, the review queue, or the editor (`id` null = a new notice). */
export type NoticeView = 'list' | 'review' | 'edit';

const isPage = (s: string): s is NavPage => (NAV_PAGES as readonly string[]).includes(s);

/** Parse a location hash; anything unknown falls back to `fallback`. */
export function parseRoute(hash: string, fallback: NavPage): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const page = parts[0] ?? fallback;
  if (!isPage(page)) return parseRoute('', fallback);
  if (page === 'org') return { page, unitId: parts[1] ?? null };
  if (page === 'procedures') return { page, view: parts[1] === 'import' ? 'import' : 'list' };
  if (page === 'notices') {
    const sub = parts[1];
    if (sub === undefined) return { page, view: 'list', id: null };
    if (sub === 'review') return { page, view: 'review', id: null };
    return { page, view: 'edit', id: sub === 'new' ? null : sub };
  }
  return { page };
}

export function routeHref(route: Route): string {
  if (route.page === 'org') return route.unitId ? `#/org/${encodeURIComponent(route.unitId)}` : '#/org';
  if (route.page === 'procedures') return route.view === 'import' ? '#/procedures/import' : '#/procedures';
  if (route.page === 'notices') {
    if (route.view === 'list') return '#/notices';
    if (route.view === 'review') return '#/notices/review';
    return route.id ? `#/notices/${encodeURIComponent(route.id)}` : '#/notices/new';
  }
  return `#/${route.page}`;
}
