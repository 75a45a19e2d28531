/**
 * The display contract (DESIGN.md "Display contract"), defined once: manifest, push-stream
 * messages, and the bodies a screen sends (pairing, ack, heartbeat, proof of play). Imported by
 * the server and by the browser player, so it imports nothing but `zod` and the profile list.
 */
import { z } from 'zod';
import { SCREEN_PROFILES } from '../../brand-kit/profiles.js';

export const screenProfileSchema = z.enum(SCREEN_PROFILES);

/** Pairing codes use an alphabet without look-alikes (no 0/O, 1/I/L), shown as `ABC-234`. */
export const PAIRING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const pairingCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(new RegExp(`^[${PAIRING_ALPHABET}]{6}$`), 'a 6-character pairing code such as ABC-234'));

/** `POST /display/pairing` → what the new screen shows and polls with. */
export const pairingStartSchema = z.object({
  pairingId: z.string(),
  /** Shown on screen as `ABC-234`. */
  code: z.string(),
  /** Proves on polling that this screen asked for the code; never shown. */
  pollSecret: z.string(),
  expiresAt: z.number(),
  pollAfterMs: z.number().int(),
});
export type PairingStart = z.infer<typeof pairingStartSchema>;

/** `GET /display/pairing/{id}` → pending until staff claim the code; the token is given once. */
export const pairingPollSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending'), expiresAt: z.number() }),
  z.object({ status: z.literal('expired') }),
  z.object({ status: z.literal('paired'), screenId: z.string(), token: z.string() }),
]);
export type PairingPoll = z.infer<typeof pairingPollSchema>;

/** A file the screen must have before it acks: fetched from `url`, checked against `sha256`. */
export const assetSchema = z.looseObject({
  url: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestBrandSchema = z.object({
  /** The brand release shown; null while the site has none (fallback identity). */
  releaseId: z.string().nullable(),
  tokens: z.record(z.string(), z.unknown()),
  texts: z.record(z.string(), z.unknown()),
  assets: z.array(assetSchema),
});

/**
 * Notices (with their procedures) and alerts are owned by their features, whose schemas use
 * server-only helpers; the contract fixes what a player keys and orders them by.
 */
export const manifestNoticeSchema = z.looseObject({ id: z.string(), priority: z.number().optional() });

export const manifestAlertSchema = z.looseObject({
  id: z.string(),
  severity: z.string(),
  startedAt: z.number(),
  plannedEndAt: z.number(),
});

export const manifestLayoutSchema = z.object({
  profile: screenProfileSchema,
  width: z.number().int(),
  height: z.number().int(),
  zone: z.object({ id: z.string(), kind: z.string(), name: z.string() }).nullable(),
  /** Counter numbers and fields of the site, for the queue panel; the screen's own counter when bound to one. */
  counters: z.array(z.object({ number: z.number().int(), zoneId: z.string(), fields: z.array(z.string()) })),
  counter: z.number().int().nullable(),
});

export const manifestContentSchema = z.object({
  screen: z.object({
    id: z.string(),
    name: z.string(),
    siteId: z.string(),
    zoneId: z.string(),
    profile: screenProfileSchema,
  }),
  site: z.object({ id: z.string(), name: z.string(), shortName: z.string().nullable() }),
  brand: manifestBrandSchema,
  notices: z.array(manifestNoticeSchema),
  alerts: z.array(manifestAlertSchema),
  layout: manifestLayoutSchema,
  /** Live channels this screen should render from its push stream. */
  channels: z.object({ queueCalls: z.boolean() }),
});
export type ManifestContent = z.infer<typeof manifestContentSchema>;

/** `GET /display/manifest`: the content plus its sha256 (also the ETag). */
export const manifestSchema = manifestContentSchema.extend({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  generatedAt: z.number(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const SCREEN_COMMANDS = ['reload', 'identify'] as const;
export type ScreenCommand = (typeof SCREEN_COMMANDS)[number];

/** Messages on the push stream (SSE `data:` lines; `event:` is the `type`, `id:` the resume id). */
export const pushMessageSchema = z.discriminatedUnion('type', [
  /** Sent first on every (re)connect: what the server expects the screen to show. */
  z.object({ type: z.literal('hello'), screenId: z.string(), resumed: z.boolean(), pingMs: z.number().int() }),
  z.object({ type: z.literal('manifest'), reason: z.string() }),
  z.object({ type: z.literal('alert'), alertId: z.string(), state: z.enum(['on', 'off']) }),
  z.object({
    type: z.literal('queue-call'),
    counter: z.number().int(),
    ticket: z.string(),
    service: z.string().optional(),
    at: z.number(),
  }),
  /**
   * People waiting per service at the screen's site, now. State, not an event: sent without an
   * id (never replayed), at most every few seconds per site, and once after every (re)connect.
   */
  z.object({
    type: z.literal('queue-stats'),
    siteId: z.string(),
    services: z
      .array(
        z.object({
          service: z.string(),
          waiting: z.number().int().nonnegative(),
          /** Mean wait over the last hour, whole minutes; absent with no data. */
          avgWaitMin: z.number().int().nonnegative().optional(),
        }),
      )
      .max(200),
    at: z.number(),
  }),
  z.object({ type: z.literal('command'), command: z.enum(SCREEN_COMMANDS) }),
  /** The token was revoked: forget it and go back to pairing. */
  z.object({ type: z.literal('revoked') }),
  z.object({ type: z.literal('ping'), at: z.number() }),
]);
export type PushMessage = z.infer<typeof pushMessageSchema>;
export type PushMessageType = PushMessage['type'];
export type QueueStatsMessage = Extract<PushMessage, { type: 'queue-stats' }>;
export type QueueServiceStats = QueueStatsMessage['services'][number];

/** `POST /display/ack`: the manifest hash now on screen, once its assets are in place. */
export const ackBodySchema = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a manifest sha256 in hex'),
  /** Problems while applying (asset failed its sha256, render error…); non-empty = failed. */
  errors: z.array(z.string().max(500)).max(50).default([]),
});
export type AckBody = z.infer<typeof ackBodySchema>;

export const heartbeatBodySchema = z.strictObject({
  uptimeS: z.number().nonnegative(),
  memoryMb: z.number().nonnegative().optional(),
  /** Errors since the last heartbeat. */
  errors: z.array(z.string().max(500)).max(50).default([]),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
});
export type HeartbeatBody = z.infer<typeof heartbeatBodySchema>;

export const proofOfPlayItemSchema = z.strictObject({
  /** What was on screen: a notice id, `brand`, `alert:<id>`, `queue`… */
  item: z.string().min(1).max(200),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  startedAt: z.number().int(),
  durationMs: z.number().int().nonnegative().max(86_400_000),
});
export const proofOfPlayBodySchema = z.strictObject({ items: z.array(proofOfPlayItemSchema).min(1).max(1000) });
export type ProofOfPlayBody = z.infer<typeof proofOfPlayBodySchema>;

/** Canonical JSON (sorted keys) so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  // Written with loops rather than entries/filter/map/join: every manifest part is hashed
  // through this, and the intermediate arrays were most of its cost.
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // An undefined element writes nothing, as Array.prototype.join does.
      out += canonicalJson(value[i]) ?? '';
    }
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does on strings.
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = object[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}
