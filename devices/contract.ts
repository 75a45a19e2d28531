/**
 * The MQTT topic contract and the payload schema of every device type (DESIGN.md "Topic
 * contract"). Everything else — broker hooks, ingest, simulators, tests — imports it from here.
 *
 *   hcpv/v1/{siteId}/{deviceId}/{channel}    channel: telemetry | event | status (device → server)
 *   hcpv/v1/{siteId}/{deviceId}/command      (server → device; the only topic a device may subscribe to)
 */
import { z } from 'zod';
import { DEVICE_TYPES, type DeviceType } from './device-types.js';

export { DEVICE_TYPES, type DeviceType };

export const TOPIC_ROOT = 'hcpv/v1';
export const CHANNELS = ['telemetry', 'event', 'status'] as const;
export type Channel = (typeof CHANNELS)[number];
export const COMMAND_CHANNEL = 'command';

/** Payloads above this are quarantined unread (a sensor reading is ~100 bytes; a buffered array a few KB). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** How much of a rejected payload the quarantine keeps. */
export const QUARANTINE_PAYLOAD_CHARS = 1024;
/** Readings more than this far in the future of the receive time are rejected (clock drift allowance). */
const MAX_FUTURE_MS = 5 * 60_000;
/** Readings buffered offline are accepted up to this age. */
const MAX_AGE_MS = 30 * 86_400_000;

export const QUARANTINE_REASONS = [
  'bad_topic',
  'forbidden_topic',
  'unknown_device',
  'wrong_site',
  'wrong_type',
  'out_of_range',
  'bad_json',
  'bad_shape',
  'oversize',
  'internal',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export interface ParsedTopic {
  siteId: string;
  deviceId: string;
  channel: Channel | typeof COMMAND_CHANNEL;
}

/** Parse a topic of the contract; `undefined` when it is not one. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length !== 5 || parts[0] !== 'hcpv' || parts[1] !== 'v1') return undefined;
  const [, , siteId = '', deviceId = '', channel = ''] = parts;
  if (!ID.test(siteId) || !ID.test(deviceId)) return undefined;
  if (channel !== COMMAND_CHANNEL && !(CHANNELS as readonly string[]).includes(channel)) return undefined;
  return { siteId, deviceId, channel: channel as ParsedTopic['channel'] };
}

export const topicOf = (siteId: string, deviceId: string, channel: Channel | typeof COMMAND_CHANNEL): string =>
  `${TOPIC_ROOT}/${siteId}/${deviceId}/${channel}`;

/** The subtree a device may publish under. */
export const devicePrefix = (siteId: string, deviceId: string): string => `${TOPIC_ROOT}/${siteId}/${deviceId}/`;

// ---------------------------------------------------------------------------------------------
// Payload schemas per device type

const num = (min: number, max: number) => z.number().finite().min(min).max(max);
const ticket = z.string().regex(/^[A-Z0-9-]{1,12}$/, 'a ticket number such as A012');
const service = z.string().min(1).max(120);
const counter = z.number().int().min(1).max(999);

/** Status: retained on connect, `offline` is the broker's last will. */
export const statusSchema = z.strictObject({
  state: z.enum(['online', 'offline']),
  fw: z.string().max(40).optional(),
  boot: z.number().int().nonnegative().optional(),
});
export type DeviceStatus = z.infer<typeof statusSchema>;

/** Health every device may report beside its own measurements. */
const health = {
  uptimeS: num(0, 10 * 365 * 86_400).optional(),
  cpuPct: num(0, 100).optional(),
  memPct: num(0, 100).optional(),
  tempC: num(-20, 120).optional(),
};

type NumericShape = Record<string, z.ZodOptional<z.ZodNumber>>;

const telemetryOf = (shape: NumericShape): z.ZodType<Record<string, number>> =>
  z
    .strictObject({ ...health, ...shape })
    .refine((v) => Object.keys(v).length > 0, { message: 'no values' })
    .transform((v) => {
      const out: Record<string, number> = {};
      for (const [k, x] of Object.entries(v)) if (typeof x === 'number') out[k] = x;
      return out;
    });

const fault = z.strictObject({ kind: z.literal('fault'), code: z.string().min(1).max(40), message: z.string().max(200).optional() });
const faultCleared = z.strictObject({ kind: z.literal('fault_cleared'), code: z.string().min(1).max(40) });
const issued = z.strictObject({ kind: z.literal('issued'), ticket, service });
const counterStep = z.strictObject({
  kind: z.enum(['called', 'serving', 'finished', 'no_show']),
  ticket,
  service,
  counter,
});
const rating = z.strictObject({ kind: z.literal('rating'), score: z.number().int().min(1).max(5), counter, service: service.optional() });

const equipmentEvents = z.discriminatedUnion('kind', [fault, faultCleared]);

export interface TypeContract {
  /** Expected heartbeat (telemetry or status) interval; offline after 3× this without a message. */
  heartbeatS: number;
  telemetry: z.ZodType<Record<string, number>>;
  event: z.ZodType<DeviceEvent>;
}

export type DeviceEvent =
  | z.infer<typeof fault>
  | z.infer<typeof faultCleared>
  | z.infer<typeof issued>
  | z.infer<typeof counterStep>
  | z.infer<typeof rating>;

export type TicketEvent = z.infer<typeof issued> | z.infer<typeof counterStep>;

const equipment = (heartbeatS: number, extra: NumericShape = {}): TypeContract => ({
  heartbeatS,
  telemetry: telemetryOf(extra),
  event: equipmentEvents,
});

/** One schema per device type: the single source of truth for what each may send. */
export const DEVICE_CONTRACTS: Readonly<Record<DeviceType, TypeContract>> = {
  'queue-kiosk': {
    heartbeatS: 60,
    telemetry: telemetryOf({ paperPct: num(0, 100).optional(), waiting: num(0, 10_000).optional() }),
    event: z.discriminatedUnion('kind', [issued, fault, faultCleared]),
  },
  'counter-terminal': {
    heartbeatS: 60,
    telemetry: telemetryOf({}),
    event: z.discriminatedUnion('kind', [counterStep, fault, faultCleared]),
  },
  'rating-terminal': {
    heartbeatS: 60,
    telemetry: telemetryOf({}),
    event: z.discriminatedUnion('kind', [rating, fault, faultCleared]),
  },
  'occupancy-sensor': {
    heartbeatS: 30,
    telemetry: telemetryOf({ people: z.number().int().min(0).max(5_000).optional() }),
    event: equipmentEvents,
  },
  'env-sensor': {
    heartbeatS: 60,
    telemetry: telemetryOf({
      temperature: num(-20, 60).optional(),
      humidity: num(0, 100).optional(),
      co2: num(0, 10_000).optional(),
      noise: num(0, 140).optional(),
    }),
    event: equipmentEvents,
  },
  'lookup-kiosk': equipment(60, { sessions: z.number().int().min(0).max(100_000).optional() }),
  'lobby-screen': equipment(30, { fps: num(0, 240).optional() }),
  'air-conditioner': equipment(300, { setpointC: num(10, 35).optional(), powerW: num(0, 20_000).optional() }),
  printer: equipment(300, { paperPct: num(0, 100).optional(), tonerPct: num(0, 100).optional() }),
  scanner: equipment(300, {}),
  computer: equipment(300, { diskPct: num(0, 100).optional() }),
  camera: equipment(300, { bitrateKbps: num(0, 100_000).optional() }),
};

// ---------------------------------------------------------------------------------------------
// Envelope: flat object, {ts, values}, or an array of those

const scalar = z.union([z.number(), z.string().max(200), z.boolean()]);
const flat = z.record(z.string().min(1).max(40), scalar);
const wrapped = z.strictObject({ ts: z.number().int().nonnegative(), values: flat });
const one = z.union([wrapped, flat]);
const envelope = z.union([one, z.array(one).min(1).max(500)]);

export interface Reading<V> {
  ts: number;
  values: V;
}

export type Validated =
  | { ok: true; channel: 'telemetry'; readings: Reading<Record<string, number>>[] }
  | { ok: true; channel: 'event'; readings: Reading<DeviceEvent>[] }
  | { ok: true; channel: 'status'; readings: Reading<DeviceStatus>[] }
  | { ok: false; reason: QuarantineReason; detail: string };

const RANGE_CODES = new Set(['too_big', 'too_small']);

function failure(error: z.ZodError): { ok: false; reason: QuarantineReason; detail: string } {
  const first = error.issues[0];
  const path = first ? first.path.map(String).join('.') : '';
  const reason: QuarantineReason = error.issues.some((i) => RANGE_CODES.has(i.code)) ? 'out_of_range' : 'wrong_type';
  return { ok: false, reason, detail: `${path || '(values)'}: ${first?.message ?? 'invalid'}` };
}

/**
 * Validate one message body for a device of `type` on `channel`. Pure and total: returns a
 * quarantine reason instead of throwing, whatever the bytes.
 */
export function validatePayload(type: DeviceType, channel: Channel, payload: Buffer, receivedAt: number): Validated {
  if (payload.length > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'oversize', detail: `${payload.length} bytes > ${MAX_PAYLOAD_BYTES}` };
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return { ok: false, reason: 'bad_json', detail: err instanceof Error ? err.message.slice(0, 200) : 'not JSON' };
  }
  const env = envelope.safeParse(json);
  if (!env.success) return { ok: false, reason: 'bad_shape', detail: 'expected a flat object, {ts, values} or an array of them' };
  const items = Array.isArray(env.data) ? env.data : [env.data];
  const raw: Reading<Record<string, unknown>>[] = items.map((it) =>
    'values' in it && typeof it.ts === 'number' && typeof it.values === 'object' ? { ts: it.ts, values: it.values } : { ts: receivedAt, values: it },
  );
  for (const r of raw) {
    if (r.ts > receivedAt + MAX_FUTURE_MS || r.ts < receivedAt - MAX_AGE_MS) {
      return { ok: false, reason: 'out_of_range', detail: `ts ${r.ts} is outside the accepted window` };
    }
  }
  const contract = DEVICE_CONTRACTS[type];
  if (channel === 'status') {
    const out: Reading<DeviceStatus>[] = [];
    for (const r of raw) {
      const p = statusSchema.safeParse(r.values);
      if (!p.success) return failure(p.error);
      out.push({ ts: r.ts, values: p.data });
    }
    return { ok: true, channel, readings: out };
  }
  if (channel === 'event') {
    const out: Reading<DeviceEvent>[] = [];
    for (const r of raw) {
      const p = contract.event.safeParse(r.values);
      if (!p.success) return failure(p.error);
      out.push({ ts: r.ts, values: p.data });
    }
    return { ok: true, channel, readings: out };
  }
  const out: Reading<Record<string, number>>[] = [];
  for (const r of raw) {
    const p = contract.telemetry.safeParse(r.values);
    if (!p.success) return failure(p.error);
    out.push({ ts: r.ts, values: p.data });
  }
  return { ok: true, channel, readings: out };
}

export const isTicketEvent = (e: DeviceEvent): e is TicketEvent =>
  e.kind === 'issued' || e.kind === 'called' || e.kind === 'serving' || e.kind === 'finished' || e.kind === 'no_show';
