/**
 * API calls for alarms, work orders and reports, parsed with the schemas those features export
 * (server/alarms, server/workorders, server/reports).
 */
import { z } from 'zod';
import { API, ApiError, apiDo, apiGet, apiSend, type Parser } from '../../shared/api.js';
import { ALARM_STATES } from '../../../server/alarms/alarms.store.js';
import { alarmEventSchema, alarmSchema } from '../../../server/alarms/alarms.schemas.js';
import { WO_STATUSES, workOrderSchema } from '../../../server/workorders/workorders.store.js';
import {
  availabilityRowSchema,
  complianceRowSchema,
  impactRowSchema,
  reliabilityRowSchema,
  slaRowSchema,
} from '../../../server/reports/reports.schemas.js';

export type Alarm = z.infer<typeof alarmSchema>;
export type AlarmState = (typeof ALARM_STATES)[number];
export type WorkOrder = z.infer<typeof workOrderSchema>;
export type WorkOrderStatus = (typeof WO_STATUSES)[number];
export { ALARM_STATES, WO_STATUSES };

type Opts = { signal?: AbortSignal | undefined };

/** Alarm states that still need someone: active, or cleared but not yet acknowledged. */
export const OPEN_ALARM_STATES: readonly AlarmState[] = ['active-unacked', 'active-acked', 'cleared-unacked'];

const alarmsSchema = z.object({ items: z.array(alarmSchema) });
const alarmDetailSchema = z.object({
  alarm: alarmSchema,
  history: z.array(alarmEventSchema),
});

export async function listAlarms(
  q: { orgId?: string; states?: readonly AlarmState[]; deviceId?: string; limit?: number },
  opts: Opts = {},
): Promise<Alarm[]> {
  const res = await apiGet('/alarms', alarmsSchema, {
    ...opts,
    query: { orgId: q.orgId, state: q.states?.join(','), deviceId: q.deviceId, limit: q.limit ?? 500 },
  });
  return res.items;
}

export function alarmDetail(id: string, opts: Opts = {}) {
  return apiGet(`/alarms/${encodeURIComponent(id)}`, alarmDetailSchema, opts);
}

export function ackAlarm(id: string, comment: string): Promise<Alarm> {
  return apiSend('POST', `/alarms/${encodeURIComponent(id)}/ack`, { comment }, alarmSchema);
}

const ordersSchema = z.object({ items: z.array(workOrderSchema) });
const photoSchema = z.object({ id: z.string(), width: z.number(), height: z.number(), sha256: z.string() });
const orderDetailSchema = z.object({
  order: workOrderSchema,
  history: z.array(z.object({ at: z.number(), event: z.string(), actor: z.string(), comment: z.string().nullable() })),
  photos: z.array(photoSchema.extend({ at: z.number(), actor: z.string() })),
});
export type OrderDetail = z.infer<typeof orderDetailSchema>;

export async function listOrders(
  q: { orgId?: string; statuses?: readonly WorkOrderStatus[]; deviceId?: string },
  opts: Opts = {},
): Promise<WorkOrder[]> {
  const res = await apiGet('/work-orders', ordersSchema, {
    ...opts,
    query: { orgId: q.orgId, status: q.statuses?.join(','), deviceId: q.deviceId, limit: 1000 },
  });
  return res.items;
}

export function orderDetail(id: string, opts: Opts = {}): Promise<OrderDetail> {
  return apiGet(`/work-orders/${encodeURIComponent(id)}`, orderDetailSchema, opts);
}

export function moveOrder(id: string, status: WorkOrderStatus, comment?: string): Promise<WorkOrder> {
  return apiSend(
    'POST',
    `/work-orders/${encodeURIComponent(id)}/status`,
    comment ? { status, comment } : { status },
    workOrderSchema,
  );
}

export function commentOrder(id: string, text: string): Promise<void> {
  return apiDo('POST', `/work-orders/${encodeURIComponent(id)}/comments`, { text });
}

export const photoUrl = (orderId: string, photoId: string): string =>
  `${API}/work-orders/${encodeURIComponent(orderId)}/photos/${encodeURIComponent(photoId)}`;

/** Upload a photo as its own bytes (the API takes image/jpeg, png or webp bodies). */
export async function uploadPhoto(orderId: string, file: Blob): Promise<void> {
  const res = await fetch(`${API}/work-orders/${encodeURIComponent(orderId)}/photos`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
    body: file,
  });
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => undefined);
    const parsed = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).safeParse(body);
    throw parsed.success
      ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message)
      : new ApiError(res.status, `HTTP_${res.status}`, res.statusText || 'Upload failed');
  }
}

export const REPORTS = ['availability', 'reliability', 'sla', 'citizen-impact', 'compliance'] as const;
export type ReportKind = (typeof REPORTS)[number];

/** Query string of a report (the same for JSON and the CSV download). */
export function reportQuery(
  kind: ReportKind,
  orgId: string,
  from: number,
  to: number,
  format: 'json' | 'csv',
): Record<string, string> {
  return kind === 'compliance' ? { orgId, format } : { orgId, format, from: String(from), to: String(to) };
}

export const reportCsvUrl = (kind: ReportKind, orgId: string, from: number, to: number): string =>
  `${API}/reports/${kind}?${new URLSearchParams(reportQuery(kind, orgId, from, to, 'csv')).toString()}`;

async function rows<T>(
  kind: ReportKind,
  row: Parser<T> & z.ZodType<T>,
  orgId: string,
  from: number,
  to: number,
  opts: Opts,
): Promise<T[]> {
  const res = await apiGet(`/reports/${kind}`, z.object({ rows: z.array(row) }), {
    ...opts,
    query: reportQuery(kind, orgId, from, to, 'json'),
  });
  return res.rows;
}

export type AvailabilityRow = z.infer<typeof availabilityRowSchema>;
export type ReliabilityRow = z.infer<typeof reliabilityRowSchema>;
export type SlaRow = z.infer<typeof slaRowSchema>;
export type ImpactRow = z.infer<typeof impactRowSchema>;
export type ComplianceRow = z.infer<typeof complianceRowSchema>;

export const availabilityReport = (orgId: string, from: number, to: number, opts: Opts = {}) =>
  rows('availability', availabilityRowSchema, orgId, from, to, opts);
export const reliabilityReport = (orgId: string, from: number, to: number, opts: Opts = {}) =>
  rows('reliability', reliabilityRowSchema, orgId, from, to, opts);
export const slaReport = (orgId: string, from: number, to: number, opts: Opts = {}) =>
  rows('sla', slaRowSchema, orgId, from, to, opts);
export const impactReport = (orgId: string, from: number, to: number, opts: Opts = {}) =>
  rows('citizen-impact', impactRowSchema, orgId, from, to, opts);
export const complianceReport = (orgId: string, opts: Opts = {}) =>
  rows('compliance', complianceRowSchema, orgId, 0, 0, opts);
