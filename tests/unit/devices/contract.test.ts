import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEVICE_TYPES,
  MAX_PAYLOAD_BYTES,
  parseTopic,
  topicOf,
  validatePayload,
  type Channel,
} from '../../../devices/contract.js';

const NOW = Date.UTC(2026, 2, 2, 2, 0, 0);
const v = (type: (typeof DEVICE_TYPES)[number], channel: Channel, body: unknown) =>
  validatePayload(type, channel, Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)), NOW);

describe('topic contract', () => {
  it('parses its own topics and nothing else', () => {
    expect(parseTopic(topicOf('hn-p-ba-dinh', 'hn-p-ba-dinh-env-sensor', 'telemetry'))).toEqual({
      siteId: 'hn-p-ba-dinh',
      deviceId: 'hn-p-ba-dinh-env-sensor',
      channel: 'telemetry',
    });
    for (const bad of [
      'hcpv/v1/a/b',
      'hcpv/v2/site/dev/telemetry',
      'hcpv/v1/Site/dev/telemetry',
      'hcpv/v1/site/dev/metrics',
      'hcpv/v1/site/dev/telemetry/x',
      '',
      '#',
    ]) {
      expect(parseTopic(bad), bad).toBeUndefined();
    }
  });
});

describe('payload validation', () => {
  it('accepts the three shapes of DESIGN.md', () => {
    expect(v('occupancy-sensor', 'telemetry', { people: 3 })).toEqual({
      ok: true,
      channel: 'telemetry',
      readings: [{ ts: NOW, values: { people: 3 } }],
    });
    expect(v('occupancy-sensor', 'telemetry', { ts: NOW - 5, values: { people: 4 } })).toMatchObject({
      ok: true,
      readings: [{ ts: NOW - 5, values: { people: 4 } }],
    });
    const arr = v('env-sensor', 'telemetry', [
      { ts: NOW - 60_000, values: { temperature: 25.5 } },
      { humidity: 70, cpuPct: 12 },
    ]);
    expect(arr).toMatchObject({
      ok: true,
      readings: [{ ts: NOW - 60_000 }, { ts: NOW, values: { humidity: 70, cpuPct: 12 } }],
    });
    expect(
      v('counter-terminal', 'event', { kind: 'called', ticket: 'A012', service: 'Hộ tịch', counter: 3 }),
    ).toMatchObject({ ok: true, channel: 'event' });
    expect(v('lobby-screen', 'status', { state: 'online', fw: '1.2.3', boot: 1 })).toMatchObject({
      ok: true,
      channel: 'status',
    });
  });

  it('gives each malformed case its reason', () => {
    const reason = (r: ReturnType<typeof v>) => (r.ok ? 'ok' : r.reason);
    expect(reason(v('env-sensor', 'telemetry', '{"temperature":'))).toBe('bad_json');
    expect(reason(v('env-sensor', 'telemetry', '"hello"'))).toBe('bad_shape');
    expect(reason(v('env-sensor', 'telemetry', '[]'))).toBe('bad_shape');
    expect(reason(v('env-sensor', 'telemetry', { values: { temperature: 2 }, ts: 'now' }))).toBe('bad_shape');
    expect(reason(v('env-sensor', 'telemetry', { nested: { a: 1 } }))).toBe('bad_shape');
    expect(
      reason(
        v(
          'env-sensor',
          'telemetry',
          Array.from({ length: 501 }, () => ({ temperature: 20 })),
        ),
      ),
    ).toBe('bad_shape');
    expect(reason(v('env-sensor', 'telemetry', { people: 3 }))).toBe('wrong_type');
    expect(reason(v('env-sensor', 'telemetry', { temperature: '20' }))).toBe('wrong_type');
    expect(reason(v('occupancy-sensor', 'telemetry', { people: 2.5 }))).toBe('wrong_type');
    expect(reason(v('env-sensor', 'telemetry', {}))).toBe('wrong_type');
    expect(reason(v('queue-kiosk', 'event', { kind: 'called', ticket: 'A1', service: 'x', counter: 1 }))).toBe(
      'wrong_type',
    );
    expect(reason(v('rating-terminal', 'event', { kind: 'rating', score: 9, counter: 1 }))).toBe('out_of_range');
    expect(reason(v('env-sensor', 'telemetry', { temperature: 61 }))).toBe('out_of_range');
    expect(reason(v('env-sensor', 'telemetry', { ts: NOW + 3_600_000, values: { temperature: 20 } }))).toBe(
      'out_of_range',
    );
    expect(reason(v('env-sensor', 'status', { state: 'sleeping' }))).toBe('wrong_type');
    expect(reason(validatePayload('env-sensor', 'telemetry', Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 32), NOW))).toBe(
      'oversize',
    );
  });

  it('refuses duplicate and prototype keys, escaped or not', () => {
    const reason = (r: ReturnType<typeof v>) => (r.ok ? 'ok' : r.reason);
    expect(reason(v('occupancy-sensor', 'telemetry', '{"people":1,"people":2}'))).toBe('bad_json');
    expect(reason(v('occupancy-sensor', 'telemetry', '{"people":1,"\\u0070eople":2}'))).toBe('bad_json');
    expect(reason(v('occupancy-sensor', 'telemetry', '{"ts":1,"values":{"people":1},"ts":2}'))).toBe('bad_json');
    expect(reason(v('occupancy-sensor', 'telemetry', '{"people":1,"__proto__":{"people":2}}'))).toBe('bad_json');
    expect(reason(v('occupancy-sensor', 'telemetry', '{"people":1,"\\u005f_proto__":{"people":2}}'))).toBe('bad_json');
    expect(reason(v('occupancy-sensor', 'telemetry', '{"people":1,"toString":2}'))).toBe('bad_json');
    // The same key in sibling objects is not a duplicate; an escaped quote inside a key is read whole.
    expect(reason(v('occupancy-sensor', 'telemetry', '[{"people":1},{"people":2}]'))).toBe('ok');
    expect(reason(v('occupancy-sensor', 'telemetry', '{"peo\\"ple":1}'))).toBe('wrong_type');
  });

  it('never throws, whatever the bytes, type and channel', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DEVICE_TYPES),
        fc.constantFrom<Channel>('telemetry', 'event', 'status'),
        fc.oneof(fc.json(), fc.string(), fc.uint8Array()),
        (type, channel, body) => {
          const r = validatePayload(type, channel, Buffer.from(typeof body === 'string' ? body : body), NOW);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: 500 },
    );
  });
});
