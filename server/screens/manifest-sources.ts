/**
 * `ManifestSources` implemented against the feature services. The features are reached
 * through small ports (the few methods a manifest needs), so this module depends on their
 * shape, not their files. A part whose feature is absent falls back to what the org tree can
 * give (site name, layout; no notices, no alerts), and `wiring` says which is which.
 */
import type { ScreenProfile } from '../../brand-kit/profiles.js';
import type { OrgService } from '../org/org.service.js';
import type { ManifestBrand, ManifestNotice, ManifestSources, SourceChange } from './manifest.js';

type Unsubscribe = () => void;

export interface BrandPort {
  releaseForSite(
    releaseId: string,
    siteId: string,
    profile: ScreenProfile,
  ): { releaseId: string; tokens: object; texts: object; assets: { url: string; sha256: string }[] };
  currentRelease(cityId?: string): { id: string } | undefined;
  getRelease(id: string): { id: string };
}

export interface NoticesPort {
  inScopeForScreen(q: { siteId: string; zoneId: string | null; profile: ScreenProfile; at: number }): ManifestNotice[];
  events: { on(event: 'changed', listener: (e: { orgPaths: string[] }) => void): Unsubscribe };
}

export interface AlertLike {
  id: string;
  kind: string;
  severity: string;
  title: unknown;
  body: unknown;
  startedAt: number;
  plannedEndAt: number;
}

export interface AlertsPort {
  activeForSite(siteId: string, at: number): AlertLike[];
  events: {
    on(event: 'started', listener: (e: { alertId: string; orgPath: string }) => void): Unsubscribe;
    on(event: 'stopped', listener: (e: { alertId: string; orgPath: string }) => void): Unsubscribe;
  };
}

export interface SourceParts {
  org: OrgService;
  brand?: BrandPort | undefined;
  notices?: NoticesPort | undefined;
  alerts?: AlertsPort | undefined;
}

export function createManifestSources(parts: SourceParts): ManifestSources {
  const { org, brand, notices, alerts } = parts;
  const listeners = new Set<(c: SourceChange) => void>();
  const emit = (c: SourceChange) => {
    for (const l of listeners) l(c);
  };
  notices?.events.on('changed', (e) => emit({ kind: 'notices', orgPaths: e.orgPaths }));
  alerts?.events.on('started', (e) => emit({ kind: 'alert', alertId: e.alertId, state: 'on', orgPaths: [e.orgPath] }));
  alerts?.events.on('stopped', (e) => emit({ kind: 'alert', alertId: e.alertId, state: 'off', orgPaths: [e.orgPath] }));

  const identity = (siteId: string, releaseId: string | null): ManifestBrand => {
    const u = org.get(siteId);
    return { releaseId, tokens: {}, texts: { unitName: u.name, slogan: 'Hành chính phục vụ' }, assets: [] };
  };

  let current: { id: string | null; at: number } | undefined;
  // A site's brand in a release never changes (releases are immutable, refused UPDATE and DELETE
  // by triggers), so it is resolved once: otherwise every manifest part of a new release (a few
  // hundred when it goes city-wide) parses the whole release again.
  const siteBrands = new Map<string, ManifestBrand>();
  const SITE_BRANDS_MAX = 20_000;
  return {
    wiring: {
      brand: brand ? 'service' : 'fallback',
      notices: notices ? 'service' : 'fallback',
      alerts: alerts ? 'service' : 'fallback',
      layout: 'service',
    },
    site(siteId) {
      const u = org.get(siteId);
      return { id: u.id, name: u.name, shortName: u.shortName };
    },
    layout: (siteId) => org.layout(siteId),
    brand({ siteId, profile, releaseId }) {
      if (!brand || releaseId === null) return identity(siteId, releaseId);
      const id = releaseId;
      const key = `${id}|${siteId}|${profile}`;
      const known = siteBrands.get(key);
      if (known) return known;
      try {
        const b = brand.releaseForSite(id, siteId, profile);
        const resolved: ManifestBrand = {
          releaseId: b.releaseId,
          tokens: { ...b.tokens },
          texts: { ...b.texts },
          assets: b.assets,
        };
        if (siteBrands.size >= SITE_BRANDS_MAX) siteBrands.clear();
        siteBrands.set(key, resolved);
        return resolved;
      } catch {
        // A site created after the release has no entry in it: its own identity, under that release.
        return identity(siteId, id);
      }
    },
    currentReleaseId() {
      // Reading the newest release parses it whole; first fetches of a whole fleet need it once, not per screen.
      const now = performance.now();
      if (!current || now - current.at > 2_000) current = { id: brand?.currentRelease()?.id ?? null, at: now };
      return current.id;
    },
    releaseExists(releaseId) {
      if (!brand) return true;
      try {
        brand.getRelease(releaseId);
        return true;
      } catch {
        return false;
      }
    },
    notices: (q) => (notices ? notices.inScopeForScreen(q) : []),
    alerts: (siteId, at) =>
      alerts
        ? alerts.activeForSite(siteId, at).map((a) => ({
            id: a.id,
            kind: a.kind,
            severity: a.severity,
            title: a.title,
            body: a.body,
            startedAt: a.startedAt,
            plannedEndAt: a.plannedEndAt,
          }))
        : [],
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
