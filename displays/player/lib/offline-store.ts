/**
 * The player's offline memory, in the Cache API (it survives reloads and browser restarts):
 * the last good manifest and the content-addressed brand assets, each checked against its
 * sha256 before it is kept. A new manifest is shown only once all its assets are in place
 * (`prepare` then `commit`), so a screen never shows half a release.
 */
import { manifestSchema, type Manifest } from '../../shared/protocol.js';
import { assetsToEvict, assetsToFetch, toHex, type AssetRef } from './asset-plan.js';

const ASSETS = 'hcpv-player-assets-v1';
const STATE = 'hcpv-player-state-v1';
const MANIFEST_KEY = '/display/__state/manifest.json';
const DIGEST_HEADER = 'x-hcpv-sha256';

export class AssetCheckError extends Error {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(`${url}: ${message}`);
  }
}

export async function loadLastManifest(): Promise<Manifest | null> {
  try {
    const res = await (await caches.open(STATE)).match(MANIFEST_KEY);
    if (!res) return null;
    const parsed = manifestSchema.safeParse(await res.json());
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function cachedDigests(cache: Cache): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const req of await cache.keys()) {
    const res = await cache.match(req);
    const d = res?.headers.get(DIGEST_HEADER);
    if (d) out.set(new URL(req.url).pathname + new URL(req.url).search, d);
  }
  return out;
}

/**
 * Download and verify every asset of `next` that is not cached yet. Throws (keeping what is on
 * screen) when any asset cannot be fetched or fails its sha256.
 */
export async function prepare(next: Manifest, fetchAsset: (url: string) => Promise<Response>): Promise<void> {
  const cache = await caches.open(ASSETS);
  const todo = assetsToFetch(next.brand.assets, await cachedDigests(cache));
  await Promise.all(
    todo.map(async (a) => {
      const res = await fetchAsset(a.url);
      if (!res.ok) throw new AssetCheckError(a.url, `HTTP ${res.status}`);
      const bytes = await res.arrayBuffer();
      const digest = toHex(await crypto.subtle.digest('SHA-256', bytes));
      if (digest !== a.sha256) throw new AssetCheckError(a.url, `sha256 ${digest} ≠ ${a.sha256}`);
      const headers = {
        'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
        [DIGEST_HEADER]: digest,
      };
      await cache.put(a.url, new Response(bytes, { headers }));
    }),
  );
}

/** Make `next` the last good manifest (one put: the swap is atomic), then drop assets nobody references. */
export async function commit(next: Manifest, previous: Manifest | null): Promise<void> {
  const state = await caches.open(STATE);
  await state.put(
    MANIFEST_KEY,
    new Response(JSON.stringify(next), { headers: { 'content-type': 'application/json' } }),
  );
  const assets = await caches.open(ASSETS);
  const keep: AssetRef[][] = [next.brand.assets];
  if (previous) keep.push(previous.brand.assets);
  const urls = (await assets.keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
  await Promise.all(assetsToEvict(urls, keep).map((u) => assets.delete(u)));
}

/** An object URL for a cached asset (works with or without the Service Worker), or null. */
export async function objectUrlFor(url: string): Promise<string | null> {
  const res = await (await caches.open(ASSETS)).match(url);
  if (!res) return null;
  return URL.createObjectURL(await res.blob());
}

export async function forgetAll(): Promise<void> {
  await caches.delete(STATE);
  await caches.delete(ASSETS);
}
