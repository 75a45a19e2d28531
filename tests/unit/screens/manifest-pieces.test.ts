/**
 * ManifestBuilder caches the shared part's pieces at the level each depends on (site, layout and
 * alerts per site; notices per site/zone/profile; brand per site/profile/release). Against
 * in-memory sources that count their calls: every manifest is byte for byte the one the whole
 * object gave before (tests/helpers/manifest-reference.ts), a new release calls only the brand
 * source, and nothing is kept past PART_TTL_MS (5 s) or an invalidate().
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { SCREEN_PROFILES, type ScreenProfile } from '../../../brand-kit/profiles.js';
import {
  ManifestBuilder,
  type ManifestAlert,
  type ManifestBrand,
  type ManifestNotice,
  type ManifestSources,
} from '../../../server/screens/manifest.js';
import type { ScreenRecord } from '../../../server/screens/screens.store.js';
import type { SiteLayout } from '../../../server/org/org.schemas.js';
import { referenceManifest, served, testScreen } from '../../helpers/manifest-reference.js';

const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);
const SITES = ['site-a', 'site-b', 'site-c'] as const;
const ZONES = ['waiting', 'counters'] as const;
const RELEASES = [null, 'rel-1', 'rel-2'] as const;

type Call = 'site' | 'layout' | 'brand' | 'notices' | 'alerts';

/** In-memory sources with awkward content: unsorted keys, Vietnamese text, characters JSON escapes. */
class FakeSources implements ManifestSources {
  calls: Record<Call, number> = { site: 0, layout: 0, brand: 0, notices: 0, alerts: 0 };
  siteNames = new Map<string, string>(SITES.map((s, i) => [s, `Phường số ${i + 1} "Đống Đa"\n\u2028`]));
  noticeList: (ManifestNotice & { zone?: string; profile?: ScreenProfile; from: number; to: number })[] = [
    { id: 'n-city', priority: 10, title: { vi: 'Lịch tiếp dân' }, from: 0, to: Infinity },
    { id: 'n-wait-portrait', priority: 50, zone: 'waiting', profile: 'portrait-1080', from: 0, to: Infinity },
  ];
  alertList: (ManifestAlert & { siteId: string })[] = [];
  /** Called once, just after the next alerts() call has read its list (a change racing a build). */
  afterAlerts: (() => void) | undefined;
  readonly wiring = { brand: 'service', notices: 'service', alerts: 'service', layout: 'service' } as const;

  site(siteId: string) {
    this.calls.site++;
    const name = this.siteNames.get(siteId);
    if (name === undefined) throw new Error(`no site ${siteId}`);
    return { id: siteId, name, shortName: siteId === 'site-c' ? null : siteId.toUpperCase() };
  }
  layout(siteId: string): SiteLayout {
    this.calls.layout++;
    return {
      siteId,
      zones: ZONES.map((id) => ({
        id,
        kind: id,
        name: `Khu ${id}`,
        areaM2: 40,
        capacity: 30,
      })),
      counters: [1, 2, 3].map((number) => ({ number, zoneId: 'counters', fields: [`Lĩnh vực ${number}`, 'Hộ tịch'] })),
    };
  }
  currentReleaseId() {
    return 'rel-2';
  }
  brand({
    siteId,
    profile,
    releaseId,
  }: {
    siteId: string;
    profile: ScreenProfile;
    releaseId: string | null;
  }): ManifestBrand {
    this.calls.brand++;
    return {
      releaseId,
      tokens: {
        zIndex: 3,
        colors: { primary: '#C8102E', accent: releaseId === 'rel-2' ? '#F5C400' : '#FFD700' },
        profile,
      },
      texts: { unitName: siteId, slogan: 'Hành chính phục vụ' },
      assets: releaseId ? [{ url: `/assets/${releaseId}/${profile}/logo.svg`, sha256: 'ab'.repeat(32) }] : [],
    };
  }
  releaseExists() {
    return true;
  }
  notices(q: { siteId: string; zoneId: string; profile: ScreenProfile; at: number }): ManifestNotice[] {
    this.calls.notices++;
    return this.noticeList
      .filter((n) => (!n.zone || n.zone === q.zoneId) && (!n.profile || n.profile === q.profile))
      .filter((n) => n.from <= q.at && q.at < n.to)
      .map(({ id, priority, title }) => ({ id, priority, ...(title ? { title } : {}) }));
  }
  alerts(siteId: string, at: number): ManifestAlert[] {
    this.calls.alerts++;
    const result = this.alertList
      .filter((a) => a.siteId === siteId && a.startedAt <= at && at < a.plannedEndAt)
      .map(({ siteId: _, ...a }) => a);
    const after = this.afterAlerts;
    this.afterAlerts = undefined;
    after?.();
    return result;
  }
  onChange() {
    return () => undefined;
  }
  resetCalls() {
    for (const k of Object.keys(this.calls) as Call[]) this.calls[k] = 0;
  }
}

function screen(siteId: string, zoneId: string, profile: ScreenProfile, releaseId: string | null, n = 0): ScreenRecord {
  return testScreen({
    id: `${siteId}-${zoneId}-${profile}-${n}`,
    name: `Màn hình ${n}`,
    siteId,
    zoneId,
    profile,
    counter: zoneId === 'counters' ? 2 : null,
    releaseId,
  });
}

const everyScreen = (releaseId: string | null) =>
  SITES.flatMap((s) => ZONES.flatMap((z) => SCREEN_PROFILES.map((p) => screen(s, z, p, releaseId))));

let now: number;
let sources: FakeSources;
let builder: ManifestBuilder;
beforeEach(() => {
  now = T0;
  sources = new FakeSources();
  builder = new ManifestBuilder(sources, () => now);
});

/** Builds every screen of `releaseId` and checks each against the reference. */
function expectAllAsReference(releaseId: string | null): void {
  for (const s of everyScreen(releaseId)) {
    const built = builder.build(s);
    expect(served(built)).toEqual(referenceManifest(sources, s, now));
  }
}

describe('ManifestBuilder pieces', () => {
  it('gives byte for byte the manifest and hash of the whole-object computation, with a notice and an alert in scope', () => {
    sources.alertList.push({
      id: 'al-1',
      siteId: 'site-b',
      kind: 'system-outage',
      severity: 'warning',
      title: { vi: 'Hệ thống tạm dừng' },
      startedAt: T0 - 60_000,
      plannedEndAt: T0 + 3_600_000,
    });
    for (const r of RELEASES) expectAllAsReference(r);
    // Two screens of one site/zone/profile share the part; their own fields still differ.
    const a = builder.build(screen('site-b', 'waiting', 'portrait-1080', 'rel-1', 1));
    const b = builder.build(screen('site-b', 'waiting', 'portrait-1080', 'rel-1', 2));
    expect(a.hash).not.toBe(b.hash);
    const manifest = JSON.parse(a.body) as { notices: { id: string }[]; alerts: { id: string }[] };
    expect(manifest.notices.map((n) => n.id)).toEqual(['n-city', 'n-wait-portrait']);
    expect(manifest.alerts.map((x) => x.id)).toEqual(['al-1']);
    expect(served(a)).toEqual(
      referenceManifest(sources, screen('site-b', 'waiting', 'portrait-1080', 'rel-1', 1), now),
    );
  });

  it('after a new release calls only the brand source, once per site and profile', () => {
    expectAllAsReference('rel-1');
    sources.resetCalls();
    now += 1_000;
    for (const s of everyScreen('rel-2')) builder.build(s);
    expect(sources.calls).toEqual({
      site: 0,
      layout: 0,
      notices: 0,
      alerts: 0,
      brand: SITES.length * SCREEN_PROFILES.length,
    });
    expectAllAsReference('rel-2');
  });

  it('calls site, layout and alerts once per site and notices once per site/zone/profile', () => {
    for (const s of everyScreen('rel-1')) builder.build(s);
    const parts = SITES.length * ZONES.length * SCREEN_PROFILES.length;
    expect(sources.calls).toEqual({
      site: SITES.length,
      layout: SITES.length,
      alerts: SITES.length,
      notices: parts,
      brand: SITES.length * SCREEN_PROFILES.length,
    });
  });

  it('rebuilds every piece after PART_TTL_MS: alerts that end and renamed sites show without a change event', () => {
    sources.alertList.push({
      id: 'al-short',
      siteId: 'site-a',
      kind: 'custom',
      severity: 'info',
      startedAt: T0,
      plannedEndAt: T0 + 2_000,
    });
    const s = screen('site-a', 'waiting', 'landscape-1080', 'rel-1');
    const first = builder.build(s);
    expect(first.body).toContain('"al-short"');
    sources.siteNames.set('site-a', 'Phường mới');
    now = T0 + 4_999;
    expect(builder.build(s).hash).toBe(first.hash); // still cached
    now = T0 + 5_000;
    const later = builder.build(s);
    expect(later.body).not.toContain('"al-short"');
    expect(later.body).toContain('Phường mới');
    expect(served(later)).toEqual(referenceManifest(sources, s, now));
  });

  it('keeps a part no longer than its oldest piece', () => {
    // A notice that ends at T0 + 4.5 s: release 2's part is built at T0 + 4 s from pieces of T0.
    const [city] = sources.noticeList;
    if (city) city.to = T0 + 4_500;
    expectAllAsReference('rel-1');
    now = T0 + 4_000;
    const r2 = screen('site-c', 'counters', 'counter-720', 'rel-2');
    expect(builder.build(r2).body).toContain('"n-city"');
    // Without per-piece ages the part would live until T0 + 9 s; it is rebuilt at T0 + 5 s.
    now = T0 + 5_000;
    const later = builder.build(r2);
    expect(later.body).not.toContain('"n-city"');
    expect(served(later)).toEqual(referenceManifest(sources, r2, now));
  });

  it('drops every piece on invalidate()', () => {
    expectAllAsReference('rel-1');
    sources.noticeList.push({ id: 'n-new', priority: 99, from: 0, to: Infinity });
    sources.alertList.push({
      id: 'al-new',
      siteId: 'site-c',
      kind: 'custom',
      severity: 'critical',
      startedAt: T0,
      plannedEndAt: T0 + 60_000,
    });
    const s = screen('site-c', 'waiting', 'landscape-4k', 'rel-1');
    expect(builder.build(s).body).not.toContain('"n-new"'); // cached until told
    builder.invalidate();
    const after = builder.build(s);
    expect(after.body).toContain('"n-new"');
    expect(after.body).toContain('"al-new"');
    expectAllAsReference('rel-1');
  });

  it('does not keep a piece built across an invalidate()', () => {
    const s = screen('site-a', 'waiting', 'landscape-1080', 'rel-1');
    sources.afterAlerts = () => {
      sources.alertList.push({
        id: 'al-racing',
        siteId: 'site-a',
        kind: 'custom',
        severity: 'info',
        startedAt: T0,
        plannedEndAt: T0 + 60_000,
      });
      builder.invalidate();
    };
    expect(builder.build(s).body).not.toContain('"al-racing"'); // read before the change
    expect(builder.build(s).body).toContain('"al-racing"'); // the next build does not reuse it
    expect(served(builder.build(s))).toEqual(referenceManifest(sources, s, now));
  });
});
