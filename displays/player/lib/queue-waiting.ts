/**
 * People waiting per service, from `queue-stats` push messages: the latest figures of the
 * screen's site, and which rows to show. Pure, so it is tested without a browser.
 */
import type { QueueServiceStats, QueueStatsMessage } from '../../shared/protocol.js';

export interface WaitingState {
  services: readonly QueueServiceStats[];
  /** When the figures were computed on the server. */
  at: number;
  /** When this screen received them (its own clock). */
  receivedAt: number;
}

/**
 * With the stream down, figures older than this are hidden rather than shown as if current
 * (the server resends the latest figures on every reconnect).
 */
export const WAITING_STALE_OFFLINE_MS = 10 * 60_000;

/** Apply a message for `siteId`; messages for another site or older than the figures shown are ignored. */
export function applyQueueStats(
  state: WaitingState | null,
  m: QueueStatsMessage,
  siteId: string | null,
  receivedAt: number,
): WaitingState | null {
  if (siteId !== null && m.siteId !== siteId) return state;
  if (state && m.at < state.at) return state;
  return { services: m.services, at: m.at, receivedAt };
}

export interface WaitingRow {
  service: string;
  waiting: number;
  /** "~12 phút", or '' without data. */
  waitLabel: string;
}

/**
 * Rows to show (at most `max`): the longest queues first, services with nobody waiting last,
 * by name within equal counts; nothing when the figures are stale.
 */
export function waitingRows(
  state: WaitingState | null,
  opts: { max: number; now: number; online: boolean },
): WaitingRow[] {
  if (!state || opts.max <= 0) return [];
  if (!opts.online && opts.now - state.receivedAt > WAITING_STALE_OFFLINE_MS) return [];
  return [...state.services]
    .sort((a, b) => b.waiting - a.waiting || a.service.localeCompare(b.service, 'vi'))
    .slice(0, opts.max)
    .map((s) => ({ service: s.service, waiting: s.waiting, waitLabel: waitLabel(s.avgWaitMin) }));
}

/** "~12 phút" (average wait), "< 1 phút", or '' without data. */
export function waitLabel(avgWaitMin: number | undefined): string {
  if (avgWaitMin === undefined) return '';
  return avgWaitMin < 1 ? '< 1 phút' : `~${avgWaitMin} phút`;
}

/** Everyone waiting at the site. */
export function totalWaiting(state: WaitingState | null): number {
  return state ? state.services.reduce((n, s) => n + s.waiting, 0) : 0;
}
