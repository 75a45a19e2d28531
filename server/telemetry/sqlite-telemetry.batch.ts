/**
 * What travels between the SQLite telemetry store (main thread) and its writer thread: a batch
 * of points packed into columns, and the request/reply messages. Typed arrays move by transfer
 * (no copy); strings (tags and field names) go once per batch in a small table. Structured-
 * cloning 2,000 point objects, each with its own `fields` object, costs the main thread more
 * than packing them, and the main thread is the one the MQTT broker runs on.
 */
import type { MessagePort } from 'node:worker_threads';
import type { TelemetryPoint } from './telemetry-store.js';

export interface PackedBatch {
  n: number;
  /** Tags and field names of this batch; the columns below hold indexes into it. */
  strings: string[];
  ts: Float64Array;
  /** 0 = telemetry, 1 = event. */
  measurement: Uint8Array;
  /** Per point: site, zone, device type, device, service (-1 = none). */
  tags: Int32Array;
  /** Per point: the end (exclusive) of its fields in `names` / `values`. */
  fieldEnd: Uint32Array;
  names: Uint32Array;
  values: Float64Array;
}

export const TAGS_PER_POINT = 5;
export const MEASUREMENTS = ['telemetry', 'event'] as const;

export interface PruneCutoffs {
  raw: number;
  minute: number;
  hour: number;
}

/** Main thread → writer. `seq` orders replies; writes also commit it (see `hello`). */
export type WriterRequest =
  | { op: 'write'; seq: number; batch: PackedBatch }
  /** Answer once everything before it is committed; with `rollups`, fold folded rollups in too. */
  | { op: 'sync'; seq: number; rollups: boolean }
  | { op: 'prune'; seq: number; before: PruneCutoffs }
  | { op: 'close'; seq: number };

/** Writer → main thread. */
export type WriterReply =
  /** Sent once the writer has opened the file and re-folded rollups; `batchSeq` is the last write committed. */
  | { op: 'hello'; batchSeq: number }
  | { op: 'done'; seq: number }
  | { op: 'failed'; seq: number; error: string; code: string | null };

/** What the writer thread is started with. */
export interface WriterData {
  file: string;
  busyTimeoutMs: number | undefined;
  /** Where the writer answers (transferred). */
  replies: MessagePort;
  /**
   * Answers posted so far (Int32, wrapping), counted by the writer after each one: the main
   * thread compares it with what it has taken and, while the broker keeps it busy, takes new
   * answers at once instead of waiting for its event loop to come round to the port.
   */
  answered: SharedArrayBuffer;
}

export interface Packed {
  batch: PackedBatch;
  transfer: ArrayBuffer[];
  /** Points that cannot be stored as they are, with the reason; they are not in `batch`. */
  rejected: { point: TelemetryPoint; reason: string }[];
}

/** Pack points into columns. Points with a non-finite time or value are set aside, not sent. */
export function packBatch(points: readonly TelemetryPoint[]): Packed {
  const n = points.length;
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let i = ids.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      ids.set(s, i);
    }
    return i;
  };
  // A device's site, zone and type are the same strings point after point: one lookup, not four.
  const devices = new Map<string, { p: TelemetryPoint; tags: [number, number, number, number] }>();
  const ts = new Float64Array(n);
  const measurement = new Uint8Array(n);
  const tags = new Int32Array(n * TAGS_PER_POINT);
  const fieldEnd = new Uint32Array(n);
  let names = new Uint32Array(n * 4);
  let values = new Float64Array(n * 4);
  const rejected: Packed['rejected'] = [];
  let k = 0;
  let j = 0;
  for (const p of points) {
    if (!Number.isFinite(p.ts)) {
      rejected.push({ point: p, reason: `ts ${String(p.ts)} is not a finite number` });
      continue;
    }
    const start = k;
    let bad: string | undefined;
    const fields = p.fields;
    for (const field in fields) {
      const v = fields[field];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        bad = `${field}: ${String(v)} is not a finite number`;
        break;
      }
      if (k === names.length) {
        names = grow(names, new Uint32Array(k * 2));
        values = grow(values, new Float64Array(k * 2));
      }
      names[k] = id(field);
      values[k++] = v;
    }
    if (bad !== undefined) {
      k = start;
      rejected.push({ point: p, reason: bad });
      continue;
    }
    let d = devices.get(p.deviceId);
    if (!d || d.p.siteId !== p.siteId || d.p.zoneId !== p.zoneId || d.p.deviceType !== p.deviceType) {
      d = { p, tags: [id(p.siteId), id(p.zoneId), id(p.deviceType), id(p.deviceId)] };
      devices.set(p.deviceId, d);
    }
    ts[j] = p.ts;
    measurement[j] = p.measurement === 'event' ? 1 : 0;
    const t = j * TAGS_PER_POINT;
    tags[t] = d.tags[0];
    tags[t + 1] = d.tags[1];
    tags[t + 2] = d.tags[2];
    tags[t + 3] = d.tags[3];
    tags[t + 4] = p.service === null ? -1 : id(p.service);
    fieldEnd[j++] = k;
  }
  // Rejected points leave the columns shorter than allocated; `n` says how much is used.
  const batch: PackedBatch = { n: j, strings, ts, measurement, tags, fieldEnd, names, values };
  const transfer = [ts, measurement, tags, fieldEnd, names, values].map((a) => a.buffer);
  return { batch, transfer, rejected };
}

function grow<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
