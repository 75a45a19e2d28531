/**
 * The release shapes (content, per-site view for the manifest, diff), free of Node code so
 * browser consoles can import them; `release.ts` re-exports them with the functions.
 */
import { z } from 'zod';
import { SCREEN_PROFILES } from './profiles.js';
import {
  headerSchema,
  hexColorSchema,
  spacingSchema,
  textsSchema,
  textStyleSchema,
  TEXT_STYLES,
  typographySchema,
  type TextStyleName,
} from './kit.schema.js';

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
