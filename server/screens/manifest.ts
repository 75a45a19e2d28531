/**
 * Per-screen manifests: what the screen must show, resolved from the brand, notices, alerts and
 * org features through `ManifestSources`, hashed over canonical JSON. Parts shared by the
 * screens of one site/zone/profile/release are cached, so a release to 10,000 screens builds
 * a few hundred parts, not 10,000; any change event from a source drops the caches.
 */
import { createHash } from 'node:crypto';
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

export const sha256Hex = (s: string): string => createHash('sha256').update(s).digest('hex');

interface Part {
  builtAt: number;
  version: number;
  layout: SiteLayout;
  /** sha256 of the layout's JSON: screens' own parts are reused while it is unchanged. */
  layoutSig: string;
  /** The parts every screen of this site/zone/profile/release shares, as JSON without braces. */
  sharedJson: string;
  sharedHash: string;
  releaseId: string | null;
}

export interface BuiltManifest {
  /** The manifest JSON text, as served. */
  body: string;
  hash: string;
  releaseId: string | null;
}

interface OwnPart extends Pick<ScreenRecord, 'name' | 'siteId' | 'zoneId' | 'profile' | 'counter'> {
  layoutSig: string;
  /** The screen's own fields as JSON without braces, and as canonical JSON (for the hash). */
  json: string;
  canonical: string;
}

/** Bounds the per-screen cache (a city has a few thousand screens). */
const MAX_OWN_CACHED = 50_000;

/** Time-dependent parts (alerts and notices that start or end) are rebuilt at least this often. */
const PART_TTL_MS = 5_000;

/**
 * The content hash is sha256 over the shared part's hash and the screen's own part (both
 * canonical JSON): equal content gives an equal hash, any change changes it, and 10,000
 * screens sharing a part hash a few hundred bytes each instead of the whole manifest.
 */
export class ManifestBuilder {
  private version = 0;
  private readonly parts = new Map<string, Part>();
  /** Per screen: its own part (fields and layout) as JSON and canonical JSON. */
  private readonly own = new Map<string, OwnPart>();

  constructor(
    private readonly sources: ManifestSources,
    private readonly now: () => number,
  ) {}

  invalidate(): void {
    this.version++;
    this.parts.clear();
  }

  build(screen: ScreenRecord): BuiltManifest {
    const now = this.now();
    const part = this.part(screen, now);
    const own = this.ownPart(screen, part);
    const hash = sha256Hex(`${part.sharedHash}\n${own.canonical}`);
    const body = `{${own.json},${part.sharedJson},"hash":"${hash}","generatedAt":${now}}`;
    return { body, hash, releaseId: part.releaseId };
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
    const entry: OwnPart = {
      layoutSig: part.layoutSig,
      name: screen.name,
      siteId: screen.siteId,
      zoneId: screen.zoneId,
      profile: screen.profile,
      counter: screen.counter,
      json: JSON.stringify(own).slice(1, -1),
      canonical: canonicalJson(own),
    };
    if (this.own.size >= MAX_OWN_CACHED) this.own.clear();
    this.own.set(screen.id, entry);
    return entry;
  }

  private part(screen: ScreenRecord, now: number): Part {
    const key = `${screen.siteId}|${screen.zoneId}|${screen.profile}|${screen.releaseId ?? ''}`;
    const hit = this.parts.get(key);
    if (hit && hit.version === this.version && now - hit.builtAt < PART_TTL_MS && now >= hit.builtAt) return hit;
    const s = this.sources;
    const shared: Omit<ManifestContent, 'screen' | 'layout'> = {
      site: s.site(screen.siteId),
      brand: s.brand({ siteId: screen.siteId, profile: screen.profile, releaseId: screen.releaseId }),
      notices: s.notices({ siteId: screen.siteId, zoneId: screen.zoneId, profile: screen.profile, at: now }),
      alerts: s.alerts(screen.siteId, now),
      channels: { queueCalls: true },
    };
    const layout = s.layout(screen.siteId);
    const part: Part = {
      builtAt: now,
      version: this.version,
      layout,
      layoutSig: sha256Hex(JSON.stringify(layout)),
      sharedJson: JSON.stringify(shared).slice(1, -1),
      sharedHash: sha256Hex(canonicalJson(shared)),
      releaseId: shared.brand.releaseId,
    };
    this.parts.set(key, part);
    return part;
  }
}
