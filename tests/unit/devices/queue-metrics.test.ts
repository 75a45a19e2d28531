import { describe, expect, it } from 'vitest';
import { QueueMetricsTracker } from '../../../devices/ingest/queue-metrics.js';

const S = 'site-a';
const svc = 'Hộ tịch';
const M = 60_000;

describe('queue metrics from ticket events', () => {
  it('computes waiting now, mean wait and service time, throughput and no-show rate over the last hour', () => {
    const q = new QueueMetricsTracker();
    q.apply(S, { kind: 'issued', ticket: 'A1', service: svc }, 0);
    q.apply(S, { kind: 'issued', ticket: 'A2', service: svc }, 1 * M);
    q.apply(S, { kind: 'issued', ticket: 'A3', service: svc }, 2 * M);
    expect(q.metrics(S, svc, 2 * M).waiting).toBe(3);
    expect(q.apply(S, { kind: 'called', ticket: 'A1', service: svc, counter: 1 }, 10 * M)).toEqual({ waitMs: 10 * M });
    q.apply(S, { kind: 'called', ticket: 'A1', service: svc, counter: 1 }, 11 * M); // a recall keeps the first call
    q.apply(S, { kind: 'serving', ticket: 'A1', service: svc, counter: 1 }, 11 * M);
    expect(q.apply(S, { kind: 'finished', ticket: 'A1', service: svc, counter: 1 }, 19 * M)).toEqual({
      serviceMs: 8 * M,
    });
    q.apply(S, { kind: 'called', ticket: 'A2', service: svc, counter: 2 }, 21 * M);
    q.apply(S, { kind: 'no_show', ticket: 'A2', service: svc, counter: 2 }, 24 * M);
    expect(q.metrics(S, svc, 25 * M)).toEqual({
      siteId: S,
      service: svc,
      waiting: 1,
      meanWaitMs: 15 * M,
      meanServiceMs: 8 * M,
      throughputPerHour: 1,
      noShowRate: 0.5,
      at: 25 * M,
    });
    // An hour later the window is empty but the ticket still waits.
    expect(q.metrics(S, svc, 90 * M)).toMatchObject({
      waiting: 1,
      throughputPerHour: 0,
      meanWaitMs: null,
      noShowRate: null,
    });
    expect(q.all(90 * M, 'other-site')).toEqual([]);
  });
});
