/**
 * Releases: the immutable, content-addressed result of resolving a city's kit for every site
 * and compiling its renditions. `siteBrandSchema` is the per-site, per-profile view that the
 * screen manifest embeds (import it from here; never copy it).
 */
import type { ScreenProfile } from './profiles.js';
import type { BrandTexts } from './kit.schema.js';
import { sha256Hex } from './sources.js';
import type { Change, ReleaseContent, ReleaseDiff, SiteBrand } from './release.schema.js';
export * from './release.schema.js';

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export const contentHash = (value: unknown): string => sha256Hex(canonicalJson(value));

/** Release ids are derived from the content hash: the same content is the same release. */
export const releaseIdOf = (hash: string): string => `rel-${hash.slice(0, 24)}`;

// ---- the manifest's view of one site on one profile ----

/** The effective texts of one site in a release. */
export function siteTexts(content: ReleaseContent, siteId: string): BrandTexts | undefined {
  const site = content.sites[siteId];
  if (!site) return undefined;
  const texts: BrandTexts = { ...content.texts };
  for (const [field, value] of Object.entries(site.texts))
    if (value !== undefined) Object.assign(texts, { [field]: value });
  return texts;
}

export function siteBrandOf(
  releaseId: string,
  content: ReleaseContent,
  siteId: string,
  profile: ScreenProfile,
  assetUrl: (file: string) => string,
): SiteBrand | undefined {
  const texts = siteTexts(content, siteId);
  if (!texts) return undefined;
  const typo = content.tokens.typography;
  // The release id is left out of the hash: identical branding under two releases is no change for a screen.
  const hashed: Omit<SiteBrand, 'hash' | 'releaseId'> = {
    siteId,
    profile,
    tokens: {
      colors: content.tokens.colors,
      fontFamily: typo.fontFamily,
      fallback: typo.fallback,
      header: typo.profiles[profile].header,
      styles: typo.profiles[profile].styles,
      spacing: content.tokens.spacing,
    },
    texts,
    assets: content.renditions
      .filter((r) => r.profile === profile)
      .map((r) => ({
        role: r.role,
        format: r.format,
        url: assetUrl(r.file),
        sha256: r.sha256,
        width: r.width,
        height: r.height,
        type: r.type,
      })),
  };
  return { releaseId, ...hashed, hash: contentHash(hashed) };
}

// ---- diff ----

/** Leaf paths of a JSON value; arrays are leaves (a changed list is one change). */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
  return out;
}

function changes(a: Map<string, unknown>, b: Map<string, unknown>): Change[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.flatMap((path) => {
    const before = a.get(path) ?? null;
    const after = b.get(path) ?? null;
    return canonicalJson(before) === canonicalJson(after) ? [] : [{ path, before, after }];
  });
}

/** What changed from release `a` to release `b`: tokens, texts (city and per site) and assets. */
export function diffReleases(fromId: string, a: ReleaseContent, toId: string, b: ReleaseContent): ReleaseDiff {
  const textsOf = (c: ReleaseContent) => {
    const m = flatten(c.texts, 'texts', new Map());
    for (const [id, s] of Object.entries(c.sites)) flatten(s.texts, `sites.${id}.texts`, m);
    return m;
  };
  const assetsOf = (c: ReleaseContent) =>
    new Map(c.renditions.map((r) => [`${r.role}.${r.profile}.${r.format}`, r.file]));
  const aSites = new Set(Object.keys(a.sites));
  const bSites = new Set(Object.keys(b.sites));
  return {
    from: fromId,
    to: toId,
    tokens: changes(flatten(a.tokens, 'tokens', new Map()), flatten(b.tokens, 'tokens', new Map())),
    texts: changes(textsOf(a), textsOf(b)),
    assets: changes(assetsOf(a), assetsOf(b)),
    sites: {
      added: [...bSites].filter((s) => !aSites.has(s)).sort(),
      removed: [...aSites].filter((s) => !bSites.has(s)).sort(),
    },
  };
}
