/**
 * Kit validation: every problem, each with its dotted path and a machine-readable code.
 * Rules: structure and required parts (schema), WCAG 2.1 AA contrast of every declared pair,
 * logo big enough on each profile, unit name and slogan fit the header at the minimum font size,
 * unit name follows the city's naming rule.
 */
import type { z } from 'zod';
import { AA_LARGE, AA_NORMAL, contrastRatio } from './contrast.js';
import { textWidth, wrapLines } from './font-metrics.js';
import { brandKitSchema, LOGO_VARIANTS, type AssetRef, type BrandKit } from './kit.schema.js';
import { PROFILE_SIZE, SCREEN_PROFILES, type ScreenProfile } from './profiles.js';

export const BRAND_PROBLEM_CODES = [
  'BRAND_REQUIRED',
  'BRAND_SCHEMA',
  'BRAND_UNKNOWN_TOKEN',
  'BRAND_CONTRAST',
  'BRAND_LOGO_TOO_SMALL',
  'BRAND_TEXT_OVERFLOW',
  'BRAND_NAME_RULE',
] as const;
export type BrandProblemCode = (typeof BRAND_PROBLEM_CODES)[number];

export interface BrandProblem {
  path: string;
  code: BrandProblemCode;
  message: string;
}

/** Colour tokens every kit must name, because screens use them by these names. */
export const REQUIRED_COLORS = ['primary', 'onPrimary', 'accent', 'ink', 'paper'] as const;

/** Smallest logo height on each profile: 6 % of the screen's shorter side. */
export const MIN_LOGO_HEIGHT: Readonly<Record<ScreenProfile, number>> = Object.fromEntries(
  SCREEN_PROFILES.map((p) => [p, Math.round(Math.min(PROFILE_SIZE[p].width, PROFILE_SIZE[p].height) * 0.06)]),
) as Record<ScreenProfile, number>;

/** Measured widths are without kerning; keep this share of the line free. */
const FIT_MARGIN = 0.03;

export interface ValidateOptions {
  /** The kind of unit the kit is resolved for; enables the naming rule. */
  unitKind?: 'city' | 'centre' | 'branch' | 'site';
}

const pathOf = (path: readonly PropertyKey[]): string => path.map((p) => String(p)).join('.');

function schemaProblems(issues: readonly z.core.$ZodIssue[]): BrandProblem[] {
  return issues.map((issue) => {
    const missing =
      (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) ||
      (issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1);
    return {
      path: pathOf(issue.path) || '(kit)',
      code: missing ? 'BRAND_REQUIRED' : 'BRAND_SCHEMA',
      message: issue.message,
    };
  });
}

/** Validate a kit given as unknown JSON. Returns the parsed kit when there is no problem. */
export function validateKit(input: unknown, opts: ValidateOptions = {}): { kit?: BrandKit; problems: BrandProblem[] } {
  const parsed = brandKitSchema.safeParse(input);
  if (!parsed.success) return { problems: schemaProblems(parsed.error.issues) };
  const problems = kitRuleProblems(parsed.data, opts);
  return problems.length === 0 ? { kit: parsed.data, problems } : { problems };
}

/** The cross-field rules on a structurally valid kit. */
export function kitRuleProblems(kit: BrandKit, opts: ValidateOptions = {}): BrandProblem[] {
  return [...colorProblems(kit), ...logoProblems(kit), ...fitProblems(kit), ...namingProblems(kit, opts)];
}

function colorProblems(kit: BrandKit): BrandProblem[] {
  const out: BrandProblem[] = [];
  for (const name of REQUIRED_COLORS) {
    if (kit.colors[name] === undefined)
      out.push({ path: `colors.${name}`, code: 'BRAND_REQUIRED', message: `colour token "${name}" is required` });
  }
  kit.contrastPairs.forEach((pair, i) => {
    const fg = kit.colors[pair.fg];
    const bg = kit.colors[pair.bg];
    if (fg === undefined)
      out.push({ path: `contrastPairs.${i}.fg`, code: 'BRAND_UNKNOWN_TOKEN', message: `no colour token "${pair.fg}"` });
    if (bg === undefined)
      out.push({ path: `contrastPairs.${i}.bg`, code: 'BRAND_UNKNOWN_TOKEN', message: `no colour token "${pair.bg}"` });
    if (fg === undefined || bg === undefined) return;
    const ratio = contrastRatio(fg, bg);
    const need = pair.large ? AA_LARGE : AA_NORMAL;
    if (ratio < need) {
      out.push({
        path: `contrastPairs.${i}`,
        code: 'BRAND_CONTRAST',
        message: `"${pair.name}": ${pair.fg} ${fg} on ${pair.bg} ${bg} has contrast ${ratio.toFixed(2)}:1, WCAG AA needs ${need}:1${pair.large ? ' for large text' : ''}`,
      });
    }
  });
  return out;
}

function logoProblems(kit: BrandKit): BrandProblem[] {
  const out: BrandProblem[] = [];
  for (const profile of SCREEN_PROFILES) {
    const h = kit.typography.profiles[profile].header.logoHeightPx;
    if (h < MIN_LOGO_HEIGHT[profile]) {
      out.push({
        path: `typography.profiles.${profile}.header.logoHeightPx`,
        code: 'BRAND_LOGO_TOO_SMALL',
        message: `logo height ${h}px on ${profile} is below the minimum ${MIN_LOGO_HEIGHT[profile]}px`,
      });
    }
  }
  const rasterCheck = (ref: AssetRef, path: string) => {
    if (ref.type === 'image/svg+xml') return; // vector: sharp at any size
    for (const profile of SCREEN_PROFILES) {
      const need = kit.typography.profiles[profile].header.logoHeightPx;
      if (ref.height < need) {
        out.push({
          path,
          code: 'BRAND_LOGO_TOO_SMALL',
          message: `${ref.name} is ${ref.height}px high; ${profile} shows it ${need}px high (use SVG or a larger image)`,
        });
        return;
      }
    }
  };
  for (const v of LOGO_VARIANTS) rasterCheck(kit.logos[v], `logos.${v}`);
  return out;
}

/** Width the header leaves for text beside the logo on a profile. */
export function headerTextWidth(kit: BrandKit, profile: ScreenProfile): number {
  const { header } = kit.typography.profiles[profile];
  const logo = kit.logos.full;
  const logoWidth = (header.logoHeightPx * logo.width) / logo.height;
  return PROFILE_SIZE[profile].width - 2 * header.paddingPx - logoWidth - header.gapPx;
}

function fitProblems(kit: BrandKit): BrandProblem[] {
  const out: BrandProblem[] = [];
  for (const profile of SCREEN_PROFILES) {
    const { header, styles } = kit.typography.profiles[profile];
    const width = headerTextWidth(kit, profile) * (1 - FIT_MARGIN);
    const name = styles.unitName;
    const lines = wrapLines(kit.texts.unitName, width, name.minSizePx, name.weight);
    const widest = Math.max(...lines.map((l) => textWidth(l, name.minSizePx, name.weight)));
    if (lines.length > header.nameMaxLines || widest > width) {
      out.push({
        path: 'texts.unitName',
        code: 'BRAND_TEXT_OVERFLOW',
        message: `on ${profile} the unit name needs ${lines.length} lines at ${name.minSizePx}px; the header has ${header.nameMaxLines} of ${Math.floor(width)}px`,
      });
    }
    const slogan = styles.slogan;
    const sloganWidth = textWidth(kit.texts.slogan, slogan.minSizePx, slogan.weight);
    if (sloganWidth > width) {
      out.push({
        path: 'texts.slogan',
        code: 'BRAND_TEXT_OVERFLOW',
        message: `on ${profile} the slogan is ${Math.ceil(sloganWidth)}px wide at ${slogan.minSizePx}px; the header has ${Math.floor(width)}px`,
      });
    }
  }
  return out;
}

function namingProblems(kit: BrandKit, opts: ValidateOptions): BrandProblem[] {
  if (opts.unitKind === undefined || opts.unitKind === 'city') return [];
  const rules = kit.namingRules.filter((r) => r.kind === opts.unitKind);
  if (rules.length === 0 || rules.some((r) => new RegExp(r.pattern, 'u').test(kit.texts.unitName))) return [];
  return [
    {
      path: 'texts.unitName',
      code: 'BRAND_NAME_RULE',
      message: `"${kit.texts.unitName}" does not follow the naming rule for a ${opts.unitKind}, e.g. "${rules[0]?.example ?? ''}"`,
    },
  ];
}
