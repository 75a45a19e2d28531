/**
 * A plausible one-stop office, tick by tick: arrivals with a morning peak, tickets flowing
 * through counters (called → serving → finished | no_show), ratings, waiting-zone occupancy,
 * temperature, and occasional faults and recoveries. Pure: time and randomness are injected,
 * and each tick returns the messages the site's devices would publish.
 */
import type { Channel, DeviceType } from '../contract.js';

export interface SimDevice {
  id: string;
  type: DeviceType;
  counter?: number | undefined;
}

export interface SimMessage {
  deviceId: string;
  channel: Channel;
  body: Record<string, unknown>;
}

export interface SiteModelOptions {
  siteId: string;
  devices: readonly SimDevice[];
  /** Fields of procedures each counter receives. */
  counters: readonly { number: number; fields: readonly string[] }[];
  /** Visitors on a full day at this site. */
  visitorsPerDay: number;
  /** Faults per device per simulated hour. */
  faultRate: number;
  random: () => number;
}

const FAULTS: Partial<Record<DeviceType, string>> = {
  'queue-kiosk': 'paper_out',
  printer: 'paper_jam',
  'air-conditioner': 'compressor_fault',
  camera: 'stream_lost',
  'lobby-screen': 'player_crash',
  'lookup-kiosk': 'touch_unresponsive',
  scanner: 'feeder_jam',
  computer: 'disk_full',
  'env-sensor': 'sensor_drift',
};

/** Relative arrival intensity by local hour (Asia/Ho_Chi_Minh): a morning peak around 9:00. */
export function arrivalShape(hour: number): number {
  const open = (hour >= 8 && hour < 12) || (hour >= 13.5 && hour < 17);
  if (!open) return 0;
  const morning = Math.exp(-((hour - 9.2) ** 2) / 0.9);
  const afternoon = 0.55 * Math.exp(-((hour - 14.5) ** 2) / 1.2);
  return 0.15 + morning + afternoon;
}
/** Integral of arrivalShape over a working day, to turn visitors per day into a rate. */
const SHAPE_PER_DAY = (() => {
  let s = 0;
  for (let h = 0; h < 24; h += 0.01) s += arrivalShape(h) * 0.01;
  return s;
})();

interface CounterState {
  number: number;
  fields: readonly string[];
  ticket: { ticket: string; service: string } | null;
  phase: 'idle' | 'called' | 'serving';
  until: number;
}

export class SiteModel {
  private readonly queues = new Map<string, string[]>();
  private readonly counters: CounterState[];
  private readonly faults = new Map<string, number>();
  private seq = 0;
  issued = 0;
  finished = 0;

  constructor(private readonly o: SiteModelOptions) {
    this.counters = o.counters.map((c) => ({
      number: c.number,
      fields: c.fields,
      ticket: null,
      phase: 'idle',
      until: 0,
    }));
  }

  private device(type: DeviceType, counter?: number): SimDevice | undefined {
    return this.o.devices.find((d) => d.type === type && (counter === undefined || d.counter === counter));
  }

  private poisson(mean: number): number {
    let n = 0;
    let p = Math.exp(-mean);
    let s = p;
    const u = this.o.random();
    while (u > s && n < 1000) {
      n++;
      p *= mean / n;
      s += p;
    }
    return n;
  }

  /** Advance the site from `simNow - dtMs` to `simNow` (simulated ms; `hour` = local hour of day). */
  tick(simNow: number, dtMs: number, hour: number): SimMessage[] {
    const out: SimMessage[] = [];
    const kiosk = this.device('queue-kiosk');
    const lambda = (this.o.visitorsPerDay / SHAPE_PER_DAY) * arrivalShape(hour) * (dtMs / 3_600_000);
    const arrivals = kiosk && !this.faults.has(kiosk.id) ? this.poisson(lambda) : 0;
    for (let i = 0; i < arrivals; i++) {
      const counter = this.counters[Math.floor(this.o.random() * this.counters.length)];
      const service = counter?.fields[Math.floor(this.o.random() * counter.fields.length)];
      if (!kiosk || !service) break;
      const ticket = `${String.fromCharCode(65 + (this.seq % 4))}${String(++this.seq % 1000).padStart(3, '0')}`;
      this.queues.set(service, [...(this.queues.get(service) ?? []), ticket]);
      this.issued++;
      out.push({ deviceId: kiosk.id, channel: 'event', body: { kind: 'issued', ticket, service } });
    }
    for (const c of this.counters) out.push(...this.stepCounter(c, simNow));
    out.push(...this.stepFaults(dtMs));
    return out;
  }

  private stepCounter(c: CounterState, simNow: number): SimMessage[] {
    const term = this.device('counter-terminal', c.number);
    if (!term || simNow < c.until) return [];
    const msg = (kind: string) => ({
      deviceId: term.id,
      channel: 'event' as const,
      body: { kind, ...c.ticket, counter: c.number },
    });
    if (c.phase === 'called' && c.ticket) {
      // About one in twenty does not come when called.
      if (this.o.random() < 0.05) {
        const m = msg('no_show');
        c.phase = 'idle';
        c.ticket = null;
        return [m];
      }
      c.phase = 'serving';
      c.until = simNow + (4 + this.o.random() * 10) * 60_000;
      return [msg('serving')];
    }
    if (c.phase === 'serving' && c.ticket) {
      const done = msg('finished');
      const service = c.ticket.service;
      c.phase = 'idle';
      c.ticket = null;
      this.finished++;
      const out: SimMessage[] = [done];
      const rater = this.device('rating-terminal', c.number);
      if (rater && this.o.random() < 0.7) {
        const r = this.o.random();
        out.push({
          deviceId: rater.id,
          channel: 'event',
          body: { kind: 'rating', score: r < 0.03 ? 2 : r < 0.12 ? 3 : r < 0.45 ? 4 : 5, counter: c.number, service },
        });
      }
      return out;
    }
    for (const service of c.fields) {
      const q = this.queues.get(service);
      const ticket = q?.shift();
      if (ticket) {
        c.ticket = { ticket, service };
        c.phase = 'called';
        c.until = simNow + (20 + this.o.random() * 60) * 1000;
        return [msg('called')];
      }
    }
    return [];
  }

  private stepFaults(dtMs: number): SimMessage[] {
    const out: SimMessage[] = [];
    const hours = dtMs / 3_600_000;
    for (const d of this.o.devices) {
      const code = FAULTS[d.type];
      if (!code) continue;
      const left = this.faults.get(d.id);
      if (left !== undefined) {
        if (left - dtMs <= 0) {
          this.faults.delete(d.id);
          out.push({ deviceId: d.id, channel: 'event', body: { kind: 'fault_cleared', code } });
        } else this.faults.set(d.id, left - dtMs);
      } else if (this.o.random() < this.o.faultRate * hours) {
        this.faults.set(d.id, (5 + this.o.random() * 55) * 60_000);
        out.push({ deviceId: d.id, channel: 'event', body: { kind: 'fault', code } });
      }
    }
    return out;
  }

  /** Periodic measurements of one device (heartbeat): occupancy from the queues, temperature by hour. */
  telemetry(d: SimDevice, hour: number): Record<string, number> {
    const waiting = [...this.queues.values()].reduce((n, q) => n + q.length, 0);
    const busy = this.counters.filter((c) => c.phase !== 'idle').length;
    const jitter = (a: number) => (this.o.random() - 0.5) * a;
    switch (d.type) {
      case 'occupancy-sensor':
        return { people: Math.max(0, Math.round(waiting * 1.3 + busy + jitter(3))) };
      case 'env-sensor': {
        const acBroken = [...this.faults.keys()].some((id) => id.includes('air-conditioner'));
        const outside = 27 + 5 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
        const temperature = (acBroken ? outside : 25 + (outside - 27) * 0.2) + jitter(0.4);
        return {
          temperature: Math.round(temperature * 10) / 10,
          humidity: Math.round(65 + jitter(8)),
          co2: Math.round(Math.min(2_500, 450 + waiting * 25 + jitter(30))),
          noise: Math.round(Math.min(85, 42 + waiting * 0.8 + jitter(4))),
        };
      }
      case 'queue-kiosk':
        return { paperPct: Math.max(0, 100 - ((this.issued / 5) % 100)), waiting };
      case 'lobby-screen':
        return { fps: 60, cpuPct: Math.round(20 + jitter(10)), tempC: Math.round(48 + jitter(6)) };
      case 'air-conditioner':
        return { setpointC: 25, powerW: Math.round(1800 + jitter(400)) };
      case 'printer':
        return { paperPct: Math.round(60 + jitter(60)), tonerPct: 70 };
      default:
        return { uptimeS: Math.round(hour * 3600) };
    }
  }
}
