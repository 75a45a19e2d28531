/**
 * Serves the built display apps (/display, /admin, /facility) and the shipped font files.
 * Everything a screen needs comes from this server: no third-party request, ever.
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../core/http.js';

const require = createRequire(import.meta.url);

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/** Resolve `rel` inside `root`, refusing anything that escapes it. */
export function safeJoin(root: string, rel: string): string | undefined {
  const full = normalize(join(root, rel));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined;
}

async function sendFile(path: string | undefined, cache: string): Promise<Response | undefined> {
  if (!path) return undefined;
  try {
    const s = await stat(path);
    if (!s.isFile()) return undefined;
    const body = await readFile(path);
    return new Response(body, {
      headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': cache },
    });
  } catch {
    return undefined;
  }
}

/** Unicode ranges of the fontsource subsets we serve: Vietnamese first, then Latin. */
const SUBSETS: Record<string, string> = {
  vietnamese:
    'U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB',
  'latin-ext':
    'U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF',
  latin:
    'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD',
};
export const FONT_WEIGHTS = [400, 500, 600, 700, 800] as const;

/** @font-face rules for Be Vietnam Pro, served from this server's own /fonts/. */
export function fontCss(): string {
  return FONT_WEIGHTS.flatMap((w) =>
    Object.entries(SUBSETS).map(
      ([subset, range]) =>
        `@font-face{font-family:'Be Vietnam Pro';font-style:normal;font-display:block;font-weight:${w};` +
        `src:url(/fonts/be-vietnam-pro-${subset}-${w}-normal.woff2) format('woff2');unicode-range:${range};}`,
    ),
  ).join('\n');
}

export const DISPLAY_APPS = { display: 'player', admin: 'admin', facility: 'facility' } as const;

export function staticRoutes(displaysDir: string) {
  const app = new Hono<AppEnv>();
  const fontsDir = join(require.resolve('@fontsource/be-vietnam-pro/package.json'), '..', 'files');
  const css = fontCss();
  app.get('/fonts/be-vietnam-pro.css', (c) =>
    c.body(css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=86400' }),
  );
  app.get('/fonts/:file', async (c) => {
    const res = await sendFile(safeJoin(fontsDir, c.req.param('file')), 'public, max-age=31536000, immutable');
    return res ?? c.json({ error: { code: 'NOT_FOUND', message: 'No such font file' } }, 404);
  });
  for (const [mount, dir] of Object.entries(DISPLAY_APPS)) {
    const root = join(displaysDir, dir);
    const handler = async (rel: string) =>
      // HTML is revalidated every time so a new build reaches screens; hashed bundles could be cached forever.
      sendFile(safeJoin(root, rel || 'index.html'), 'no-cache');
    app.get(
      `/${mount}`,
      async (c) =>
        (await handler('index.html')) ?? c.text(`The ${mount} app is not built: run npm run build:displays`, 503),
    );
    app.get(`/${mount}/*`, async (c) => {
      const rel = c.req.path.slice(mount.length + 2);
      return (await handler(rel)) ?? (await handler('index.html')) ?? c.notFound();
    });
  }
  app.get('/', (c) => c.redirect('/admin'));
  return app;
}
