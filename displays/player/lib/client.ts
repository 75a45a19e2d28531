/**
 * HTTP face of the display contract for the browser: every response is parsed with the shared
 * schemas (displays/shared/protocol.ts), never cast.
 */
import {
  manifestSchema,
  pairingPollSchema,
  pairingStartSchema,
  pushMessageSchema,
  type AckBody,
  type HeartbeatBody,
  type Manifest,
  type PairingPoll,
  type PairingStart,
  type ProofOfPlayBody,
  type PushMessage,
} from '../../shared/protocol.js';
import { SseParser } from '../../shared/sse.js';

export const API = '/api/v1/display';

/** The server said the token is not (or no longer) valid. */
export class UnauthorizedError extends Error {}

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function check(res: Response): Response {
  if (res.status === 401) throw new UnauthorizedError('screen token rejected');
  if (!res.ok && res.status !== 304) throw new HttpError(res.status);
  return res;
}

export async function startPairing(signal?: AbortSignal): Promise<PairingStart> {
  const res = check(await fetch(`${API}/pairing`, { method: 'POST', signal: signal ?? null }));
  return pairingStartSchema.parse(await res.json());
}

export async function pollPairing(p: PairingStart, signal?: AbortSignal): Promise<PairingPoll> {
  const res = await fetch(`${API}/pairing/${encodeURIComponent(p.pairingId)}`, {
    headers: { 'x-pairing-secret': p.pollSecret },
    signal: signal ?? null,
  });
  if (res.status === 404) return { status: 'expired' };
  return pairingPollSchema.parse(await check(res).json());
}

const auth = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

/** The manifest, or null when unchanged (304 on the hash we show). */
export async function fetchManifest(token: string, etagHash: string | null): Promise<Manifest | null> {
  const headers = auth(token, etagHash ? { 'if-none-match': `"${etagHash}"` } : {});
  const res = check(await fetch(`${API}/manifest`, { headers, cache: 'no-store' }));
  if (res.status === 304) return null;
  return manifestSchema.parse(await res.json());
}

async function post(token: string, path: string, body: unknown): Promise<void> {
  check(
    await fetch(`${API}/${path}`, {
      method: 'POST',
      headers: auth(token, { 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    }),
  );
}

export const sendAck = (token: string, body: AckBody) => post(token, 'ack', body);
export const sendHeartbeat = (token: string, body: HeartbeatBody) => post(token, 'heartbeat', body);
export const sendProofOfPlay = (token: string, body: ProofOfPlayBody) => post(token, 'proof-of-play', body);

/** Fetch a brand asset (same origin: the screen token goes along in case the route wants it). */
export const fetchAsset = (token: string) => (url: string) =>
  fetch(url, { headers: new URL(url, location.href).origin === location.origin ? auth(token) : {}, cache: 'no-store' });

/**
 * Read the push stream until it ends or `signal` aborts. Resolves when the stream closes
 * normally; rejects on network errors. Unknown or malformed messages are reported, not fatal.
 */
export async function readStream(
  token: string,
  lastEventId: string | undefined,
  signal: AbortSignal,
  on: { message(m: PushMessage, id: string | undefined): void; bad(reason: string): void; data(): void },
): Promise<void> {
  const headers = auth(token, lastEventId ? { 'last-event-id': lastEventId } : {});
  const res = check(await fetch(`${API}/stream`, { headers, signal, cache: 'no-store' }));
  if (!res.body) throw new Error('push stream has no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    on.data();
    for (const ev of parser.push(value)) {
      let json: unknown;
      try {
        json = JSON.parse(ev.data);
      } catch {
        on.bad(`push: not JSON (${ev.event})`);
        continue;
      }
      const parsed = pushMessageSchema.safeParse(json);
      if (parsed.success) on.message(parsed.data, ev.id);
      else on.bad(`push: unknown message (${ev.event})`);
    }
  }
}
