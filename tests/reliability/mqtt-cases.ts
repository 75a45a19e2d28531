/**
 * Hostile MQTT traffic for the ingest fuzz: a deterministic stream of (topic, payload) pairs,
 * every one of which a correct ingest must quarantine. Categories: bad topics, other devices'
 * topics, unknown devices, wrong sites, huge payloads, deep nesting, invalid UTF-8, wrong types,
 * NaN/Infinity, timestamps far in the past or future, duplicate keys, empty, prototype keys.
 */
import { topicOf, type Channel } from '../../devices/contract.js';

export const SITE = 'hn-p-ba-dinh';
export const OTHER_SITE = 'hn-p-ngoc-ha';
export const OCC = `${SITE}-occupancy-sensor`;
export const KIOSK = `${SITE}-queue-kiosk`;

export interface MqttCase {
  category: string;
  topic: string;
  payload: Buffer;
  /** The identity the broker authenticated (for "someone else's topic" cases). */
  authDeviceId?: string;
}

/** mulberry32: small, seeded, good enough to vary cases reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const b = (s: string) => Buffer.from(s, 'utf8');
const occ = (ch: Channel = 'telemetry') => topicOf(SITE, OCC, ch);
const kiosk = (ch: Channel = 'event') => topicOf(SITE, KIOSK, ch);

type Gen = (r: () => number, i: number, now: number) => MqttCase;
const int = (r: () => number, n: number) => Math.floor(r() * n);
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

const GENERATORS: readonly Gen[] = [
  (r, i) => ({
    category: 'bad topic',
    topic: pick(r, [
      '',
      '/',
      '#',
      'hcpv',
      'hcpv/v1',
      `hcpv/v1/${SITE}`,
      `hcpv/v2/${SITE}/${OCC}/telemetry`,
      `hcpv/v1/${SITE}/${OCC}/telemetry/extra`,
      `hcpv/v1/${SITE}/${OCC}/+`,
      `hcpv/v1/${SITE.toUpperCase()}/${OCC}/telemetry`,
      `hcpv/v1/${SITE}/${OCC}/debug`,
      `hcpv/v1/../${OCC}/telemetry`,
      `$SYS/x/${i}`,
      'x'.repeat(70_000),
      `hcpv/v1/${SITE}/${'a'.repeat(64)}/telemetry`,
      `hcpv/v1/${SITE}/${OCC}/telemetry\u0000`,
    ]),
    payload: b(JSON.stringify({ people: 3 })),
  }),
  () => ({ category: 'command from a device', topic: topicOf(SITE, OCC, 'command'), payload: b('{"cmd":"reboot"}') }),
  (r) => ({
    category: "another device's topic",
    topic: kiosk(pick(r, ['telemetry', 'event', 'status'] as const)),
    payload: b('{"paperPct":50}'),
    authDeviceId: OCC,
  }),
  (r, i) => ({
    category: 'unknown device',
    topic: topicOf(SITE, `ghost-${i % 997}-${int(r, 1000)}`, 'telemetry'),
    payload: b('{"people":1}'),
  }),
  () => ({ category: 'wrong site', topic: topicOf(OTHER_SITE, OCC, 'telemetry'), payload: b('{"people":1}') }),
  (r) => ({
    category: 'huge',
    topic: occ(),
    payload: Buffer.alloc(64 * 1024 + 1 + int(r, 200_000), pick(r, ['1', ' ', '{', 'a'])),
  }),
  (r) => {
    const depth = 50 + int(r, 20_000);
    const body = pick(r, [
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
      `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      `{"people":${'['.repeat(depth)}1${']'.repeat(depth)}}`,
    ]);
    return { category: 'deeply nested', topic: occ(), payload: b(body) };
  },
  (r) => {
    const bad = pick(r, [
      [0xff],
      [0xfe, 0xff],
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xc0, 0xaf],
    ]);
    const [pre, post] = pick(r, [
      ['{"kind":"issued","ticket":"A001","service":"Đất', '"}'],
      ['{"kind":"issued","ticket":"A002","service":"', 'x"}'],
      ['{"people":1,"', '":2}'],
      ['', '{"people":1}'],
    ] as const);
    return {
      category: 'invalid UTF-8',
      topic: pre.startsWith('{"kind"') ? kiosk() : occ(),
      payload: Buffer.concat([b(pre), Buffer.from(bad), b(post)]),
    };
  },
  (r) => ({
    category: 'wrong types',
    topic: occ(),
    payload: b(
      pick(r, [
        '{"people":"12"}',
        '{"people":true}',
        '{"people":null}',
        '{"people":{}}',
        '{"people":[1]}',
        '["a","b"]',
        '"people"',
        '42',
        'true',
        'null',
        '{"people":1.5}',
        '{"temperature":21}',
        '{"people":-1}',
        '{"people":5001}',
        '{}',
        '[]',
        '{"ts":"2026","values":{"people":1}}',
        '{"ts":1,"values":{"people":1},"x":1}',
      ]),
    ),
  }),
  (r) => ({
    category: 'NaN/Infinity',
    topic: occ(),
    payload: b(
      pick(r, [
        '{"people":NaN}',
        '{"people":Infinity}',
        '{"people":-Infinity}',
        '{"people":1e999}',
        '{"people":-1e999}',
        '{"cpuPct":1e400}',
        '[{"ts":1e999,"values":{"people":1}}]',
      ]),
    ),
  }),
  (r, _i, now) => {
    const ts = pick(r, [
      0,
      1,
      -1,
      now - 31 * 86_400_000,
      now - 10 * 365 * 86_400_000,
      now + 6 * 60_000,
      now + 365 * 86_400_000,
      8.64e15,
      Number.MAX_SAFE_INTEGER,
      now + 0.5,
    ]);
    return {
      category: 'timestamp out of range',
      topic: occ(),
      payload: b(
        JSON.stringify(
          [
            { ts: Math.round(now - 1_000), values: { people: 1 } },
            { ts, values: { people: 2 } },
          ].slice(int(r, 2)),
        ),
      ),
    };
  },
  (r) => ({
    category: 'duplicate keys',
    topic: pick(r, [occ(), kiosk()]),
    payload: b(
      pick(r, [
        '{"people":1,"people":2}',
        '{"people":1,"people":"x"}',
        '{"kind":"issued","ticket":"A001","ticket":"B002","service":"Hộ tịch"}',
        '{"kind":"rating","kind":"issued","ticket":"A001","service":"Hộ tịch"}',
        '{"people":1,"\\u0070eople":2}',
        '[{"ts":1,"values":{"people":1},"values":{"people":2}}]',
      ]),
    ),
  }),
  (r) => ({ category: 'empty', topic: pick(r, [occ(), occ('event'), occ('status'), '']), payload: Buffer.alloc(0) }),
  (r) => ({
    category: 'prototype keys',
    topic: occ(),
    payload: b(
      pick(r, [
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
        '{"people":1,"__proto__":{"people":2}}',
        '{"toString":1}',
        '{"constructor":1}',
        '{"valueOf":2,"people":1}',
      ]),
    ),
  }),
  (r) => ({
    category: 'garbage bytes',
    topic: occ(),
    payload: Buffer.from(Array.from({ length: 1 + int(r, 300) }, () => int(r, 256))),
  }),
];

/** `n` cases cycling through every category, seeded. */
export function* mqttCases(n: number, now: number, seed = 20_261_121): Generator<MqttCase> {
  const r = prng(seed);
  for (let i = 0; i < n; i++) {
    const g = GENERATORS[i % GENERATORS.length];
    if (g) yield g(r, i, now);
  }
}

export const CATEGORY_COUNT = GENERATORS.length;
