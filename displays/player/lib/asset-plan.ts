/**
 * Pure planning for an atomic manifest swap: which assets must be downloaded before the new
 * manifest may be shown, and which cached ones are garbage once it is.
 */
export interface AssetRef {
  url: string;
  sha256: string;
}

/** Assets of `next` not already cached with the same digest. */
export function assetsToFetch(next: readonly AssetRef[], cached: ReadonlyMap<string, string>): AssetRef[] {
  const seen = new Set<string>();
  return next.filter((a) => {
    if (seen.has(a.url)) return false;
    seen.add(a.url);
    return cached.get(a.url) !== a.sha256;
  });
}

/** Cached URLs referenced by neither the manifest now shown nor the one being prepared. */
export function assetsToEvict(cachedUrls: Iterable<string>, keep: readonly (readonly AssetRef[])[]): string[] {
  const wanted = new Set(keep.flatMap((list) => list.map((a) => a.url)));
  return [...cachedUrls].filter((u) => !wanted.has(u));
}

/** Lower-case hex of a digest. */
export function toHex(buf: ArrayBuffer): string {
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
