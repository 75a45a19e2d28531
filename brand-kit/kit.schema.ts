/**
 * The brand kit contract: tokens (colours, typography per screen profile, spacing), logo
 * variants and images (by source hash), texts, unit naming rules and the city's locks.
 * Structural problems come from these schemas; the cross-field rules live in `validate.ts`.
 */
import { z } from 'zod';
import { SCREEN_PROFILES, type ScreenProfile } from './profiles.js';

export const hexColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB');
export const tokenNameSchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'a token name in camelCase, e.g. primaryDark');
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 as 64 lower-case hex digits');

/** Formats accepted as kit sources (uploads are checked against this allow-list). */
export const SOURCE_TYPES = ['image/svg+xml', 'image/png', 'image/webp', 'image/jpeg'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const assetRefSchema = z.strictObject({
  /** sha256 of the source bytes as stored (SVG: after sanitising). */
  sha256: sha256Schema,
  type: z.enum(SOURCE_TYPES),
  /** Intrinsic size in pixels (SVG: its declared size at 72 dpi). */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  name: z.string().min(1).max(120),
});
export type AssetRef = z.infer<typeof assetRefSchema>;

const px = (max: number) => z.number().int().min(0).max(max);

export const textStyleSchema = z
  .strictObject({
    sizePx: z.number().int().min(8).max(400),
    /** The smallest size the player may shrink to before wrapping; validation measures at this size. */
    minSizePx: z.number().int().min(8).max(400),
    weight: z.number().int().multipleOf(100).min(100).max(900),
    lineHeight: z.number().min(1).max(2),
  })
  .refine((s) => s.minSizePx <= s.sizePx, { message: 'minSizePx must not exceed sizePx', path: ['minSizePx'] });
export type TextStyle = z.infer<typeof textStyleSchema>;

export const TEXT_STYLES = ['unitName', 'slogan', 'heading', 'body', 'caption', 'ticketNumber'] as const;
export type TextStyleName = (typeof TEXT_STYLES)[number];

export const headerSchema = z.strictObject({
  heightPx: px(1000),
  paddingPx: px(400),
  gapPx: px(400),
  logoHeightPx: z.number().int().min(1).max(1000),
  nameMaxLines: z.number().int().min(1).max(3),
});
export type HeaderSpec = z.infer<typeof headerSchema>;

export const profileTypographySchema = z.strictObject({
  header: headerSchema,
  styles: z.strictObject(
    Object.fromEntries(TEXT_STYLES.map((s) => [s, textStyleSchema])) as Record<TextStyleName, typeof textStyleSchema>,
  ),
});
export type ProfileTypography = z.infer<typeof profileTypographySchema>;

export const typographySchema = z.strictObject({
  fontFamily: z.string().min(1).max(80),
  fallback: z.array(z.string().min(1).max(80)).max(8),
  profiles: z.strictObject(
    Object.fromEntries(SCREEN_PROFILES.map((p) => [p, profileTypographySchema])) as Record<
      ScreenProfile,
      typeof profileTypographySchema
    >,
  ),
});
export type Typography = z.infer<typeof typographySchema>;

export const spacingSchema = z.strictObject({
  unitPx: z.number().int().min(1).max(64),
  scale: z.array(z.number().int().min(0).max(1000)).min(4).max(24),
});

export const contrastPairSchema = z.strictObject({
  name: z.string().min(1).max(120),
  fg: tokenNameSchema,
  bg: tokenNameSchema,
  /** Large text (≥ 24 px, or ≥ 18.66 px bold) needs 3:1 instead of 4.5:1. */
  large: z.boolean(),
});

const line = z.string().trim().min(1, 'must not be empty').max(200);

export const textsSchema = z.strictObject({
  slogan: line,
  coreValues: z.array(line).length(5, 'the five core values'),
  fourXin: z.array(line).length(4, 'the four "xin" lines'),
  fourLuon: z.array(line).length(4, 'the four "luôn" lines'),
  unitName: line,
  hotline: z.string().trim().max(40),
  openingHoursLine: z.string().trim().max(200),
  localContact: z.string().trim().max(300),
});
export type BrandTexts = z.infer<typeof textsSchema>;
export const TEXT_FIELDS = Object.keys(textsSchema.shape) as (keyof BrandTexts)[];
export type TextField = keyof BrandTexts;

/** Fields a unit sets for itself unless the city locks them. */
export const UNIT_FIELDS = [
  'unitName',
  'hotline',
  'openingHoursLine',
  'localContact',
] as const satisfies readonly TextField[];

export const namingRuleSchema = z.strictObject({
  kind: z.enum(['centre', 'branch', 'site']),
  pattern: z
    .string()
    .min(1)
    .max(400)
    .refine(
      (p) => {
        try {
          new RegExp(p, 'u');
          return true;
        } catch {
          return false;
        }
      },
      { message: 'a valid regular expression' },
    ),
  example: z.string().min(1).max(200),
});
export type NamingRule = z.infer<typeof namingRuleSchema>;

/** Parts of the kit that only the city sets; they are locked for every unit, always. */
export const ALWAYS_LOCKED = [
  'colors',
  'contrastPairs',
  'typography',
  'spacing',
  'logos',
  'images',
  'namingRules',
  'locks',
] as const;

export const brandKitSchema = z.strictObject({
  schemaVersion: z.literal(1),
  name: z.string().min(1).max(120),
  colors: z.record(tokenNameSchema, hexColorSchema),
  contrastPairs: z.array(contrastPairSchema).min(1).max(64),
  typography: typographySchema,
  spacing: spacingSchema,
  logos: z.strictObject({ full: assetRefSchema, mono: assetRefSchema, inverse: assetRefSchema }),
  images: z.record(tokenNameSchema, assetRefSchema).default({}),
  texts: textsSchema,
  namingRules: z.array(namingRuleSchema).max(20),
  /** Text fields the city locks (as `texts.<field>`); units may override the others. */
  locks: z.array(
    z.enum(TEXT_FIELDS.map((f) => `texts.${f}` as const) as [`texts.${TextField}`, ...`texts.${TextField}`[]]),
  ),
});
export type BrandKit = z.infer<typeof brandKitSchema>;
export type LogoVariant = keyof BrandKit['logos'];
export const LOGO_VARIANTS: readonly LogoVariant[] = ['full', 'mono', 'inverse'];

/**
 * What a unit (centre, branch, site) may send to override the city kit. Every kit part is
 * accepted here so that trying to change a locked one gives `BRAND_LOCKED_FIELD`, not a
 * vague "unknown field". A `null` text clears that unit's override.
 */
export const unitOverrideSchema = z.strictObject({
  texts: z
    .strictObject(
      Object.fromEntries(TEXT_FIELDS.map((f) => [f, textsSchema.shape[f].nullable().optional()])) as {
        [K in TextField]: z.ZodOptional<z.ZodNullable<(typeof textsSchema.shape)[K]>>;
      },
    )
    .optional(),
  ...(Object.fromEntries(ALWAYS_LOCKED.map((k) => [k, z.unknown().optional()])) as Record<
    (typeof ALWAYS_LOCKED)[number],
    z.ZodOptional<z.ZodUnknown>
  >),
});
export type UnitOverrideInput = z.infer<typeof unitOverrideSchema>;

/** What is stored per unit: only text values it set. */
export const storedOverridesSchema = z.strictObject({ texts: textsSchema.partial() });
export type StoredOverrides = z.infer<typeof storedOverridesSchema>;
