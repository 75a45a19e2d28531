/**
 * The player's Service Worker: keeps the app shell and fonts in the Cache API so the screen
 * boots with the server gone — after reloads and browser restarts — for as long as it runs.
 * Shell: served from cache at once, refreshed in the background (a new build shows on the next
 * reload). Fonts and content-addressed brand assets: cache first. The API is never cached here
 * (the page keeps the last good manifest itself, see lib/offline-store.ts).
 */

// The DOM lib is in scope for the whole project; declare the few worker types used here.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
declare const self: WorkerScope;

const SHELL = 'hcpv-player-shell-v1';
const ASSETS = 'hcpv-player-assets-v1';
/** Font weights the player uses, Vietnamese and Latin subsets. */
const FONT_FILES = [400, 500, 600, 700, 800].flatMap((w) =>
  ['vietnamese', 'latin', 'latin-ext'].map((s) => `/fonts/be-vietnam-pro-${s}-${w}-normal.woff2`),
);
const PRECACHE = ['/display/', '/display/main.js', '/fonts/be-vietnam-pro.css', ...FONT_FILES];

self.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      // One failing font must not block the shell: cache what can be fetched.
      await Promise.all(
        PRECACHE.map(async (url) => {
          try {
            const res = await fetch(url, { cache: 'no-cache' });
            if (res.ok) await cache.put(url, res);
          } catch {
            /* retried on the next fetch */
          }
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (e) => {
  e.waitUntil(self.clients.claim());
});

function shellKey(url: URL): string | null {
  if (url.pathname === '/display' || url.pathname === '/display/' || url.pathname === '/display/index.html')
    return '/display/';
  if (url.pathname === '/display/main.js' || url.pathname === '/fonts/be-vietnam-pro.css') return url.pathname;
  return null;
}

async function staleWhileRevalidate(e: FetchEvent, key: string): Promise<Response> {
  const cache = await caches.open(SHELL);
  const cached = await cache.match(key);
  const refresh = fetch(e.request.url, { cache: 'no-cache' })
    .then(async (res) => {
      if (res.ok) await cache.put(key, res.clone());
      return res;
    })
    .catch(() => undefined);
  if (cached) {
    e.waitUntil(refresh);
    return cached;
  }
  return (await refresh) ?? new Response('offline', { status: 503 });
}

async function cacheFirst(req: Request, cacheName: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const hit = await cache.match(req.url);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok && cacheName === SHELL) await cache.put(req.url, res.clone());
  return res;
}

self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const key = shellKey(url);
  if (key) return e.respondWith(staleWhileRevalidate(e, key));
  if (url.pathname.startsWith('/fonts/')) return e.respondWith(cacheFirst(e.request, SHELL));
  // Brand assets are stored by the page after their sha256 check; serve them from there.
  if (url.pathname.startsWith('/api/') && !url.pathname.startsWith('/api/v1/display/')) {
    return e.respondWith(
      caches
        .open(ASSETS)
        .then((c) => c.match(url.pathname + url.search))
        .then((hit) => hit ?? fetch(e.request)),
    );
  }
});
