/**
 * The org model: city → centre → branch → site. Sites carry address, area, opening hours and
 * holidays (Asia/Ho_Chi_Minh), zones and counters. These schemas are the contract for the API,
 * the seed in config/ and every feature that needs a site's shape.
 */
import { z } from '@hono/zod-openapi';

export const ORG_KINDS = ['city', 'centre', 'branch', 'site'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Which kinds a unit of each kind may sit under (`null`: it is a root). */
export const PARENT_KINDS: Readonly<Record<OrgKind, readonly OrgKind[] | null>> = {
  city: null,
  centre: ['city'],
  branch: ['centre'],
  site: ['centre', 'branch'],
};

/** The five functional zones of the facility standard, plus anything else a site has. */
export const ZONE_KINDS = ['reception', 'counters', 'waiting', 'lookup', 'support', 'other'] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const orgIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes, 2–63 characters')
  .openapi({ example: 'hn-p-ba-dinh' });

const tag = z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,40}$/, 'a tag of lower-case letters, digits, : _ -');
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour)');

export const intervalSchema = z
  .strictObject({ open: hhmm, close: hhmm })
  .refine((i) => minutesOf(i.open) < minutesOf(i.close), { message: 'open must be before close', path: ['close'] });

export const openingHoursSchema = z
  .strictObject(
    Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(intervalSchema).max(4).default([])])) as Record<
      Weekday,
      z.ZodDefault<z.ZodArray<typeof intervalSchema>>
    >,
  )
  .superRefine((week, ctx) => {
    for (const day of WEEKDAYS) {
      const sorted = [...week[day]].sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
      for (let i = 1; i < sorted.length; i++) {
        const prev = sorted[i - 1];
        const cur = sorted[i];
        if (prev && cur && minutesOf(cur.open) < minutesOf(prev.close)) {
          ctx.addIssue({ code: 'custom', message: 'opening intervals overlap', path: [day] });
        }
      }
    }
  })
  .openapi('OpeningHours');
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const holidaySchema = z.strictObject({
  date: z.iso.date({ error: 'a date as YYYY-MM-DD' }),
  name: z.string().min(1).max(120),
});

export const siteDetailsSchema = z
  .strictObject({
    address: z.string().min(5).max(300),
    areaM2: z.number().positive().max(100_000),
    openingHours: openingHoursSchema,
    holidays: z.array(holidaySchema).max(100).default([]),
    hotline: z.string().max(40).optional(),
  })
  .openapi('SiteDetails');
export type SiteDetails = z.infer<typeof siteDetailsSchema>;

export const zoneSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lower-case letters, digits and dashes'),
    kind: z.enum(ZONE_KINDS),
    name: z.string().min(1).max(120),
    areaM2: z.number().positive().max(10_000),
    capacity: z.number().int().min(0).max(10_000),
  })
  .openapi('Zone');
export type Zone = z.infer<typeof zoneSchema>;

export const counterSchema = z
  .strictObject({
    number: z.number().int().min(1).max(999),
    zoneId: zoneSchema.shape.id,
    /** Fields of procedures (lĩnh vực) this counter receives, e.g. "Hộ tịch". */
    fields: z.array(z.string().min(1).max(120)).min(1).max(30),
  })
  .openapi('Counter');
export type Counter = z.infer<typeof counterSchema>;

export const orgUnitSchema = z
  .object({
    id: orgIdSchema,
    parentId: orgIdSchema.nullable(),
    kind: z.enum(ORG_KINDS),
    name: z.string(),
    shortName: z.string().nullable(),
    tags: z.array(z.string()),
    path: z.string(),
    site: siteDetailsSchema.nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('OrgUnit');
export type OrgUnit = z.infer<typeof orgUnitSchema>;

export const siteLayoutSchema = z
  .object({ siteId: orgIdSchema, zones: z.array(zoneSchema), counters: z.array(counterSchema) })
  .openapi('SiteLayout');
export type SiteLayout = z.infer<typeof siteLayoutSchema>;

const name = z.string().trim().min(2).max(200);

export const createOrgUnitSchema = z
  .strictObject({
    id: orgIdSchema.optional(),
    parentId: orgIdSchema,
    kind: z.enum(ORG_KINDS).exclude(['city']),
    name,
    shortName: z.string().trim().min(1).max(80).optional(),
    tags: z.array(tag).max(30).default([]),
    site: siteDetailsSchema.optional(),
  })
  .refine((u) => (u.kind === 'site') === (u.site !== undefined), {
    message: 'site details are required for a site and only for a site',
    path: ['site'],
  })
  .openapi('CreateOrgUnit');
export type CreateOrgUnit = z.infer<typeof createOrgUnitSchema>;

export const updateOrgUnitSchema = z
  .strictObject({
    name: name.optional(),
    shortName: z.string().trim().min(1).max(80).nullable().optional(),
    tags: z.array(tag).max(30).optional(),
    site: siteDetailsSchema.partial().strict().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' })
  .openapi('UpdateOrgUnit');
export type UpdateOrgUnit = z.infer<typeof updateOrgUnitSchema>;

export const moveOrgUnitSchema = z.strictObject({ parentId: orgIdSchema }).openapi('MoveOrgUnit');

export const setZonesSchema = z
  .strictObject({ zones: z.array(zoneSchema).max(50) })
  .superRefine((v, ctx) => uniqueBy(v.zones, (z) => z.id, ['zones'], 'id', ctx))
  .openapi('SetZones');

export const setCountersSchema = z
  .strictObject({ counters: z.array(counterSchema).max(200) })
  .superRefine((v, ctx) => uniqueBy(v.counters, (c) => String(c.number), ['counters'], 'number', ctx))
  .openapi('SetCounters');

function uniqueBy<T>(
  items: readonly T[],
  key: (t: T) => string,
  base: string[],
  field: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', message: `duplicate ${field} "${k}"`, path: [...base, i, field] });
    seen.add(k);
  });
}
