/**
 * Releases: the immutable, content-addressed result of resolving a city's kit for every site
 * and compiling its renditions. `siteBrandSchema` is the per-site, per-profile view that the
 * screen manifest embeds (import it from here; never copy it).
 */
import { z } from 'zod';
import { SCREEN_PROFILES, type ScreenProfile } from './profiles.js';
import {
  headerSchema,
  hexColorSchema,
  spacingSchema,
  textsSchema,
  textStyleSchema,
  TEXT_STYLES,
  typographySchema,
  type BrandTexts,
  type TextStyleName,
} from './kit.schema.js';
import { sha256Hex } from './sources.js';

export const renditionRefSchema = z.object({
  role: z.string(),
  profile: z.enum(SCREEN_PROFILES),
  format: z.enum(['png', 'webp', 'avif']),
  file: z.string(),
  sha256: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  type: z.string(),
  bytes: z.number().int(),
});
export type RenditionRef = z.infer<typeof renditionRefSchema>;

export const releaseContentSchema = z.object({
  schemaVersion: z.literal(1),
  cityId: z.string(),
  kitName: z.string(),
  tokens: z.object({
    colors: z.record(z.string(), hexColorSchema),
    typography: typographySchema,
    spacing: spacingSchema,
  }),
  /** The city's texts; a site's entry below holds only what differs for it. */
  texts: textsSchema,
  sites: z.record(z.string(), z.object({ texts: textsSchema.partial() })),
  /** Sorted by role, profile, format. */
  renditions: z.array(renditionRefSchema),
});
export type ReleaseContent = z.infer<typeof releaseContentSchema>;

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

export const ASSET_ROLES = ['logo-full', 'logo-mono', 'logo-inverse'] as const;

export const siteBrandAssetSchema = z.object({
  /** `logo-full` | `logo-mono` | `logo-inverse` | `image-<name>` */
  role: z.string(),
  format: z.enum(['png', 'webp', 'avif']),
  /** `/api/v1/brand/assets/<hashed file>`: public, immutable. */
  url: z.string(),
  sha256: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  type: z.string(),
});

export const siteBrandSchema = z.object({
  releaseId: z.string(),
  /** sha256 of this object without `hash`: changes exactly when what the screen shows changes. */
  hash: z.string(),
  siteId: z.string(),
  profile: z.enum(SCREEN_PROFILES),
  tokens: z.object({
    colors: z.record(z.string(), hexColorSchema),
    fontFamily: z.string(),
    fallback: z.array(z.string()),
    header: headerSchema,
    styles: z.object(
      Object.fromEntries(TEXT_STYLES.map((s) => [s, textStyleSchema])) as Record<TextStyleName, typeof textStyleSchema>,
    ),
    spacing: spacingSchema,
  }),
  texts: textsSchema,
  assets: z.array(siteBrandAssetSchema),
});
export type SiteBrand = z.infer<typeof siteBrandSchema>;

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

export const changeSchema = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });
export type Change = z.infer<typeof changeSchema>;

export const releaseDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  tokens: z.array(changeSchema),
  texts: z.array(changeSchema),
  assets: z.array(changeSchema),
  sites: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
});
export type ReleaseDiff = z.infer<typeof releaseDiffSchema>;

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
