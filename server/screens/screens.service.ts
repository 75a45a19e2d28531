/**
 * Screens: pairing, screen tokens (sha256 at rest), manifests, acks, heartbeats, proof of play
 * and fleet status. Screens authenticate with their own token, never a user's.
 */
import { EventEmitter } from 'node:events';
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Clock } from '../core/clock.js';
import { AppError, invalid, notFound } from '../core/errors.js';
import { newId, newSecret } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import {
  PAIRING_ALPHABET,
  type AckBody,
  type HeartbeatBody,
  type PairingPoll,
  type PairingStart,
  type ProofOfPlayBody,
  type ScreenCommand,
} from '../../displays/shared/protocol.js';
import type { ScreenProfile } from '../../brand-kit/profiles.js';
import { ManifestBuilder, sha256Hex, type BuiltManifest, type ManifestSources } from './manifest.js';
import type { PushHub } from './push-hub.js';
import {
  QueueStatsFeed,
  type QueueMetricsLike,
  type QueueMetricsSource,
  type QueueStatsFeedOptions,
} from './queue-stats.js';
import { ScreensStore, type NewScreen, type ScreenRecord } from './screens.store.js';
import { WriteBatch } from './write-batch.js';
import { SCREEN_TOKEN_PREFIX } from '../auth/token-kinds.js';

export const TOKEN_PREFIX = SCREEN_TOKEN_PREFIX;
import { FLEET_STATUSES, type FleetStatus } from './screen-statuses.js';
export { FLEET_STATUSES, type FleetStatus };

/** Bounds the token → hash memo (a city has a few thousand screens). */
const TOKEN_MEMO_MAX = 50_000;

export interface ScreensOptions {
  pairingTtlMs?: number;
  /** A screen with no stream and no request for this long is offline. */
  offlineAfterMs?: number;
}

export interface AckEvent {
  screenId: string;
  hash: string;
  /** The release in the manifest with that hash, when it is the one last served. */
  releaseId: string | null;
  matchesServed: boolean;
  errors: readonly string[];
  at: number;
}

export interface ScreensEvents {
  ack: [AckEvent];
  served: [{ screenId: string; hash: string; releaseId: string | null; at: number }];
  heartbeat: [{ screenId: string; errors: readonly string[]; at: number }];
  /** A screen write was rolled back: state derived from what listeners saw must be re-read. */
  rolledBack: [];
}

export interface ClaimInput {
  code: string;
  siteId: string;
  zoneId: string;
  profile: ScreenProfile;
  name: string;
  counter?: number | undefined;
  tags?: string[] | undefined;
  /** Re-pair an existing (e.g. revoked) screen instead of creating one. */
  screenId?: string | undefined;
}

export interface FleetEntry {
  screen: ScreenRecord;
  status: FleetStatus;
  online: boolean;
  offlineSince: number | null;
  expectedHash: string | null;
  shownHash: string | null;
  upToDate: boolean;
}

const POLL_AFTER_MS = 3_000;
const SERVED_FLUSH_MS = 2_000;
const MAX_OPEN_PAIRINGS = 5_000;

export class ScreensService extends EventEmitter<ScreensEvents> {
  readonly store: ScreensStore;
  readonly manifests: ManifestBuilder;
  private readonly pairingTtlMs: number;
  private readonly offlineAfterMs: number;
  private queueCallsWired = false;
  /** The screen protocol's writes, group-committed (see write-batch.ts). */
  readonly writes: WriteBatch;
  private queueStatsWired = false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly org: OrgService,
    private readonly clock: Clock,
    readonly hub: PushHub,
    readonly sources: ManifestSources,
    opts: ScreensOptions = {},
  ) {
    super();
    this.store = new ScreensStore(db);
    // Acks a stopped process left in the journal go into the rows before anything reads them by SQL.
    this.store.foldAcks();
    this.writes = new WriteBatch(db, () => {
      this.store.dropCache();
      this.emit('rolledBack');
    });
    this.manifests = new ManifestBuilder(sources, () => clock.now());
    this.pairingTtlMs = opts.pairingTtlMs ?? 10 * 60_000;
    this.offlineAfterMs = opts.offlineAfterMs ?? 90_000;
    // Served manifests not followed by an ack are written every few seconds (see ScreensStore.served),
    // once they are that old (a younger one is usually written by its ack, just behind).
    setInterval(() => {
      try {
        this.store.flushServed(this.clock.now() - SERVED_FLUSH_MS);
      } catch {
        // Kept in memory and tried again (a full disk is reported by the writes that must succeed).
      }
    }, SERVED_FLUSH_MS).unref();
    org.addDependency((orgId) => ({ what: 'screens', count: this.store.countAtSite(orgId) }));
    sources.onChange((change) => {
      this.manifests.invalidate();
      // Tell every screen of the sites under the changed subtrees; alerts also get their own message.
      const siteIds = new Set(change.orgPaths.flatMap((p) => org.list({ under: p, kind: 'site' }).map((u) => u.id)));
      for (const siteId of siteIds) {
        if (change.kind === 'alert')
          hub.publish({ kind: 'site', siteId }, { type: 'alert', alertId: change.alertId, state: change.state });
        hub.publish({ kind: 'site', siteId }, { type: 'manifest', reason: change.kind });
      }
    });
    // Every active screen is known to the hub, so site-wide pushes are kept for screens not yet connected.
    for (const s of this.store.list({})) if (s.status === 'active') hub.know(s.id, s.siteId);
  }

  /** Queue calls of a site, live from the ingest pipeline, to the site's screens. */
  connectQueueCalls(source: {
    on(
      event: 'queueCall',
      l: (q: { siteId: string; counter: number; ticket: string; service: string; at: number }) => void,
    ): unknown;
  }): void {
    this.queueCallsWired = true;
    source.on('queueCall', (q) =>
      this.hub.publish(
        { kind: 'site', siteId: q.siteId },
        { type: 'queue-call', counter: q.counter, ticket: q.ticket, service: q.service, at: q.at },
      ),
    );
  }

  /**
   * People waiting per service, live from the ingest pipeline's queue metrics, to the screens of
   * each site (throttled per site; the hub keeps the latest per site for screens that connect
   * later). Returns the disconnect function.
   */
  connectQueueMetrics(source: QueueMetricsSource, opts: QueueStatsFeedOptions = {}): () => void {
    const feed = new QueueStatsFeed((m) => this.hub.publish({ kind: 'site', siteId: m.siteId }, m), opts);
    const listener = (m: QueueMetricsLike) => feed.update(m);
    source.on('queueMetrics', listener);
    this.queueStatsWired = true;
    return () => {
      source.off('queueMetrics', listener);
      feed.close();
    };
  }

  /** Which manifest parts and live channels come from their real feature services. */
  wiring(): Record<string, 'service' | 'fallback'> {
    return {
      ...this.sources.wiring,
      queueCalls: this.queueCallsWired ? 'service' : 'fallback',
      queueStats: this.queueStatsWired ? 'service' : 'fallback',
    };
  }

  // ── pairing ──

  startPairing(): PairingStart {
    const now = this.clock.now();
    this.store.purgePairings(now);
    if (this.store.countOpenPairings(now) >= MAX_OPEN_PAIRINGS) {
      throw new AppError('throttled', 'PAIRING_BUSY', 'Too many open pairing codes; try again in a minute', undefined, {
        'retry-after': '60',
      });
    }
    let code: string;
    do {
      code = Array.from({ length: 6 }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('');
    } while (this.store.openPairingByCode(code, now));
    const pollSecret = newSecret();
    const id = newId();
    const expiresAt = now + this.pairingTtlMs;
    this.store.insertPairing({
      id,
      code,
      poll_secret_hash: sha256Hex(pollSecret),
      created_at: now,
      expires_at: expiresAt,
      screen_id: null,
      claimed_at: null,
    });
    return {
      pairingId: id,
      code: `${code.slice(0, 3)}-${code.slice(3)}`,
      pollSecret,
      expiresAt,
      pollAfterMs: POLL_AFTER_MS,
    };
  }

  /** The screen polls with its secret; once claimed it receives its token exactly once. */
  pollPairing(pairingId: string, pollSecret: string): PairingPoll {
    const p = this.store.pairing(pairingId);
    if (!p || !safeEqual(p.poll_secret_hash, sha256Hex(pollSecret))) throw notFound('Pairing', pairingId);
    const now = this.clock.now();
    if (p.screen_id === null) {
      return p.expires_at <= now ? { status: 'expired' } : { status: 'pending', expiresAt: p.expires_at };
    }
    const screenId = p.screen_id;
    const token = this.db.transaction(() => {
      this.store.deletePairing(p.id);
      return this.issueToken(screenId);
    })();
    return { status: 'paired', screenId, token };
  }

  claim(actor: Actor, input: ClaimInput): ScreenRecord {
    return this.db.transaction(() => {
      const now = this.clock.now();
      const p = this.store.openPairingByCode(input.code, now);
      if (!p)
        throw invalid('PAIRING_CODE_UNKNOWN', 'No open pairing code like that: it may have expired', [
          { path: 'code', message: 'unknown or expired' },
        ]);
      const site = this.org.get(input.siteId);
      const layout = this.org.layout(input.siteId);
      if (!layout.zones.some((z) => z.id === input.zoneId)) {
        throw invalid('VALIDATION', `Site ${input.siteId} has no zone "${input.zoneId}"`, [
          { path: 'zoneId', message: 'not a zone of the site' },
        ]);
      }
      if (input.counter !== undefined && !layout.counters.some((c) => c.number === input.counter)) {
        throw invalid('VALIDATION', `Site ${input.siteId} has no counter ${input.counter}`, [
          { path: 'counter', message: 'not a counter of the site' },
        ]);
      }
      const fields: NewScreen = {
        id: input.screenId ?? newId(),
        name: input.name,
        siteId: site.id,
        sitePath: site.path,
        zoneId: input.zoneId,
        profile: input.profile,
        counter: input.counter ?? null,
        tags: input.tags ?? [],
      };
      const before = input.screenId ? this.store.get(input.screenId) : undefined;
      if (input.screenId && !before) throw notFound('Screen', input.screenId);
      // The token is issued when the screen polls, so no plaintext token is ever stored.
      if (before) this.store.rebind(fields, null, now);
      else this.store.insert(fields, null, now);
      this.store.claimPairing(p.id, fields.id, now);
      const after = this.require(fields.id);
      this.audit.record({
        actor,
        action: before ? 'screen.repair' : 'screen.pair',
        entity: 'screen',
        entityId: after.id,
        orgId: site.id,
        orgPath: site.path,
        before,
        after,
      });
      this.hub.know(after.id, after.siteId);
      return after;
    })();
  }

  /** A fresh token for a screen (pairing pickup, rotation, the demo screen); the old one stops working. */
  issueToken(screenId: string): string {
    const token = `${TOKEN_PREFIX}${newSecret()}`;
    this.store.setToken(screenId, sha256Hex(token), this.clock.now());
    return token;
  }

  /** Add a screen without pairing (the demo seed); idempotent. */
  seed(actor: Actor, s: Omit<NewScreen, 'sitePath'>): boolean {
    if (this.store.get(s.id)) return false;
    const site = this.org.get(s.siteId);
    this.db.transaction(() => {
      this.store.insert({ ...s, sitePath: site.path }, null, this.clock.now());
      this.hub.know(s.id, s.siteId);
      this.audit.record({
        actor,
        action: 'screen.seed',
        entity: 'screen',
        entityId: s.id,
        orgId: site.id,
        orgPath: site.path,
      });
    })();
    return true;
  }

  /**
   * Token → sha256, for tokens that named a screen: every screen request authenticates, and a
   * release is two requests per screen within seconds. Only the hash is derived here; whether
   * it still names an active screen is asked of the store every time (revoked, rotated).
   */
  private readonly tokenHashes = new Map<string, string>();

  /** The screen behind a token: 401 with SCREEN_REVOKED so a revoked screen knows to re-pair. */
  authenticate(token: string | undefined): ScreenRecord {
    if (!token?.startsWith(TOKEN_PREFIX))
      throw new AppError('unauthenticated', 'SCREEN_TOKEN_MISSING', 'A screen token is required');
    const memo = this.tokenHashes.get(token);
    const hash = memo ?? sha256Hex(token);
    const screen = this.store.byTokenHash(hash);
    // Only tokens that name a screen are kept: unknown ones cannot fill the memo.
    if (screen && memo === undefined) {
      if (this.tokenHashes.size >= TOKEN_MEMO_MAX) this.tokenHashes.clear();
      this.tokenHashes.set(token, hash);
    }
    if (!screen)
      throw new AppError('unauthenticated', 'SCREEN_TOKEN_UNKNOWN', 'Unknown screen token: pair this screen again');
    if (screen.status === 'revoked')
      throw new AppError('unauthenticated', 'SCREEN_REVOKED', 'This screen was revoked: pair it again');
    return screen;
  }

  revoke(actor: Actor, screenId: string): ScreenRecord {
    const after = this.db.transaction(() => {
      const before = this.require(screenId);
      this.store.setStatus(screenId, 'revoked', this.clock.now());
      const after = this.require(screenId);
      this.audit.record({
        actor,
        action: 'screen.revoke',
        entity: 'screen',
        entityId: screenId,
        orgId: before.siteId,
        orgPath: before.sitePath,
        before,
        after,
      });
      return after;
    })();
    this.hub.publish({ kind: 'screens', ids: [screenId] }, { type: 'revoked' });
    return after;
  }

  /** The screen replaces its own token; the one it used stops working at once. */
  rotate(screen: ScreenRecord): string {
    const token = this.issueToken(screen.id);
    this.audit.record({
      actor: { kind: 'system', id: screen.id, name: 'screen' },
      action: 'screen.rotate-token',
      entity: 'screen',
      entityId: screen.id,
      orgId: screen.siteId,
      orgPath: screen.sitePath,
    });
    return token;
  }

  command(actor: Actor, screenId: string, command: ScreenCommand): void {
    const s = this.require(screenId);
    this.audit.record({
      actor,
      action: `screen.command.${command}`,
      entity: 'screen',
      entityId: s.id,
      orgId: s.siteId,
      orgPath: s.sitePath,
    });
    this.hub.publish({ kind: 'screens', ids: [screenId] }, { type: 'command', command });
  }

  /**
   * Point screens at a release (rollouts), committed in one transaction with the caller's own
   * writes (`alsoWrite`, e.g. the rollout's targets). Their streams are told to refetch first:
   * the screens react while the assignment is written (a city-wide release is a write of
   * 10,000 rows), and none can be served its manifest before it is committed, since serving
   * runs on this thread after this call returns. Should the transaction fail, the screens
   * refetch what they already show (304): the message only says "look again", and a manifest
   * is state. (A bus shared by several processes must hand the message to the others after
   * the publishing turn; see push-bus.ts.)
   */
  assignRelease(screenIds: readonly string[], releaseId: string | null, alsoWrite?: () => void): void {
    if (screenIds.length === 0) {
      if (alsoWrite) this.db.transaction(alsoWrite)();
      return;
    }
    this.hub.publish({ kind: 'screens', ids: screenIds }, { type: 'manifest', reason: 'release' });
    const now = this.clock.now();
    this.db.transaction(() => {
      alsoWrite?.();
      this.store.writeReleases(screenIds, releaseId, now);
    })();
    this.store.releasesWritten(screenIds, releaseId, now);
  }

  // ── screen-facing ──

  // The screen-facing writes below resolve once committed (group commit, see write-batch.ts):
  // the routes answer after that, so an answered ack is in the database.

  /**
   * The screen's manifest; what it was served is recorded in memory and written with its ack
   * (see the store). Returned at once unless the screen must first be pinned to a release (a
   * write); a release makes every screen fetch, so the common case makes no promise.
   */
  manifest(screen: ScreenRecord): BuiltManifest | Promise<BuiltManifest> {
    const now = this.clock.now();
    if (screen.releaseId === null) {
      // Pin a screen no rollout has reached to the release of today, so that a later release
      // reaches it only through a rollout (and its canary), never silently on the next fetch.
      const pin = this.sources.currentReleaseId();
      if (pin !== null) {
        const built = this.manifests.build({ ...screen, releaseId: pin });
        // Only if still unpinned: a rollout may have assigned a release since (and told the
        // screen). Committed before the screen has the manifest, so the pin holds.
        return this.writes
          .run(() => this.store.pinRelease(screen.id, pin, now))
          .then(() => this.served(screen.id, built, now));
      }
    }
    return this.served(screen.id, this.manifests.build(screen), now);
  }

  /** Recorded in memory (see ScreensStore.served); the ack finds it there and writes it. */
  private served(id: string, built: BuiltManifest, now: number): BuiltManifest {
    this.store.served(id, built.hash, built.releaseId, now);
    this.emit('served', { screenId: id, hash: built.hash, releaseId: built.releaseId, at: now });
    return built;
  }

  ack(screen: ScreenRecord, body: AckBody): Promise<AckEvent> {
    const now = this.clock.now();
    const matchesServed = body.hash === screen.servedHash;
    const releaseId = matchesServed ? screen.servedRelease : screen.shownRelease;
    const event: AckEvent = {
      screenId: screen.id,
      hash: body.hash,
      releaseId,
      matchesServed,
      errors: body.errors,
      at: now,
    };
    let served: ReturnType<ScreensStore['acked']>;
    return this.writes
      .run(() => {
        served = this.store.acked(screen.id, body.hash, releaseId, body.errors, now);
        this.emit('ack', event);
        return event;
      })
      .then((e) => {
        if (served) this.store.servedWritten(screen.id, served);
        return e;
      });
  }

  heartbeat(screen: ScreenRecord, body: HeartbeatBody): Promise<void> {
    const now = this.clock.now();
    return this.writes.run(() => {
      this.store.heartbeat(
        screen.id,
        { uptimeS: body.uptimeS, memoryMb: body.memoryMb ?? null, errors: body.errors, hash: body.hash },
        now,
      );
      this.emit('heartbeat', { screenId: screen.id, errors: body.errors, at: now });
    });
  }

  seen(screenId: string): Promise<void> {
    const now = this.clock.now();
    return this.writes.run(() => this.store.touch(screenId, now));
  }

  proofOfPlay(screen: ScreenRecord, body: ProofOfPlayBody): Promise<number> {
    const now = this.clock.now();
    return this.writes.run(() => {
      this.store.insertPlays(screen.id, body.items, now);
      this.store.touch(screen.id, now);
      return body.items.length;
    });
  }

  /** Commit the queued screen writes now (shutdown, before the database closes). */
  flushWrites(): void {
    this.writes.flush();
    this.store.flushServed();
  }

  // ── fleet ──

  require(id: string): ScreenRecord {
    const s = this.store.get(id);
    if (!s) throw notFound('Screen', id);
    return s;
  }

  isOnline(s: ScreenRecord): boolean {
    if (s.status === 'revoked') return false;
    return this.hub.isConnected(s.id) || (s.lastSeen !== null && this.clock.now() - s.lastSeen < this.offlineAfterMs);
  }

  fleetEntry(s: ScreenRecord): FleetEntry {
    const online = this.isOnline(s);
    const expectedHash = s.status === 'revoked' ? null : this.manifests.build(s).hash;
    const upToDate = expectedHash !== null && s.shownHash === expectedHash;
    const status: FleetStatus =
      s.status === 'revoked'
        ? 'revoked'
        : !online
          ? 'offline'
          : s.lastErrors.length > 0
            ? 'error'
            : upToDate
              ? 'online'
              : 'outdated';
    const offlineSince = online ? null : (this.hub.disconnectedAt(s.id) ?? s.lastSeen);
    return { screen: s, status, online, offlineSince, expectedHash, shownHash: s.shownHash, upToDate };
  }

  fleet(filter: {
    under: readonly string[];
    siteId?: string | undefined;
    status?: FleetStatus | undefined;
    releaseId?: string | undefined;
  }): FleetEntry[] {
    const rows = this.store.list({
      under: filter.under,
      ...(filter.siteId ? { siteId: filter.siteId } : {}),
      ...(filter.releaseId ? { releaseId: filter.releaseId } : {}),
    });
    const entries = rows.map((s) => this.fleetEntry(s));
    return filter.status ? entries.filter((e) => e.status === filter.status) : entries;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
