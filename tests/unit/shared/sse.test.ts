import { describe, expect, it } from 'vitest';
import { SseParser } from '../../../displays/shared/sse.js';

describe('SSE parser', () => {
  it('parses frames split anywhere, with ids, events and multi-line data', () => {
    const text =
      'retry: 2000\n\nid: b1.1\nevent: hello\ndata: {"a":1}\n\n: comment\nid: b1.2\nevent: queue-call\ndata: line1\ndata: line2\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const p = new SseParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
      expect(out).toEqual([
        { id: 'b1.1', event: 'hello', data: '{"a":1}' },
        { id: 'b1.2', event: 'queue-call', data: 'line1\nline2' },
      ]);
      expect(p.lastEventId).toBe('b1.2');
    }
  });

  it('handles CRLF line ends and keeps the last id for events without one', () => {
    const p = new SseParser();
    const out = p.push('id: 7\r\ndata: x\r\n\r\ndata: y\r\n\r\n');
    expect(out).toEqual([
      { id: '7', event: 'message', data: 'x' },
      { id: '7', event: 'message', data: 'y' },
    ]);
  });
});
