/**
 * A procedure record with every field Decree 63/2010 requires to be published (niêm yết thủ tục
 * hành chính). Vietnamese is required, English optional. These schemas are the contract for the
 * API, the import and the screen manifest (`procedureSchema` is what a screen receives).
 */
import { z } from '@hono/zod-openapi';
import { plainLine, plainText } from '../text/rich-text.js';

/** Mã thủ tục of the national database, e.g. `1.001193`, optionally with a local suffix. */
export const procedureCodeSchema = z
  .string()
  .trim()
  .regex(/^\d\.\d{6}(?:\.[0-9A-Z]{1,6}){0,5}$/, 'a procedure code such as 1.001193')
  .openapi({ example: '1.001193' });

/** One line of text, Vietnamese first. */
export const lineTextSchema = z.strictObject({ vi: plainLine(500), en: plainLine(500).optional() }).openapi('LineText');
export type LineText = z.infer<typeof lineTextSchema>;

/** Possibly several lines of plain text, Vietnamese first. */
export const longTextSchema = z
  .strictObject({ vi: plainText(4000), en: plainText(4000).optional() })
  .openapi('LongText');
export type LongText = z.infer<typeof longTextSchema>;

/** Cấp thực hiện. */
export const PROCEDURE_LEVELS = ['commune', 'district', 'province', 'ministry'] as const;
export type ProcedureLevel = (typeof PROCEDURE_LEVELS)[number];
export const LEVEL_LABELS: Readonly<Record<ProcedureLevel, string>> = {
  commune: 'Cấp Xã',
  district: 'Cấp Huyện',
  province: 'Cấp Tỉnh',
  ministry: 'Cấp Bộ',
};

/** Cách thức thực hiện. */
export const APPLY_WAYS = ['in-person', 'post', 'online'] as const;
export type ApplyWay = (typeof APPLY_WAYS)[number];
export const WAY_LABELS: Readonly<Record<ApplyWay, string>> = {
  'in-person': 'Trực tiếp',
  post: 'Bưu chính',
  online: 'Trực tuyến',
};

export const FEE_KINDS = ['fee', 'charge'] as const;
export const FEE_KIND_LABELS: Readonly<Record<(typeof FEE_KINDS)[number], string>> = { fee: 'Phí', charge: 'Lệ phí' };

export const paperSchema = z
  .strictObject({
    name: lineTextSchema,
    /** Bản chính. */
    originals: z.number().int().min(0).max(50),
    /** Bản sao. */
    copies: z.number().int().min(0).max(50),
  })
  .refine((p) => p.originals + p.copies > 0, {
    message: 'a paper needs at least one original or copy',
    path: ['originals'],
  })
  .openapi('ProcedurePaper');
export type Paper = z.infer<typeof paperSchema>;

export const feeItemSchema = z
  .strictObject({
    kind: z.enum(FEE_KINDS),
    name: lineTextSchema,
    /** Whole đồng; 0 means free. */
    amountVnd: z.number().int().min(0).max(1_000_000_000),
  })
  .openapi('ProcedureFee');
export type FeeItem = z.infer<typeof feeItemSchema>;

export const feesSchema = z
  .strictObject({ items: z.array(feeItemSchema).max(20), exemptions: longTextSchema.optional() })
  .openapi('ProcedureFees');

export const deadlineSchema = z
  .strictObject({
    /** Whole working days when the deadline is a number of working days; 0 = same day; null otherwise. */
    workingDays: z.number().int().min(0).max(365).nullable(),
    text: lineTextSchema,
  })
  .openapi('ProcedureDeadline');

/** The fields an editor or an import writes. */
export const procedureInputSchema = z
  .strictObject({
    code: procedureCodeSchema,
    name: lineTextSchema,
    field: lineTextSchema,
    levels: z.array(z.enum(PROCEDURE_LEVELS)).min(1).max(4),
    steps: z.array(longTextSchema).min(1).max(30),
    ways: z.array(z.enum(APPLY_WAYS)).min(1).max(3),
    papers: z.array(paperSchema).max(40),
    deadline: deadlineSchema,
    applicants: longTextSchema,
    agency: lineTextSchema,
    result: longTextSchema,
    fees: feesSchema,
    conditions: longTextSchema.nullable(),
    legalBasis: z.array(lineTextSchema).min(1).max(40),
    onlineUrl: z
      .url({ protocol: /^https$/, error: 'an https:// link to the online public service' })
      .max(500)
      .nullable(),
  })
  .openapi('ProcedureInput');
export type ProcedureInput = z.infer<typeof procedureInputSchema>;

/** A stored procedure record, as the API and screens see it. */
export const procedureSchema = procedureInputSchema
  .extend({
    /** The org unit whose catalogue holds the record (normally the city). */
    orgId: z.string(),
    version: z.number().int().min(1),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('Procedure');
export type Procedure = z.infer<typeof procedureSchema>;

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export const IMPORT_MODES = ['all-or-nothing', 'good-rows'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const importRequestSchema = z
  .strictObject({
    orgId: z.string().min(2).max(63),
    format: z.enum(IMPORT_FORMATS),
    /** The file's text, laid out like the national portal's export. */
    content: z.string().min(1),
    /** `all-or-nothing`: any bad row → nothing applied. `good-rows`: apply the good rows, report the bad. */
    mode: z.enum(IMPORT_MODES).default('all-or-nothing'),
    /** Validate and report only; change nothing. */
    dryRun: z.boolean().default(false),
  })
  .openapi('ProcedureImportRequest');
export type ImportRequest = z.infer<typeof importRequestSchema>;

export const rowProblemSchema = z
  .object({
    /** CSV: the file line the record starts on. JSON: the 1-based index of the item. */
    line: z.number().int(),
    /** Portal column name (e.g. `thoiHanGiaiQuyet`), or `(row)` for the row as a whole. */
    column: z.string(),
    reason: z.string(),
    code: z.string().nullable(),
  })
  .openapi('ImportRowProblem');
export type RowProblem = z.infer<typeof rowProblemSchema>;

export const IMPORT_STATES = ['queued', 'parsing', 'validating', 'applying', 'done', 'failed'] as const;

export const importJobSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    format: z.enum(IMPORT_FORMATS),
    mode: z.enum(IMPORT_MODES),
    dryRun: z.boolean(),
    state: z.enum(IMPORT_STATES),
    /** Rows seen so far / in the file (null until the file is parsed). */
    processed: z.number().int(),
    total: z.number().int().nullable(),
    goodRows: z.number().int(),
    badRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    /** Whether anything was written. */
    applied: z.boolean(),
    problems: z.array(rowProblemSchema),
    /** Set when the file as a whole could not be read. */
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    startedAt: z.number(),
    finishedAt: z.number().nullable(),
    startedBy: z.string(),
  })
  .openapi('ProcedureImportJob');
export type ImportJob = z.infer<typeof importJobSchema>;
