import { describe, expect, it } from 'vitest';
import {
  applyQueueCall,
  callAt,
  EMPTY_BOARD,
  HIGHLIGHT_MS,
  pruneBoard,
  STALE_MS,
  visibleRows,
} from '../../../displays/player/lib/queue-board.js';

describe('now-serving board', () => {
  it('keeps the latest ticket per counter, newest first, newest highlighted while recent', () => {
    let b = EMPTY_BOARD;
    b = applyQueueCall(b, { counter: 1, ticket: '1001', at: 1000 });
    b = applyQueueCall(b, { counter: 2, ticket: '2001', at: 2000 });
    b = applyQueueCall(b, { counter: 1, ticket: '1002', at: 3000 });
    expect(b.rows.map((r) => r.ticket)).toEqual(['1002', '2001']);
    const rows = visibleRows(b, 3000 + 1000, 5);
    expect(rows.map((r) => r.highlighted)).toEqual([true, false]);
    expect(visibleRows(b, 3000 + HIGHLIGHT_MS + 1, 5)[0]?.highlighted).toBe(false);
    expect(visibleRows(b, 3000, 1)).toHaveLength(1);
    expect(callAt(b, 2)?.ticket).toBe('2001');
    expect(callAt(b, 9)).toBeUndefined();
  });

  it('ignores a replayed older call for a counter', () => {
    let b = applyQueueCall(EMPTY_BOARD, { counter: 1, ticket: '1005', at: 5000 });
    b = applyQueueCall(b, { counter: 1, ticket: '1004', at: 4000 });
    expect(callAt(b, 1)?.ticket).toBe('1005');
  });

  it('drops stale rows and stays bounded', () => {
    let b = EMPTY_BOARD;
    for (let c = 1; c <= 80; c++) b = applyQueueCall(b, { counter: c, ticket: String(c), at: c });
    expect(b.rows.length).toBe(50);
    // Kept: counters 31..80 (at = 31..80); pruning keeps at ≥ 70.
    expect(pruneBoard(b, 80 + STALE_MS - 10).rows.map((r) => r.counter)).toEqual([
      80, 79, 78, 77, 76, 75, 74, 73, 72, 71, 70,
    ]);
    const same = pruneBoard(b, 100);
    expect(same).toBe(b);
  });
});
