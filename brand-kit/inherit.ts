/**
 * Inheritance and locks. The city kit is the base; each unit below it (centre, branch, site)
 * contributes its own facts (name, hotline, opening hours, address) and its stored overrides,
 * but only for fields the city has not locked. Colours, typography, logos, spacing, naming
 * rules and the locks themselves are never a unit's to change.
 */
import {
  ALWAYS_LOCKED,
  storedOverridesSchema,
  type BrandKit,
  type BrandTexts,
  type StoredOverrides,
  type TextField,
  type UnitOverrideInput,
} from './kit.schema.js';

const DAYS = [
  ['mon', 'Thứ Hai'],
  ['tue', 'Thứ Ba'],
  ['wed', 'Thứ Tư'],
  ['thu', 'Thứ Năm'],
  ['fri', 'Thứ Sáu'],
  ['sat', 'Thứ Bảy'],
  ['sun', 'Chủ Nhật'],
] as const;
type Day = (typeof DAYS)[number][0];
export type WeekHours = Readonly<Record<Day, readonly { open: string; close: string }[]>>;

/** The facts of a unit the kit takes by default (structurally the org unit). */
export interface UnitFacts {
  id: string;
  kind: 'city' | 'centre' | 'branch' | 'site';
  name: string;
  site: { address: string; hotline?: string | undefined; openingHours: WeekHours } | null;
}

/** "Thứ Hai – Thứ Sáu: 08:00–12:00, 13:30–17:00; Thứ Bảy: 08:00–12:00" */
export function openingHoursLine(week: WeekHours): string {
  const parts: string[] = [];
  let i = 0;
  while (i < DAYS.length) {
    const [day, label] = DAYS[i] ?? DAYS[0];
    const text = week[day].map((iv) => `${iv.open}–${iv.close}`).join(', ');
    let j = i;
    while (
      j + 1 < DAYS.length &&
      week[(DAYS[j + 1] ?? DAYS[0])[0]].map((iv) => `${iv.open}–${iv.close}`).join(', ') === text
    )
      j++;
    if (text !== '') parts.push(`${j > i ? `${label} – ${(DAYS[j] ?? DAYS[0])[1]}` : label}: ${text}`);
    i = j + 1;
  }
  return parts.join('; ');
}

const isLocked = (kit: BrandKit, field: TextField): boolean => kit.locks.includes(`texts.${field}`);

/** Paths in an override request that touch locked fields. Empty means it may be applied. */
export function lockedPathsIn(kit: BrandKit, input: UnitOverrideInput): string[] {
  const paths: string[] = ALWAYS_LOCKED.filter((k) => input[k] !== undefined);
  for (const [field, value] of Object.entries(input.texts ?? {})) {
    if (value !== undefined && isLocked(kit, field as TextField)) paths.push(`texts.${field}`);
  }
  return paths;
}

/** Apply a request to a unit's stored overrides (`null` clears a field). Lock checks come first. */
export function mergeOverrides(current: StoredOverrides, input: UnitOverrideInput): StoredOverrides {
  const texts: Record<string, unknown> = { ...current.texts };
  for (const [field, value] of Object.entries(input.texts ?? {})) {
    if (value === null) delete texts[field];
    else if (value !== undefined) texts[field] = value;
  }
  return storedOverridesSchema.parse({ texts });
}

function unitDefaults(unit: UnitFacts): Partial<BrandTexts> {
  const out: Partial<BrandTexts> = { unitName: unit.name };
  if (unit.site) {
    if (unit.site.hotline) out.hotline = unit.site.hotline;
    out.openingHoursLine = openingHoursLine(unit.site.openingHours);
    out.localContact = unit.site.address;
  }
  return out;
}

/**
 * The effective kit of the last unit of `chain` (top-down, the city excluded): city kit, then
 * each unit's own facts and overrides, unlocked fields only. An override stored before the city
 * locked its field is ignored, not applied.
 */
export function resolveKit(
  cityKit: BrandKit,
  chain: readonly { unit: UnitFacts; overrides: StoredOverrides }[],
): BrandKit {
  const texts: BrandTexts = { ...cityKit.texts };
  const set = (patch: { [K in TextField]?: BrandTexts[K] | undefined }) => {
    for (const [field, value] of Object.entries(patch) as [TextField, BrandTexts[TextField]][]) {
      if (value !== undefined && !isLocked(cityKit, field)) (texts as Record<TextField, unknown>)[field] = value;
    }
  };
  for (const { unit, overrides } of chain) {
    set(unitDefaults(unit));
    set(overrides.texts);
  }
  return { ...cityKit, texts };
}
