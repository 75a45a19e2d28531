/**
 * Notices (niêm yết): one or more procedures and/or free text, shown to a target (org subtree,
 * site tags, zones, screen profiles) within a validity window and daily hours (Vietnam time).
 * `screenNoticeSchema` is the shape a screen's manifest carries.
 */
import { z } from '@hono/zod-openapi';
import { SCREEN_PROFILES } from '../../brand-kit/profiles.js';
import { orgIdSchema } from '../org/org.schemas.js';
import { lineTextSchema, procedureCodeSchema, procedureSchema } from '../procedures/procedures.schemas.js';
import { richTextInputSchema, richTextSchema } from '../text/rich-text.js';

export const NOTICE_STATUSES = [
  'draft',
  'in_review',
  'approved',
  'published',
  'superseded',
  'withdrawn',
  'expired',
] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];
/** Statuses a revision can still move from (at most one such revision per notice). */
export const OPEN_STATUSES: readonly NoticeStatus[] = ['draft', 'in_review', 'approved'];

const hhmm = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time as HH:MM (00:00–24:00), Vietnam time');
const tag = z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,40}$/, 'a tag of lower-case letters, digits, : _ -');
const zoneId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'a zone id');
const instant = z.iso
  .datetime({ offset: true, error: 'a date-time with its offset, e.g. 2026-03-02T08:00:00+07:00' })
  .transform((s) => Date.parse(s));

export const dailyHoursSchema = z
  .strictObject({ from: hhmm, to: hhmm })
  .refine((h) => h.from !== h.to && !(h.from === '24:00'), {
    message: 'from must differ from to (and not be 24:00)',
    path: ['to'],
  })
  .openapi('DailyHours');

export const noticeTargetSchema = z
  .strictObject({
    /** Root of the org subtree the notice goes to; the notice belongs to this unit. */
    orgId: orgIdSchema,
    /** Only sites carrying at least one of these tags (empty: every site). */
    tags: z.array(tag).max(20).default([]),
    /** Only screens in one of these zones (empty: every zone). */
    zones: z.array(zoneId).max(20).default([]),
    /** Only screens of these profiles (empty: every profile). */
    profiles: z.array(z.enum(SCREEN_PROFILES)).max(SCREEN_PROFILES.length).default([]),
  })
  .openapi('NoticeTarget');
export type NoticeTarget = z.infer<typeof noticeTargetSchema>;

const bodyOutSchema = z.strictObject({ vi: richTextSchema, en: richTextSchema.optional() });

/** What an editor writes (create, edit a draft, revise a published notice). */
export const noticeInputSchema = z
  .strictObject({
    title: lineTextSchema,
    /** Free text in the tiny markup (paragraphs, "- " bullets, **bold**) or its structured form. */
    body: z.strictObject({ vi: richTextInputSchema, en: richTextInputSchema.optional() }).nullable().default(null),
    procedureCodes: z.array(procedureCodeSchema).max(50).default([]),
    target: noticeTargetSchema,
    validFrom: instant,
    validTo: instant.nullable().default(null),
    dailyHours: z.array(dailyHoursSchema).max(6).default([]),
    /** Higher shows first. */
    priority: z.number().int().min(0).max(100).default(50),
  })
  .refine((n) => n.body !== null || n.procedureCodes.length > 0, {
    message: 'a notice needs procedures or free text',
    path: ['body'],
  })
  .refine((n) => n.validTo === null || n.validTo > n.validFrom, {
    message: 'validTo must be after validFrom',
    path: ['validTo'],
  })
  .refine((n) => new Set(n.procedureCodes).size === n.procedureCodes.length, {
    message: 'a procedure is listed twice',
    path: ['procedureCodes'],
  })
  .openapi('NoticeInput');
export type NoticeInput = z.infer<typeof noticeInputSchema>;

const who = z.object({ id: z.string(), name: z.string().nullable() });

/** The stored content of one revision (validated again when read back). */
export const noticeContentSchema = z.object({
  title: lineTextSchema,
  body: bodyOutSchema.nullable(),
  procedureCodes: z.array(z.string()),
  target: z.object({
    orgId: z.string(),
    tags: z.array(z.string()),
    zones: z.array(z.string()),
    profiles: z.array(z.enum(SCREEN_PROFILES)),
  }),
  validFrom: z.number(),
  validTo: z.number().nullable(),
  dailyHours: z.array(z.object({ from: z.string(), to: z.string() })),
  priority: z.number().int(),
});
export type NoticeContent = z.infer<typeof noticeContentSchema>;

/** One revision of a notice, as the admin API shows it. `status` is effective at read time. */
export const noticeSchema = noticeContentSchema
  .extend({
    id: z.string(),
    revision: z.number().int().min(1),
    status: z.enum(NOTICE_STATUSES),
    author: who,
    submittedAt: z.number().nullable(),
    approvedBy: who.nullable(),
    approvedAt: z.number().nullable(),
    publishedBy: who.nullable(),
    publishedAt: z.number().nullable(),
    closedBy: who.nullable().describe('who withdrew it, or whose publication superseded it'),
    closedAt: z.number().nullable(),
    reviewComment: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('Notice');
export type Notice = z.infer<typeof noticeSchema>;

/** A published notice as a screen receives it: procedures resolved into full records. */
export const screenNoticeSchema = z
  .object({
    id: z.string(),
    revision: z.number().int(),
    title: lineTextSchema,
    body: bodyOutSchema.nullable(),
    procedures: z.array(procedureSchema),
    priority: z.number().int(),
    validFrom: z.number(),
    validTo: z.number().nullable(),
    dailyHours: z.array(z.object({ from: z.string(), to: z.string() })),
  })
  .openapi('ScreenNotice');
export type ScreenNotice = z.infer<typeof screenNoticeSchema>;

export const reviewSchema = z.strictObject({ comment: z.string().trim().max(1000).optional() }).openapi('NoticeReview');

/** A zone a notice can target under a unit: its id at every site that has it. */
export const noticeZoneSchema = z
  .object({
    id: z.string(),
    /** The name most of those sites give it. */
    name: z.string(),
    kind: z.string(),
    /** How many sites under the unit have a zone with this id. */
    sites: z.number().int(),
  })
  .openapi('NoticeZone');
export type NoticeZone = z.infer<typeof noticeZoneSchema>;
