/**
 * Per-screen manifests: what the screen must show, resolved from the brand, notices, alerts and
 * org features through `ManifestSources`, hashed over canonical JSON. Parts shared by the
 * screens of one site/zone/profile/release are cached, so a release to 10,000 screens builds
 * a few hundred parts, not 10,000; and those parts are put together from pieces cached at the
 * level each depends on (site, layout and alerts per site, notices per site/zone/profile,
 * brand per site/profile/release) as JSON text, so a new release asks the sources only for its
 * brand. Any change event from a source drops the caches.
 */
import { hash } from 'node:crypto';
import { z } from 'zod';
import { PROFILE_SIZE, type ScreenProfile } from '../../brand-kit/profiles.js';
import {
  canonicalJson,
  manifestAlertSchema,
  manifestBrandSchema,
  manifestNoticeSchema,
  type ManifestContent,
} from '../../displays/shared/protocol.js';
import type { SiteLayout } from '../org/org.schemas.js';
import type { ScreenRecord } from './screens.store.js';

export type ManifestBrand = z.infer<typeof manifestBrandSchema>;
export type ManifestNotice = z.infer<typeof manifestNoticeSchema>;
export type ManifestAlert = z.infer<typeof manifestAlertSchema>;

/** What changed upstream, so the screens it touches are told to refetch. */
export type SourceChange =
  | { kind: 'brand' | 'notices' | 'layout'; orgPaths: readonly string[] }
  | { kind: 'alert'; alertId: string; state: 'on' | 'off'; orgPaths: readonly string[] };

/** The features a manifest is built from; implemented against their services in manifest-sources.ts. */
export interface ManifestSources {
  site(siteId: string): { id: string; name: string; shortName: string | null };
  layout(siteId: string): SiteLayout;
  /** The city's newest release, which a screen no rollout has reached yet is pinned to on first fetch. */
  currentReleaseId(): string | null;
  /** Release id null = no release yet: the site's own identity. */
  brand(input: { siteId: string; profile: ScreenProfile; releaseId: string | null }): ManifestBrand;
  /** Whether a release id can be rolled out (validation of rollout requests). */
  releaseExists(releaseId: string): boolean;
  notices(input: { siteId: string; zoneId: string; profile: ScreenProfile; at: number }): ManifestNotice[];
  alerts(siteId: string, at: number): ManifestAlert[];
  /** Subscribe to upstream changes; returns the unsubscribe function. */
  onChange(listener: (change: SourceChange) => void): () => void;
  /** Which parts are backed by the real feature services (reported by /screens/sources). */
  readonly wiring: Readonly<Record<'brand' | 'notices' | 'alerts' | 'layout', 'service' | 'fallback'>>;
}

/** sha256 of a string's UTF-8, hex (the one-shot `hash`: a manifest hashes once per screen and fetch). */
export const sha256Hex = (s: string): string => hash('sha256', s, 'hex');

interface Part {
  /** When its oldest piece was built: a part is never kept longer than the pieces it is made of. */
  builtAt: number;
  version: number;
  layout: SiteLayout;
  /** sha256 of the layout's JSON: screens' own parts are reused while it is unchanged. */
  layoutSig: string;
  /**
   * What every screen of this site/zone/profile/release shares, as JSON without braces, then
   * `,"hash":"`, as UTF-8: the middle of every body built from this part.
   */
  sharedBytes: Buffer;
  sharedHash: string;
  releaseId: string | null;
}

/** What every screen of a site/zone/profile/release shares. */
type SharedContent = Omit<ManifestContent, 'screen' | 'layout'>;

/** A value of type T as JSON (manifest order) and canonical JSON (for the hash). */
interface Encoded<T> {
  json: string;
  canonical: string;
  /** Never set: only keeps one field's text from standing in for another's. */
  readonly of?: T;
}

const encode = <T>(value: T): Encoded<T> => ({ json: JSON.stringify(value), canonical: canonicalJson(value) });

/** A cached piece of the shared part, built at `builtAt` under cache version `version`. */
interface Piece<V> {
  builtAt: number;
  version: number;
  value: V;
}

/** What every screen of a site shares whatever its zone, profile and release. */
interface SiteValue {
  site: Encoded<SharedContent['site']>;
  alerts: Encoded<SharedContent['alerts']>;
  layout: SiteLayout;
  layoutSig: string;
}

interface BrandValue extends Encoded<ManifestBrand> {
  releaseId: string | null;
}

/** Every shared field, in the order the manifest's JSON has them. */
const SHARED_ORDER: Record<keyof SharedContent, true> = {
  site: true,
  brand: true,
  notices: true,
  alerts: true,
  channels: true,
};
const SHARED_KEYS = Object.keys(SHARED_ORDER) as (keyof SharedContent)[];
/** The same keys in canonicalJson's order (UTF-16 code units, as its `<` comparison). */
const CANONICAL_KEYS = [...SHARED_KEYS].sort();

/**
 * The shared part's JSON (without braces) and the sha256 of its canonical JSON, put together from
 * each field's text: byte for byte what JSON.stringify and canonicalJson of the whole object
 * give, since both write an object as its keys, in their order, each with its value's own text.
 */
function assembleShared(fields: { [K in keyof SharedContent]: Encoded<SharedContent[K]> }): {
  json: string;
  hash: string;
} {
  const json = SHARED_KEYS.map((k) => `${JSON.stringify(k)}:${fields[k].json}`).join(',');
  const canonical = `{${CANONICAL_KEYS.map((k) => `${JSON.stringify(k)}:${fields[k].canonical}`).join(',')}}`;
  return { json, hash: sha256Hex(canonical) };
}

const CHANNELS = encode({ queueCalls: true } satisfies SharedContent['channels']);

export interface BuiltManifest {
  /**
   * The manifest as served, UTF-8, in the pieces it is made of (the screen's own part, the
   * shared part, the hash and time): the cached bytes of the parts are written to the socket
   * as they are, so a release neither encodes nor copies ~5 KB per screen again.
   */
  chunks: readonly Buffer[];
  /** Their total length (the Content-Length). */
  byteLength: number;
  /** The same bytes in one buffer, and as text (put together when asked for). */
  readonly bytes: Buffer;
  readonly body: string;
  hash: string;
  releaseId: string | null;
}

interface OwnPart extends Pick<ScreenRecord, 'name' | 'siteId' | 'zoneId' | 'profile' | 'counter'> {
  layoutSig: string;
  /** The screen's own fields as JSON without braces, and the sha256 of their canonical JSON. */
  json: string;
  hash: string;
  /** `{<json>,` as UTF-8: the start of the screen's body. */
  bytes: Buffer;
}

/** Bounds the per-screen cache (a city has a few thousand screens). */
const MAX_OWN_CACHED = 50_000;

/** Bounds the caches of parts and pieces keyed by release (old releases' entries are dropped with the rest). */
const MAX_PARTS_CACHED = 20_000;

/**
 * Every part and piece is rebuilt at least this often: alerts and notices start and end with
 * time, and org edits (a site's name, zones, counters) send no change event.
 */
const PART_TTL_MS = 5_000;

/**
 * The content hash is sha256 over the hashes of the shared part and of the screen's own part
 * (each sha256 of its canonical JSON): equal content gives an equal hash, any change changes
 * it, and after a release each of 10,000 screens hashes 129 bytes, its own part's hash being
 * kept with that part.
 */
export class ManifestBuilder {
  private version = 0;
  private readonly parts = new Map<string, Part>();
  /** Per screen: its own part (fields and layout) as JSON and canonical JSON. */
  private readonly own = new Map<string, OwnPart>();
  /**
   * The pieces of the shared parts, each at the level it depends on, so that a new release
   * builds only its brand piece per site and profile and reuses the others.
   */
  private readonly sites = new Map<string, Piece<SiteValue>>();
  /** Per site|zone|profile, as the notices source takes them. */
  private readonly notices = new Map<string, Piece<Encoded<ManifestNotice[]>>>();
  /** Per site|profile|release. */
  private readonly brands = new Map<string, Piece<BrandValue>>();

  constructor(
    private readonly sources: ManifestSources,
    private readonly now: () => number,
  ) {}

  invalidate(): void {
    this.version++;
    this.parts.clear();
    this.sites.clear();
    this.notices.clear();
    this.brands.clear();
  }

  build(screen: ScreenRecord): BuiltManifest {
    const now = this.now();
    const part = this.part(screen, now);
    const own = this.ownPart(screen, part);
    const hash = sha256Hex(`${part.sharedHash}\n${own.hash}`);
    // `{own,shared,"hash":"…","generatedAt":…}`: the tail is ASCII.
    const tail = Buffer.from(`${hash}","generatedAt":${now}}`, 'latin1');
    const chunks = [own.bytes, part.sharedBytes, tail];
    const byteLength = own.bytes.length + part.sharedBytes.length + tail.length;
    return {
      chunks,
      byteLength,
      get bytes() {
        return Buffer.concat(chunks, byteLength);
      },
      get body() {
        return Buffer.concat(chunks, byteLength).toString('utf8');
      },
      hash,
      releaseId: part.releaseId,
    };
  }

  /**
   * The screen's own part (its fields and its site's layout) as JSON and canonical JSON, kept
   * per screen while those are unchanged: after a release the whole city refetches, and only
   * the shared part is new then.
   */
  private ownPart(screen: ScreenRecord, part: Part): OwnPart {
    const mine = this.own.get(screen.id);
    if (
      mine?.layoutSig === part.layoutSig &&
      mine.name === screen.name &&
      mine.siteId === screen.siteId &&
      mine.zoneId === screen.zoneId &&
      mine.profile === screen.profile &&
      mine.counter === screen.counter
    )
      return mine;
    const zone = part.layout.zones.find((z) => z.id === screen.zoneId);
    const size = PROFILE_SIZE[screen.profile];
    const own: Pick<ManifestContent, 'screen' | 'layout'> = {
      screen: {
        id: screen.id,
        name: screen.name,
        siteId: screen.siteId,
        zoneId: screen.zoneId,
        profile: screen.profile,
      },
      layout: {
        profile: screen.profile,
        width: size.width,
        height: size.height,
        zone: zone ? { id: zone.id, kind: zone.kind, name: zone.name } : null,
        counters: part.layout.counters.map((c) => ({ number: c.number, zoneId: c.zoneId, fields: c.fields })),
        counter: screen.counter,
      },
    };
    const json = JSON.stringify(own).slice(1, -1);
    const entry: OwnPart = {
      layoutSig: part.layoutSig,
      name: screen.name,
      siteId: screen.siteId,
      zoneId: screen.zoneId,
      profile: screen.profile,
      counter: screen.counter,
      json,
      hash: sha256Hex(canonicalJson(own)),
      bytes: Buffer.from(`{${json},`),
    };
    if (this.own.size >= MAX_OWN_CACHED) this.own.clear();
    this.own.set(screen.id, entry);
    return entry;
  }

  private fresh(c: { builtAt: number; version: number }, now: number): boolean {
    return c.version === this.version && now - c.builtAt < PART_TTL_MS && now >= c.builtAt;
  }

  /** A piece from its cache while fresh, else made again (the version read before, in case making it invalidates). */
  private piece<V>(cache: Map<string, Piece<V>>, key: string, now: number, make: () => V): Piece<V> {
    const hit = cache.get(key);
    if (hit && this.fresh(hit, now)) return hit;
    const version = this.version;
    const piece: Piece<V> = { builtAt: now, version, value: make() };
    if (cache.size >= MAX_PARTS_CACHED) cache.clear();
    cache.set(key, piece);
    return piece;
  }

  private part(screen: ScreenRecord, now: number): Part {
    const { siteId, zoneId, profile, releaseId } = screen;
    const key = `${siteId}|${zoneId}|${profile}|${releaseId ?? ''}`;
    const hit = this.parts.get(key);
    if (hit && this.fresh(hit, now)) return hit;
    const version = this.version;
    const s = this.sources;
    const site = this.piece(this.sites, siteId, now, (): SiteValue => {
      const unit = encode(s.site(siteId));
      const alerts = encode(s.alerts(siteId, now));
      const layout = s.layout(siteId);
      return { site: unit, alerts, layout, layoutSig: sha256Hex(JSON.stringify(layout)) };
    });
    const brand = this.piece(this.brands, `${siteId}|${profile}|${releaseId ?? ''}`, now, (): BrandValue => {
      const b = s.brand({ siteId, profile, releaseId });
      return { ...encode(b), releaseId: b.releaseId };
    });
    const notices = this.piece(this.notices, `${siteId}|${zoneId}|${profile}`, now, () =>
      encode(s.notices({ siteId, zoneId, profile, at: now })),
    );
    const shared = assembleShared({
      site: site.value.site,
      brand: brand.value,
      notices: notices.value,
      alerts: site.value.alerts,
      channels: CHANNELS,
    });
    const part: Part = {
      builtAt: Math.min(site.builtAt, brand.builtAt, notices.builtAt),
      version,
      layout: site.value.layout,
      layoutSig: site.value.layoutSig,
      sharedBytes: Buffer.from(`${shared.json},"hash":"`),
      sharedHash: shared.hash,
      releaseId: brand.value.releaseId,
    };
    if (this.parts.size >= MAX_PARTS_CACHED) this.parts.clear();
    this.parts.set(key, part);
    return part;
  }
}
