/** Request and response shapes of the brand API. The kit and release contracts live in brand-kit/. */
import { z } from '@hono/zod-openapi';
import { SCREEN_PROFILES } from '../../brand-kit/profiles.js';
import { assetRefSchema, brandKitSchema, storedOverridesSchema } from '../../brand-kit/kit.schema.js';
import { releaseContentSchema } from '../../brand-kit/release.schema.js';
import { orgIdSchema } from '../org/org.schemas.js';

export { siteBrandSchema, releaseDiffSchema } from '../../brand-kit/release.schema.js';

export const releaseIdSchema = z
  .string()
  .regex(/^rel-[0-9a-f]{24}$/, 'a release id such as rel-0123456789abcdef01234567');
export const assetFileSchema = z
  .string()
  .regex(
    /^[a-z0-9-]+\.[a-z0-9-]+\.[0-9a-f]{16}\.(png|webp|avif)$/,
    'a rendition file name such as logo-full.landscape-1080.0123456789abcdef.png',
  );

export const idParam = z.object({ id: orgIdSchema.openapi({ param: { name: 'id', in: 'path' } }) });
export const releaseParam = z.object({ rid: releaseIdSchema.openapi({ param: { name: 'rid', in: 'path' } }) });

export const effectiveKitSchema = z
  .object({ orgId: z.string(), cityId: z.string(), kit: brandKitSchema, overrides: storedOverridesSchema })
  .openapi('EffectiveBrandKit');

export const putKitBodySchema = z.strictObject({ kit: z.record(z.string(), z.unknown()) });

export const validateBodySchema = z.strictObject({
  kit: z.record(z.string(), z.unknown()),
  unitKind: z.enum(['city', 'centre', 'branch', 'site']).optional(),
});

export const problemsSchema = z
  .object({
    valid: z.boolean(),
    problems: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })),
  })
  .openapi('BrandProblems');

export const uploadBodySchema = z.strictObject({
  fileName: z.string().trim().min(1).max(120),
  /** The file, base64: the JSON body stays under the 1 MiB API limit. */
  contentBase64: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9+/=\s]+$/, 'base64 text'),
});

export { assetRefSchema };

export const createReleaseBodySchema = z.strictObject({ note: z.string().trim().max(500).optional() });

export const releaseSummarySchema = z
  .object({
    id: z.string(),
    cityId: z.string(),
    hash: z.string(),
    note: z.string().nullable(),
    createdAt: z.number(),
    createdBy: z.string(),
    rollbackTarget: z.boolean(),
    current: z.boolean(),
  })
  .openapi('BrandReleaseSummary');

export const releaseDetailSchema = releaseSummarySchema
  .extend({ content: releaseContentSchema })
  .openapi('BrandRelease');

export const createReleaseResultSchema = z
  .object({ release: releaseSummarySchema, created: z.boolean(), rendered: z.number().int(), reused: z.number().int() })
  .openapi('BrandReleaseCreated');

export const siteProfileParams = z.object({
  rid: releaseIdSchema.openapi({ param: { name: 'rid', in: 'path' } }),
  siteId: orgIdSchema.openapi({ param: { name: 'siteId', in: 'path' } }),
  profile: z.enum(SCREEN_PROFILES).openapi({ param: { name: 'profile', in: 'path' } }),
});
