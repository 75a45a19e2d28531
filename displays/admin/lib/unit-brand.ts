/**
 * A unit's own brand texts (its name on screens, hotline, opening-hours line, local contact): what
 * the form shows for each, and the PATCH body for `/brand/units/{id}/overrides` (only what changed;
 * an emptied field clears the unit's own value so it inherits again).
 */
import { UNIT_FIELDS } from '../../../brand-kit/kit.schema.js';

export type UnitField = (typeof UNIT_FIELDS)[number];
export { UNIT_FIELDS };

export interface UnitFieldView {
  field: UnitField;
  /** What screens of the unit show now. */
  effective: string;
  /** The unit's own value, or '' when it inherits. */
  own: string;
  /** The city locked it: units may not set it. */
  locked: boolean;
}

export function unitFieldViews(
  kit: { texts: Readonly<Record<UnitField, string>>; locks: readonly string[] },
  overrides: { texts: Partial<Readonly<Record<string, unknown>>> },
): UnitFieldView[] {
  return UNIT_FIELDS.map((field) => {
    const own = overrides.texts[field];
    return {
      field,
      effective: kit.texts[field],
      own: typeof own === 'string' ? own : '',
      locked: kit.locks.includes(`texts.${field}`),
    };
  });
}

/** The PATCH body for what the form holds now, or null when nothing changed. */
export function overridePatch(
  views: readonly UnitFieldView[],
  typed: Readonly<Partial<Record<UnitField, string>>>,
): { texts: Partial<Record<UnitField, string | null>> } | null {
  const texts: Partial<Record<UnitField, string | null>> = {};
  for (const v of views) {
    const now = typed[v.field];
    if (v.locked || now === undefined) continue;
    const value = now.trim();
    if (value === v.own) continue;
    texts[v.field] = value === '' ? null : value;
  }
  return Object.keys(texts).length ? { texts } : null;
}

/** Server problems for one field: paths end in `texts.<field>` (`units.<id>.texts.unitName`). */
export function problemsFor<P extends { path: string }>(problems: readonly P[], field: UnitField): P[] {
  return problems.filter((p) => p.path === `texts.${field}` || p.path.endsWith(`.texts.${field}`));
}

/**
 * The city's naming rule as the server applies it (any rule for the unit's kind must match): the
 * example of the first rule when `name` follows none, else null. Checked as the name is typed.
 */
export function namingExample(
  rules: readonly { kind: string; pattern: string; example: string }[],
  kind: string,
  name: string,
): string | null {
  const mine = rules.filter((r) => r.kind === kind);
  if (mine.length === 0 || name.trim() === '') return null;
  return mine.some((r) => new RegExp(r.pattern, 'u').test(name.trim())) ? null : (mine[0]?.example ?? '');
}
