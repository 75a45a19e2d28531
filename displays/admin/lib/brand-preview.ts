/**
 * What the brand editor hands each preview frame (the real player in preview mode): the
 * manifest a screen of that profile would get from the draft kit. Colours and texts come from
 * the draft; logos from the city's current release (a new logo is rendered for screens only
 * when a release is made); no notices or alerts, so the carousel shows the brand's own slides.
 */
import { PROFILE_SIZE, type ScreenProfile } from '../../../brand-kit/profiles.js';
import type { BrandKit } from '../../../brand-kit/kit.schema.js';
import type { Manifest, ManifestContent } from '../../shared/protocol.js';
import type { PreviewMessage } from '../../shared/preview-protocol.js';

export interface PreviewAsset {
  role: string;
  format: string;
  url: string;
  sha256: string;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** The manifest content (without its hash) of a preview screen of `profile`. */
export function previewContent(
  profile: ScreenProfile,
  kit: Pick<BrandKit, 'colors' | 'texts'>,
  assets: readonly PreviewAsset[],
  releaseId: string | null,
): ManifestContent {
  const { width, height } = PROFILE_SIZE[profile];
  return {
    screen: { id: 'preview', name: 'Xem trước', siteId: 'preview', zoneId: 'waiting', profile },
    site: { id: 'preview', name: kit.texts.unitName, shortName: null },
    brand: {
      releaseId,
      // A colour being typed (not yet #RRGGBB) keeps the player's default rather than breaking the frame.
      tokens: { colors: Object.fromEntries(Object.entries(kit.colors).filter(([, v]) => HEX.test(v))) },
      texts: { ...kit.texts },
      assets: assets.map((a) => ({ ...a })),
    },
    notices: [],
    alerts: [],
    layout: {
      profile,
      width,
      height,
      zone: { id: 'waiting', kind: 'waiting', name: 'Khu vực chờ' },
      counters: [
        { number: 1, zoneId: 'counters', fields: ['Hộ tịch', 'Chứng thực'] },
        { number: 2, zoneId: 'counters', fields: ['Đất đai', 'Xây dựng'] },
        { number: 3, zoneId: 'counters', fields: ['Kinh doanh'] },
      ],
      counter: profile === 'counter-720' ? 1 : null,
    },
    channels: { queueCalls: true },
  };
}

/** Sample calls so the now-serving board shows as it does in opening hours. */
export function sampleCalls(now: number): NonNullable<PreviewMessage['calls']> {
  return [
    { counter: 1, ticket: '1024', service: 'Hộ tịch', at: now - 20_000 },
    { counter: 2, ticket: '2007', service: 'Đất đai', at: now - 90_000 },
    { counter: 3, ticket: '3015', service: 'Kinh doanh', at: now - 240_000 },
  ];
}

/**
 * The content with a 64-hex identity in place of a screen's sha256 (eight seeded 32-bit FNV-1a
 * runs: the preview needs an identity, not a digest, and must work outside secure contexts).
 */
export function withHash(content: ManifestContent, now: number): Manifest {
  const text = JSON.stringify(content);
  let hash = '';
  for (let seed = 0; seed < 8; seed++) {
    let h = (0x811c9dc5 ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    hash += h.toString(16).padStart(8, '0');
  }
  return { ...content, hash, generatedAt: now };
}
