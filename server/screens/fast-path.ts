/**
 * The two requests every screen makes on every release, its manifest and its ack, served from
 * Node's own request and response objects, in front of the Hono app. A release to a whole city
 * is 2 × (number of screens) of these within seconds; through the framework each one also
 * built a fetch Request and its Headers, a body stream for the ack's JSON, and a Response, and
 * ran the middleware chain meant for the consoles (sessions, page security headers). Measured
 * in `npm run bench -- fanout` (see server/screens/README.md).
 *
 * Only the success path lives here, using the same services and the same zod schema as the
 * documented routes in display.routes.ts. Anything else goes to the app unchanged: no token,
 * an unknown or revoked one, a body that is not JSON of a declared length within the limit
 * (the request is passed on unread), a body that fails the schema (replayed to the app with
 * the bytes read), so every refusal is the app's own error response. A failure after the
 * request was taken (e.g. the database) is answered with the app's error body too.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { ackBodySchema } from '../../displays/shared/protocol.js';
import { toErrorResponse } from '../core/http.js';
import type { Logger } from '../core/logger.js';
import type { ScreenRecord } from './screens.store.js';
import type { ScreensService } from './screens.service.js';
import type { BuiltManifest } from './manifest.js';

const MANIFEST_PATH = '/api/v1/display/manifest';
const ACK_PATH = '/api/v1/display/ack';
/**
 * The screen protocol's headers (as set by app.ts for /api/v1/display/*), then the request id.
 * Headers are handed to `writeHead` as flat [name, value, …] lists: Node writes those as they
 * are, where an object is first spread and its keys walked.
 */
const protocolHeaders = (): string[] => [
  'x-content-type-options',
  'nosniff',
  'cross-origin-resource-policy',
  'same-origin',
  'x-request-id',
  randomUUID(),
];
const OK_BODY = '{"ok":true}';

export interface FastPathDeps {
  screens: ScreensService;
  /** The app, for requests handed on after their body was read. */
  fetch: (req: Request) => Response | Promise<Response>;
  bodyLimit: number;
  logger: Logger;
}

/** Returns true when it took the request (and will answer it), false to let the app have it. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export function screenFastPath(deps: FastPathDeps): FastPath {
  const { screens, logger } = deps;

  const authenticated = (req: IncomingMessage): ScreenRecord | undefined => {
    const h = req.headers.authorization;
    if (h === undefined || h.length < 8 || h.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
    try {
      return screens.authenticate(h.slice(7).trim());
    } catch {
      return undefined; // the app answers with its 401 (missing, unknown, revoked)
    }
  };

  const fail = (res: ServerResponse, err: unknown) => {
    if (res.headersSent || res.destroyed) return;
    const { status, body, headers: h } = toErrorResponse(err, logger);
    const list = protocolHeaders();
    for (const [k, v] of Object.entries({ 'content-type': 'application/json', ...h })) list.push(k, v);
    res.writeHead(status, list).end(JSON.stringify(body));
  };

  const logged = (req: IncomingMessage, status: number, start: number) => {
    if (logger.isLevelEnabled('debug'))
      logger.debug(
        { method: req.method, path: req.url?.split('?')[0], status, ms: Math.round(performance.now() - start) },
        'request',
      );
  };

  function manifest(req: IncomingMessage, res: ServerResponse, screen: ScreenRecord, start: number): void {
    let built: BuiltManifest | Promise<BuiltManifest>;
    try {
      built = screens.manifest(screen);
    } catch (err) {
      fail(res, err);
      return;
    }
    if (built instanceof Promise)
      built.then(
        (b) => send(b),
        (err: unknown) => fail(res, err),
      );
    else send(built);

    function send(built: BuiltManifest): void {
      if (res.destroyed) return;
      const etag = `"${built.hash}"`;
      const match = req.headers['if-none-match'];
      const list = protocolHeaders();
      list.push('etag', etag, 'cache-control', 'no-cache');
      if (match && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        res.writeHead(304, list).end();
        logged(req, 304, start);
        return;
      }
      // The parts' cached bytes go out as they are: the writes of one turn leave in one writev.
      list.push('content-type', 'application/json; charset=utf-8', 'content-length', String(built.byteLength));
      res.writeHead(200, list);
      for (const chunk of built.chunks) res.write(chunk);
      res.end();
      logged(req, 200, start);
    }
  }

  /** Hand a request whose body was read to the app, and write its answer. */
  function replay(req: IncomingMessage, res: ServerResponse, body: string): void {
    const h = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') h.set(k, v);
    Promise.resolve(deps.fetch(new Request(`http://localhost${req.url ?? ''}`, { method: 'POST', headers: h, body })))
      .then(async (r) => {
        const text = await r.text();
        if (res.destroyed) return;
        res.writeHead(r.status, Object.fromEntries(r.headers)).end(text);
      })
      .catch((err: unknown) => fail(res, err));
  }

  function ack(req: IncomingMessage, res: ServerResponse, screen: ScreenRecord, start: number): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: ReturnType<typeof ackBodySchema.safeParse> | undefined;
      try {
        parsed = ackBodySchema.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        replay(req, res, text);
        return;
      }
      screens.ack(screen, parsed.data).then(
        () => {
          if (res.destroyed) return;
          const list = protocolHeaders();
          list.push('content-type', 'application/json');
          res.writeHead(200, list).end(OK_BODY);
          logged(req, 200, start);
        },
        (err: unknown) => fail(res, err),
      );
    });
  }

  return (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === MANIFEST_PATH && req.method === 'GET') {
      const start = performance.now();
      const screen = authenticated(req);
      if (!screen) return false;
      manifest(req, res, screen, start);
      return true;
    }
    if (path === ACK_PATH && req.method === 'POST') {
      const type = req.headers['content-type'] ?? '';
      const length = Number(req.headers['content-length']);
      if (
        !type.toLowerCase().startsWith('application/json') ||
        req.headers['transfer-encoding'] !== undefined ||
        !Number.isInteger(length) ||
        length < 0 ||
        length > deps.bodyLimit
      )
        return false;
      const start = performance.now();
      const screen = authenticated(req);
      if (!screen) return false;
      ack(req, res, screen, start);
      return true;
    }
    return false;
  };
}
