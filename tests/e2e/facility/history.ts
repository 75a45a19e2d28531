/**
 * Deterministic recent history for one site, published by its own devices as buffered
 * `{ts, values}` arrays (as a device does after being offline): occupancy, queue length and
 * temperature every 10 minutes over the last days, and tickets issued → called → rated.
 */
import type { DeviceClient } from './harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const OFFSET = 7 * HOUR;

/** 0 outside 08:00–17:00 Hà Nội time, a morning-peaked curve inside. */
export function busy(t: number): number {
  const h = ((((t + OFFSET) % (24 * HOUR)) + 24 * HOUR) % (24 * HOUR)) / HOUR;
  if (h < 8 || h >= 17) return 0;
  const x = (h - 8) / 9;
  return Math.max(0, Math.sin(Math.PI * x) * (1.2 - 0.5 * x));
}

export async function publishHistory(
  devices: ReadonlyMap<string, DeviceClient>,
  site: string,
  now: number,
  hours: number,
): Promise<void> {
  const from = now - hours * HOUR;
  const steps: number[] = [];
  for (let t = from; t < now - 10 * MIN; t += 10 * MIN) steps.push(t);
  const chunks = <T>(xs: T[]): T[][] =>
    Array.from({ length: Math.ceil(xs.length / 400) }, (_, i) => xs.slice(i * 400, i * 400 + 400));
  const send = async (id: string, channel: 'telemetry' | 'event', rows: unknown[]) => {
    const d = devices.get(`${site}-${id}`);
    if (!d) throw new Error(`no device ${id}`);
    for (const c of chunks(rows)) await d.publish(channel, c);
  };
  await send(
    'occupancy-sensor',
    'telemetry',
    steps.map((ts) => ({ ts, values: { people: Math.round(240 * busy(ts)) } })),
  );
  await send(
    'queue-kiosk',
    'telemetry',
    steps.map((ts) => ({ ts, values: { waiting: Math.round(30 * busy(ts)), paperPct: 80 } })),
  );
  await send(
    'env-sensor',
    'telemetry',
    steps.map((ts) => ({
      ts,
      values: { temperature: Math.round((25 + 4 * busy(ts)) * 10) / 10, co2: Math.round(500 + 400 * busy(ts)) },
    })),
  );
  const issued: unknown[] = [];
  const called: unknown[] = [];
  const rated: unknown[] = [];
  let n = 0;
  for (const ts of steps) {
    const b = busy(ts);
    if (b === 0) continue;
    const wait = Math.round((4 + 30 * b) * MIN);
    // History only: a ticket whose call or rating would still lie ahead is left out (a device
    // cannot report the future, and ingest refuses such a batch), whatever the hour the test runs.
    if (ts + wait + 8 * MIN >= now) continue;
    n++;
    const ticket = `H${n}`;
    issued.push({ ts, values: { kind: 'issued', ticket, service: 'Hộ tịch' } });
    called.push({ ts: ts + wait, values: { kind: 'called', ticket, service: 'Hộ tịch', counter: 1 } });
    rated.push({ ts: ts + wait + 8 * MIN, values: { kind: 'rating', score: 3 + (n % 3), counter: 1 } });
  }
  await send('queue-kiosk', 'event', issued);
  await send('counter-terminal-q1', 'event', called);
  await send('rating-terminal-q1', 'event', rated);
}
