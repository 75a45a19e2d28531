/**
 * The consoles' HTTP client: same-origin fetch with the session cookie, JSON in and out,
 * every response parsed with the API's own zod schema, every failure an `ApiError` carrying
 * the server's `{ error: { code, message, details } }`.
 */
import { z } from 'zod';

/** The server's error body `{ error: { code, message, details } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Parser<T> {
  parse(value: unknown): T;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  query?: Record<string, string | number | boolean | undefined> | undefined;
}

export const API = '/api/v1';

function url(path: string, query?: RequestOptions['query']): string {
  const u = new URL(path.startsWith('/api/') ? path : `${API}${path}`, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
  return u.pathname + u.search;
}

async function fail(res: Response): Promise<never> {
  let value: unknown;
  try {
    value = await res.json();
  } catch {
    value = undefined;
  }
  const parsed = errorBodySchema.safeParse(value);
  if (parsed.success) {
    const e = parsed.data.error;
    throw new ApiError(res.status, e.code, e.message, e.details ?? []);
  }
  throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText || 'Request failed');
}

/** Fired on every 401 so the app shell can show the sign-in page. */
export const UNAUTHENTICATED_EVENT = 'hcpv-unauthenticated';

async function send<T>(
  method: string,
  path: string,
  schema: Parser<T> | null,
  body: unknown,
  opts: RequestOptions,
): Promise<T | undefined> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (opts.signal) init.signal = opts.signal;
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const res = await fetch(url(path, opts.query), init);
  if (res.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT));
  if (!res.ok) return fail(res);
  if (schema === null || res.status === 204) return undefined;
  return schema.parse(await res.json());
}

export async function apiGet<T>(path: string, schema: Parser<T>, opts: RequestOptions = {}): Promise<T> {
  const v = await send('GET', path, schema, undefined, opts);
  if (v === undefined) throw new ApiError(204, 'EMPTY', 'The server returned nothing');
  return v;
}

export async function apiSend<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  schema: Parser<T>,
  opts: RequestOptions = {},
): Promise<T> {
  const v = await send(method, path, schema, body, opts);
  if (v === undefined) throw new ApiError(204, 'EMPTY', 'The server returned nothing');
  return v;
}

/** For routes answering 204. */
export async function apiDo(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<void> {
  await send(method, path, null, body, opts);
}

/** Listen to a server-sent-events endpoint with typed, parsed messages; returns a closer. */
export function subscribe<T>(
  path: string,
  schema: Parser<T>,
  onMessage: (m: T) => void,
  onError?: (e: Event) => void,
): () => void {
  const es = new EventSource(url(path), { withCredentials: true });
  es.onmessage = (ev: MessageEvent<string>) => {
    try {
      onMessage(schema.parse(JSON.parse(ev.data)));
    } catch {
      // A message we cannot parse is skipped, never rendered.
    }
  };
  if (onError) es.onerror = onError;
  return () => es.close();
}
