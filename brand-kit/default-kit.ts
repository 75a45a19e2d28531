/**
 * The shipped "Hành chính phục vụ" kit, read from the designer-readable files in `default/`
 * (tokens.json, typography.json, texts.json, naming.json, logo-*.svg). The palette there is a
 * documented placeholder: pass the city's official colours as `palette` (config BRAND_PALETTE).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  brandKitSchema,
  contrastPairSchema,
  hexColorSchema,
  namingRuleSchema,
  spacingSchema,
  textsSchema,
  tokenNameSchema,
  typographySchema,
  type AssetRef,
  type BrandKit,
  type LogoVariant,
} from './kit.schema.js';
import { checkSvg } from './svg-safety.js';
import { sha256Hex } from './sources.js';

export interface KitSource {
  ref: AssetRef;
  data: Buffer;
}

const tokensFileSchema = z.strictObject({
  colors: z.record(tokenNameSchema, hexColorSchema),
  contrastPairs: z.array(contrastPairSchema),
  spacing: spacingSchema,
});

const readDefault = (file: string): Buffer => readFileSync(new URL(`./default/${file}`, import.meta.url));
const readJson = <T>(file: string, schema: z.ZodType<T>): T =>
  schema.parse(JSON.parse(readDefault(file).toString('utf8')));

/** Size of an SVG from its root `width`/`height` (or `viewBox`). */
export function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? '';
  const num = (name: string) => Number(new RegExp(`\\s${name}="([\\d.]+)(px)?"`).exec(root)?.[1] ?? Number.NaN);
  let width = num('width');
  let height = num('height');
  if (!(width > 0 && height > 0)) {
    const vb = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(root);
    width = Number(vb?.[1] ?? 0);
    height = Number(vb?.[2] ?? 0);
  }
  return { width: Math.max(1, Math.round(width)), height: Math.max(1, Math.round(height)) };
}

function logo(variant: LogoVariant): KitSource {
  const svg = checkSvg(readDefault(`logo-${variant}.svg`).toString('utf8')).svg;
  const data = Buffer.from(svg, 'utf8');
  return {
    data,
    ref: { sha256: sha256Hex(data), type: 'image/svg+xml', ...svgSize(svg), name: `logo-${variant}.svg` },
  };
}

/** Build the default kit and its source files; `palette` replaces colour tokens by name. */
export function loadDefaultKit(opts: { palette?: Readonly<Record<string, string>> } = {}): {
  kit: BrandKit;
  sources: KitSource[];
} {
  const tokens = readJson('tokens.json', tokensFileSchema);
  const logos = { full: logo('full'), mono: logo('mono'), inverse: logo('inverse') };
  const kit = brandKitSchema.parse({
    schemaVersion: 1,
    name: 'Hành chính phục vụ',
    colors: { ...tokens.colors, ...opts.palette },
    contrastPairs: tokens.contrastPairs,
    typography: readJson('typography.json', typographySchema),
    spacing: tokens.spacing,
    logos: { full: logos.full.ref, mono: logos.mono.ref, inverse: logos.inverse.ref },
    images: {},
    texts: readJson('texts.json', textsSchema),
    namingRules: readJson('naming.json', z.array(namingRuleSchema)),
    locks: ['texts.slogan', 'texts.coreValues', 'texts.fourXin', 'texts.fourLuon'],
  });
  return { kit, sources: [logos.full, logos.mono, logos.inverse] };
}
