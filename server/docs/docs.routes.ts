/**
 * The API's own docs: the OpenAPI 3.1 document generated from the route schemas, and
 * Swagger UI served from the local swagger-ui-dist package (no CDN, no third-party request).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../core/http.js';

const require = createRequire(import.meta.url);
const swaggerDir = (): string => join(require.resolve('swagger-ui-dist/package.json'), '..');

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>HCPV API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui', deepLinking: true, withCredentials: true });`;

export function docsRoutes() {
  return new Hono<AppEnv>()
    .get('/api/docs', (c) => c.html(PAGE))
    .get('/api/docs/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .get('/api/docs/assets/:file', async (c) => {
      const file = c.req.param('file');
      const type = ASSETS[file];
      if (!type) return c.json({ error: { code: 'NOT_FOUND', message: 'No such asset' } }, 404);
      const body = await readFile(join(swaggerDir(), file));
      return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
    });
}
