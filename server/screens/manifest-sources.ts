/**
 * `ManifestSources` implemented against the feature services. Each part falls back to what
 * the org tree alone can give (site name, layout; no notices, no alerts) while its feature is
 * not present in this build, and `wiring` says which is which.
 */
import { EventEmitter } from 'node:events';
import type { OrgService } from '../org/org.service.js';
import type { ManifestSources, SourceChange } from './manifest.js';

export interface SourceParts {
  org: OrgService;
}

export function createManifestSources(parts: SourceParts): ManifestSources {
  const { org } = parts;
  const changes = new EventEmitter<{ change: [SourceChange] }>();
  return {
    wiring: { brand: 'fallback', notices: 'fallback', alerts: 'fallback', layout: 'service', queueCalls: 'fallback' },
    site(siteId) {
      const u = org.get(siteId);
      return { id: u.id, name: u.name, shortName: u.shortName };
    },
    layout: (siteId) => org.layout(siteId),
    brand({ siteId, releaseId }) {
      const u = org.get(siteId);
      // No brand feature: the site's own identity only, no assets.
      return { releaseId, tokens: {}, texts: { unitName: u.name, slogan: 'Hành chính phục vụ' }, assets: [] };
    },
    releaseExists: () => true,
    notices: () => [],
    alerts: () => [],
    onChange(listener) {
      changes.on('change', listener);
      return () => changes.off('change', listener);
    },
  };
}
