/**
 * The work-order board: one column per status, SLA state of each card, which moves the
 * signed-in user's roles allow (the server enforces the same and the lifecycle on top), and the
 * month grid of the PM calendar in Hà Nội time.
 */
import { roleHas, type Role } from '../../../server/auth/roles.js';
import { WO_STATUSES } from '../../../server/workorders/workorders.store.js';

export type Status = (typeof WO_STATUSES)[number];
export const BOARD_COLUMNS: readonly Status[] = WO_STATUSES;

export interface OrderLike {
  id: string;
  status: Status;
  sitePath: string;
  dueAt: number;
  resolvedAt: number | null;
  severity: string;
}

export function groupByStatus<T extends OrderLike>(orders: readonly T[]): Map<Status, T[]> {
  const out = new Map<Status, T[]>(BOARD_COLUMNS.map((s) => [s, []]));
  for (const o of orders) out.get(o.status)?.push(o);
  for (const list of out.values()) list.sort((a, b) => a.dueAt - b.dueAt);
  return out;
}

export type SlaState = 'met' | 'breached' | 'due-soon' | 'on-time';
const SOON_MS = 2 * 3_600_000;

export function slaState(o: OrderLike, now: number): SlaState {
  if (o.resolvedAt !== null) return o.resolvedAt <= o.dueAt ? 'met' : 'breached';
  if (now > o.dueAt) return 'breached';
  return o.dueAt - now <= SOON_MS ? 'due-soon' : 'on-time';
}

export interface GrantLike {
  role: Role;
  /** Path of the unit the role is granted on. */
  path: string;
}

/** Verifying and reopening are the manager's call (workorder.manage); other moves need workorder.work. */
export function canMove(grants: readonly GrantLike[], order: OrderLike, to: Status): boolean {
  if (to === order.status) return false;
  const perm = to === 'verified' || to === 'reopened' ? 'workorder.manage' : 'workorder.work';
  return grants.some((g) => roleHas(g.role, perm) && order.sitePath.startsWith(g.path));
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 7 * HOUR;

/** YYYY-MM-DD in Hà Nội of an instant. */
export const localDay = (t: number): string => new Date(t + OFFSET).toISOString().slice(0, 10);

/** Weeks (Monday first) covering a month, each day as YYYY-MM-DD, null outside the month. */
export function monthGrid(year: number, month: number): (string | null)[][] {
  const first = Date.UTC(year, month - 1, 1);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (new Date(first).getUTCDay() + 6) % 7;
  const cells: (string | null)[] = [...Array<null>(lead).fill(null)];
  for (let d = 0; d < days; d++) cells.push(new Date(first + d * DAY).toISOString().slice(0, 10));
  while (cells.length % 7 !== 0) cells.push(null);
  return Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
}

/** Orders by the Hà Nội day they are due. */
export function byDueDay<T extends { dueAt: number }>(orders: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const o of orders) {
    const k = localDay(o.dueAt);
    out.set(k, [...(out.get(k) ?? []), o]);
  }
  return out;
}
