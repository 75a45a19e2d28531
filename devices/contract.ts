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
  readonly siteId: string;
  readonly deviceId: string;
  readonly channel: Channel | typeof COMMAND_CHANNEL;
}

/** Parsed topics by topic string: a device uses a handful, and ingest parses each message's twice. */
const topicCache = new Map<string, ParsedTopic | undefined>();
const TOPIC_CACHE_MAX = 20_000;

/** Parse a topic of the contract; `undefined` when it is not one. */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const hit = topicCache.get(topic);
  if (hit !== undefined || topicCache.has(topic)) return hit;
  const parsed = parseTopicUncached(topic);
  if (topicCache.size >= TOPIC_CACHE_MAX) topicCache.clear();
  if (topic.length <= 200) topicCache.set(topic, parsed === undefined ? undefined : Object.freeze(parsed));
  return parsed;
}

function parseTopicUncached(topic: string): ParsedTopic | undefined {
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

/** An accepted numeric range for one telemetry field. */
export interface FieldRange {
  min: number;
  max: number;
  int?: boolean;
}
export type TelemetrySpec = Readonly<Record<string, FieldRange>>;

/** Health every device may report beside its own measurements. */
export const HEALTH_FIELDS: TelemetrySpec = {
  uptimeS: { min: 0, max: 10 * 365 * 86_400 },
  cpuPct: { min: 0, max: 100 },
  memPct: { min: 0, max: 100 },
  tempC: { min: -20, max: 120 },
};

const fault = z.strictObject({
  kind: z.literal('fault'),
  code: z.string().min(1).max(40),
  message: z.string().max(200).optional(),
});
const faultCleared = z.strictObject({ kind: z.literal('fault_cleared'), code: z.string().min(1).max(40) });
const issued = z.strictObject({ kind: z.literal('issued'), ticket, service });
const counterStep = z.strictObject({
  kind: z.enum(['called', 'serving', 'finished', 'no_show']),
  ticket,
  service,
  counter,
});
const rating = z.strictObject({
  kind: z.literal('rating'),
  score: z.number().int().min(1).max(5),
  counter,
  service: service.optional(),
});

const equipmentEvents = z.discriminatedUnion('kind', [fault, faultCleared]);

export interface TypeContract {
  /** Expected heartbeat (telemetry or status) interval; offline after 3× this without a message. */
  heartbeatS: number;
  /** Telemetry fields beside HEALTH_FIELDS. Plain data, checked by a tight loop: this is the hot path. */
  telemetry: TelemetrySpec;
  event: z.ZodType<DeviceEvent>;
}

export type DeviceEvent =
  | z.infer<typeof fault>
  | z.infer<typeof faultCleared>
  | z.infer<typeof issued>
  | z.infer<typeof counterStep>
  | z.infer<typeof rating>;

export type TicketEvent = z.infer<typeof issued> | z.infer<typeof counterStep>;

const equipment = (heartbeatS: number, extra: TelemetrySpec = {}): TypeContract => ({
  heartbeatS,
  telemetry: extra,
  event: equipmentEvents,
});

/** One schema per device type: the single source of truth for what each may send. */
export const DEVICE_CONTRACTS: Readonly<Record<DeviceType, TypeContract>> = {
  'queue-kiosk': {
    heartbeatS: 60,
    telemetry: { paperPct: { min: 0, max: 100 }, waiting: { min: 0, max: 10_000, int: true } },
    event: z.discriminatedUnion('kind', [issued, fault, faultCleared]),
  },
  'counter-terminal': {
    heartbeatS: 60,
    telemetry: {},
    event: z.discriminatedUnion('kind', [counterStep, fault, faultCleared]),
  },
  'rating-terminal': {
    heartbeatS: 60,
    telemetry: {},
    event: z.discriminatedUnion('kind', [rating, fault, faultCleared]),
  },
  'occupancy-sensor': {
    heartbeatS: 30,
    telemetry: { people: { min: 0, max: 5_000, int: true } },
    event: equipmentEvents,
  },
  'env-sensor': {
    heartbeatS: 60,
    telemetry: {
      temperature: { min: -20, max: 60 },
      humidity: { min: 0, max: 100 },
      co2: { min: 0, max: 10_000 },
      noise: { min: 0, max: 140 },
    },
    event: equipmentEvents,
  },
  'lookup-kiosk': equipment(60, { sessions: { min: 0, max: 100_000, int: true } }),
  'lobby-screen': equipment(30, { fps: { min: 0, max: 240 } }),
  'air-conditioner': equipment(300, { setpointC: { min: 10, max: 35 }, powerW: { min: 0, max: 20_000 } }),
  printer: equipment(300, { paperPct: { min: 0, max: 100 }, tonerPct: { min: 0, max: 100 } }),
  scanner: equipment(300, {}),
  computer: equipment(300, { diskPct: { min: 0, max: 100 } }),
  camera: equipment(300, { bitrateKbps: { min: 0, max: 100_000 } }),
};

// ---------------------------------------------------------------------------------------------
// Envelope: flat object, {ts, values}, or an array of those

const MAX_READINGS = 500;
const MAX_KEYS = 40;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown): boolean =>
  typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 200);

function flatValues(o: Record<string, unknown>): Record<string, unknown> | undefined {
  let n = 0;
  for (const k in o) {
    if (++n > MAX_KEYS || k.length === 0 || k.length > 40 || !isScalar(o[k])) return undefined;
  }
  return o;
}

/**
 * The envelope: a flat object, `{ts, values}`, or an array of those. Checked by hand rather
 * than with a zod union because it runs for every message (a union of records costs ~5 µs).
 */
function envelope(json: unknown, receivedAt: number): Reading<Record<string, unknown>>[] | undefined {
  const items = Array.isArray(json) ? json : [json];
  if (items.length === 0 || items.length > MAX_READINGS) return undefined;
  const out: Reading<Record<string, unknown>>[] = [];
  for (const it of items) {
    if (!isPlainObject(it)) return undefined;
    const keys = Object.keys(it);
    if (keys.length === 2 && 'ts' in it && 'values' in it) {
      const { ts, values } = it;
      if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < 0 || !isPlainObject(values) || !flatValues(values))
        return undefined;
      out.push({ ts, values });
    } else {
      const values = flatValues(it);
      if (!values) return undefined;
      out.push({ ts: receivedAt, values });
    }
  }
  return out;
}

type Failure = { ok: false; reason: QuarantineReason; detail: string };

/** Check one reading's telemetry values against the type's fields (and the health fields). */
function checkTelemetry(
  type: DeviceType,
  values: Record<string, unknown>,
): { ok: true; values: Record<string, number> } | Failure {
  const spec = DEVICE_CONTRACTS[type].telemetry;
  const out: Record<string, number> = {};
  let n = 0;
  for (const k in values) {
    const range = spec[k] ?? HEALTH_FIELDS[k];
    const v = values[k];
    if (!range) return { ok: false, reason: 'wrong_type', detail: `${k}: not a telemetry field of ${type}` };
    if (typeof v !== 'number' || !Number.isFinite(v) || (range.int && !Number.isInteger(v))) {
      return { ok: false, reason: 'wrong_type', detail: `${k}: expected ${range.int ? 'a whole number' : 'a number'}` };
    }
    if (v < range.min || v > range.max)
      return { ok: false, reason: 'out_of_range', detail: `${k}: ${v} outside ${range.min}–${range.max}` };
    out[k] = v;
    n++;
  }
  return n === 0 ? { ok: false, reason: 'wrong_type', detail: '(values): no values' } : { ok: true, values: out };
}

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

function failure(error: z.ZodError): Failure {
  const first = error.issues[0];
  const path = first ? first.path.map(String).join('.') : '';
  const reason: QuarantineReason = error.issues.some((i) => RANGE_CODES.has(i.code)) ? 'out_of_range' : 'wrong_type';
  return { ok: false, reason, detail: `${path || '(values)'}: ${first?.message ?? 'invalid'}` };
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** How many object keys `text` (valid JSON) holds, scanning without allocating. */
function keyCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 34 /* " */) continue;
    let j = i + 1;
    for (let c = text.charCodeAt(j); c !== 34; c = text.charCodeAt(j)) j += c === 92 /* \ */ ? 2 : 1;
    let k = j + 1;
    for (let c = text.charCodeAt(k); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(k)) k++;
    if (text.charCodeAt(k) === 58 /* : */) n++;
    i = j;
  }
  return n;
}

/**
 * Own keys in a parsed JSON value, all levels (fewer than `keyCount(text)` means a duplicate),
 * and the first that names an Object.prototype member. Iterative: nesting depth is the sender's.
 */
function walkKeys(json: unknown): { count: number; reserved: string | undefined } {
  let count = 0;
  const stack: unknown[] = [json];
  for (let v = stack.pop(); stack.length || v !== undefined; v = stack.pop()) {
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (isPlainObject(v))
      for (const k of Object.keys(v)) {
        if (k in Object.prototype) return { count, reserved: k };
        count++;
        stack.push(v[k]);
      }
  }
  return { count, reserved: undefined };
}

/**
 * The first key of `text` (already valid JSON) that is repeated within its object, or names an
 * Object.prototype member (`__proto__`, `toString`…): JSON.parse keeps the last duplicate, so two
 * readers of the same bytes could disagree, and strict schemas see inherited names as known keys.
 *
 * Ambiguous keys are rare: validation counts keys first (`keyCount` against `walkKeys`, no
 * allocation) and runs this only to name a duplicate.
 */
function ambiguousKey(text: string): string | undefined {
  const stack: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') stack.push(new Set());
    else if (ch === '[') stack.push(null);
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === '"') {
      let j = i + 1;
      let escaped = false;
      while (text[j] !== '"') {
        if (text[j] === '\\') {
          escaped = true;
          j += 2;
        } else j++;
      }
      let k = j + 1;
      while (text[k] === ' ' || text[k] === '\n' || text[k] === '\r' || text[k] === '\t') k++;
      const keys = stack.at(-1);
      if (text[k] === ':' && keys) {
        // Unescaped keys (nearly all) are the text between the quotes; JSON.parse only for escapes.
        const key: unknown = escaped ? JSON.parse(text.slice(i, j + 1)) : text.slice(i + 1, j);
        if (typeof key !== 'string' || key in Object.prototype || keys.has(key)) return String(key);
        keys.add(key);
      }
      i = j;
    }
  }
  return undefined;
}

/**
 * Validate one message body for a device of `type` on `channel`. Pure and total: returns a
 * quarantine reason instead of throwing, whatever the bytes.
 */
export function validatePayload(type: DeviceType, channel: Channel, payload: Buffer, receivedAt: number): Validated {
  if (payload.length > MAX_PAYLOAD_BYTES)
    return { ok: false, reason: 'oversize', detail: `${payload.length} bytes > ${MAX_PAYLOAD_BYTES}` };
  let text: string;
  try {
    // Invalid UTF-8 is refused, not silently replaced by U+FFFD into a stored service name.
    text = STRICT_UTF8.decode(payload);
  } catch {
    return { ok: false, reason: 'bad_json', detail: 'payload is not valid UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'bad_json', detail: err instanceof Error ? err.message.slice(0, 200) : 'not JSON' };
  }
  // Fewer keys parsed than written: a duplicate, named by the slow scan.
  const walked = walkKeys(json);
  const ambiguous = walked.reserved ?? (keyCount(text) === walked.count ? undefined : ambiguousKey(text));
  if (ambiguous !== undefined)
    return {
      ok: false,
      reason: 'bad_json',
      detail: `ambiguous key ${JSON.stringify(ambiguous).slice(0, 60)} (duplicate or reserved)`,
    };
  const raw = envelope(json, receivedAt);
  if (!raw)
    return {
      ok: false,
      reason: 'bad_shape',
      detail: 'expected a flat object, {ts, values} or an array of up to 500 of them',
    };
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
    const checked = checkTelemetry(type, r.values);
    if (!checked.ok) return checked;
    out.push({ ts: r.ts, values: checked.values });
  }
  return { ok: true, channel, readings: out };
}

export const isTicketEvent = (e: DeviceEvent): e is TicketEvent =>
  e.kind === 'issued' || e.kind === 'called' || e.kind === 'serving' || e.kind === 'finished' || e.kind === 'no_show';
