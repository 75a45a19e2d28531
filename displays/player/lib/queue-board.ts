/**
 * The now-serving board: the latest ticket called at each counter, newest first, the newest one
 * highlighted for a while. A pure reducer over queue-call push messages.
 */
export interface QueueCall {
  counter: number;
  ticket: string;
  service?: string | undefined;
  at: number;
}

export interface BoardState {
  /** One row per counter, newest call first. */
  rows: readonly QueueCall[];
}

export const EMPTY_BOARD: BoardState = { rows: [] };

/** How long the newest call stays highlighted. */
export const HIGHLIGHT_MS = 15_000;
/** Calls older than this are dropped from the board (the counter has moved on or closed). */
export const STALE_MS = 2 * 3_600_000;
const MAX_ROWS = 50;

export function applyQueueCall(state: BoardState, call: QueueCall): BoardState {
  const existing = state.rows.find((r) => r.counter === call.counter);
  // Replayed or out-of-order calls must not overwrite a newer one.
  if (existing && existing.at > call.at) return state;
  const rows = [call, ...state.rows.filter((r) => r.counter !== call.counter)]
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_ROWS);
  return { rows };
}

/** Drop rows older than `STALE_MS`; returns the same object when nothing changed. */
export function pruneBoard(state: BoardState, now: number): BoardState {
  const rows = state.rows.filter((r) => now - r.at <= STALE_MS);
  return rows.length === state.rows.length ? state : { rows };
}

export interface BoardRow extends QueueCall {
  highlighted: boolean;
}

/** Rows to show (at most `max`), the newest highlighted while it is recent. */
export function visibleRows(state: BoardState, now: number, max: number): BoardRow[] {
  return state.rows.slice(0, Math.max(0, max)).map((r, i) => ({
    ...r,
    highlighted: i === 0 && now - r.at < HIGHLIGHT_MS,
  }));
}

/** The latest call at one counter (the counter-720 screen). */
export function callAt(state: BoardState, counter: number): QueueCall | undefined {
  return state.rows.find((r) => r.counter === counter);
}
