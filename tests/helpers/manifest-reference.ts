/**
 * A manifest as `ManifestBuilder` computed it before its shared parts were cached piece by
 * piece: every source called, the whole shared object written with JSON.stringify and hashed
 * over canonicalJson of the whole. Tests compare the builder against it byte for byte.
 */
import { expect } from 'vitest';
import { PROFILE_SIZE } from '../../brand-kit/profiles.js';
import { canonicalJson, type ManifestContent } from '../../displays/shared/protocol.js';
import { sha256Hex, type BuiltManifest, type ManifestSources } from '../../server/screens/manifest.js';
import type { ScreenRecord } from '../../server/screens/screens.store.js';

type ScreenFields = Pick<ScreenRecord, 'id' | 'name' | 'siteId' | 'zoneId' | 'profile' | 'counter' | 'releaseId'>;

/** A screen record with these fields, active and never seen (the rest of the record does not reach a manifest). */
export function testScreen(fields: ScreenFields & { sitePath?: string }): ScreenRecord {
  return {
    sitePath: `/${fields.siteId}/`,
    ...fields,
    tags: [],
    status: 'active',
    servedHash: null,
    servedRelease: null,
    shownHash: null,
    shownRelease: null,
    ackedAt: null,
    lastSeen: null,
    uptimeS: null,
    memoryMb: null,
    lastErrors: [],
    errorCount: 0,
    createdAt: 0,
    updatedAt: 0,
  };
}

export function referenceManifest(
  sources: ManifestSources,
  screen: ScreenFields,
  now: number,
): Pick<BuiltManifest, 'bytes' | 'body' | 'hash' | 'releaseId'> {
  const { siteId, zoneId, profile, releaseId } = screen;
  const shared: Omit<ManifestContent, 'screen' | 'layout'> = {
    site: sources.site(siteId),
    brand: sources.brand({ siteId, profile, releaseId }),
    notices: sources.notices({ siteId, zoneId, profile, at: now }),
    alerts: sources.alerts(siteId, now),
    channels: { queueCalls: true },
  };
  const siteLayout = sources.layout(siteId);
  const zone = siteLayout.zones.find((z) => z.id === zoneId) ?? null;
  const own: Pick<ManifestContent, 'screen' | 'layout'> = {
    screen: { id: screen.id, name: screen.name, siteId, zoneId, profile },
    layout: {
      profile,
      ...PROFILE_SIZE[profile],
      zone: zone && { id: zone.id, kind: zone.kind, name: zone.name },
      counters: siteLayout.counters.map(({ number, zoneId: counterZone, fields }) => ({
        number,
        zoneId: counterZone,
        fields,
      })),
      counter: screen.counter,
    },
  };
  const hash = sha256Hex(`${sha256Hex(canonicalJson(shared))}\n${sha256Hex(canonicalJson(own))}`);
  const inner = (v: object) => JSON.stringify(v).slice(1, -1);
  const body = `{${inner(own)},${inner(shared)},"hash":"${hash}","generatedAt":${now}}`;
  return { bytes: Buffer.from(body), body, hash, releaseId: shared.brand.releaseId };
}

/** What a built manifest serves, comparable with `referenceManifest`'s. */
export function served(m: BuiltManifest): Pick<BuiltManifest, 'bytes' | 'body' | 'hash' | 'releaseId'> {
  expect(m.byteLength).toBe(m.bytes.length);
  return { bytes: m.bytes, body: m.body, hash: m.hash, releaseId: m.releaseId };
}
