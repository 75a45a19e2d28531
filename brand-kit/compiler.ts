/**
 * The rendition compiler: every logo and image of a kit, for every screen profile, in PNG,
 * WebP and (when this sharp build encodes it) AVIF. File names carry the content hash; a
 * rendition is looked up by its cache key (source hash + profile + format + size + compiler
 * version) first, so unchanged inputs are never rendered again. SVG is cleaned before sharp
 * sees it.
 */
import sharp from 'sharp';
import { LOGO_VARIANTS, type AssetRef, type BrandKit } from './kit.schema.js';
import { PROFILE_SIZE, SCREEN_PROFILES, type ScreenProfile } from './profiles.js';
import { checkSvg } from './svg-safety.js';
import { sha256Hex } from './sources.js';

/** Bump when rendering changes so every cached rendition is made again. */
export const COMPILER_VERSION = 1;

export type RenditionFormat = 'png' | 'webp' | 'avif';

/** AVIF only where the installed libvips can encode it. */
export const RENDITION_FORMATS: readonly RenditionFormat[] = sharp.format.heif.output.buffer
  ? ['png', 'webp', 'avif']
  : ['png', 'webp'];

export const FORMAT_TYPE: Readonly<Record<RenditionFormat, string>> = {
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** Encoder settings, shared with the benchmark's raw-sharp baseline so both do the same work. */
export const ENCODE_OPTIONS = {
  png: { compressionLevel: 9, adaptiveFiltering: true },
  webp: { quality: 90, alphaQuality: 100, effort: 4 },
  avif: { quality: 60, effort: 3 },
} as const;

export interface RenditionJob {
  /** `logo-full`, `logo-mono`, `logo-inverse`, `image-<name>`. */
  role: string;
  profile: ScreenProfile;
  format: RenditionFormat;
  source: AssetRef;
  /** Output box: the height is exact for logos; images fit inside width × height. */
  box: { width: number; height: number; fit: 'height' | 'inside' };
}

export interface Rendition {
  cacheKey: string;
  role: string;
  profile: ScreenProfile;
  format: RenditionFormat;
  /** `<role>.<profile>.<sha256 first 16>.<ext>` */
  file: string;
  sha256: string;
  width: number;
  height: number;
  type: string;
  bytes: number;
}

/** Where renditions live; the server's store writes files under DATA_DIR and rows to SQLite. */
export interface RenditionStore {
  lookup(cacheKey: string): Rendition | undefined;
  save(rendition: Rendition, data: Buffer): Promise<void>;
}

export function cacheKeyOf(job: RenditionJob): string {
  const { box } = job;
  return sha256Hex(
    `v${COMPILER_VERSION}|${job.source.sha256}|${job.profile}|${job.format}|${box.fit}|${box.width}x${box.height}`,
  );
}

/** Every rendition a kit needs: logos and images × profiles × formats. */
export function renditionJobs(kit: BrandKit): RenditionJob[] {
  const jobs: RenditionJob[] = [];
  for (const profile of SCREEN_PROFILES) {
    const { width, height } = PROFILE_SIZE[profile];
    const logoH = kit.typography.profiles[profile].header.logoHeightPx;
    const sources: [string, AssetRef, RenditionJob['box']][] = [
      ...LOGO_VARIANTS.map((v): [string, AssetRef, RenditionJob['box']] => [
        `logo-${v}`,
        kit.logos[v],
        { width: 0, height: logoH, fit: 'height' },
      ]),
      ...Object.entries(kit.images).map(([name, ref]): [string, AssetRef, RenditionJob['box']] => [
        `image-${name}`,
        ref,
        { width, height, fit: 'inside' },
      ]),
    ];
    for (const [role, source, box] of sources) {
      for (const format of RENDITION_FORMATS) jobs.push({ role, profile, format, source, box });
    }
  }
  return jobs;
}

/** Output size in pixels for a job (no upscaling of raster sources beyond their size for images). */
export function outputSize(job: RenditionJob): { width: number; height: number } {
  const { source, box } = job;
  const scale =
    box.fit === 'height' ? box.height / source.height : Math.min(box.width / source.width, box.height / source.height);
  const s = source.type !== 'image/svg+xml' && box.fit === 'inside' ? Math.min(scale, 1) : scale;
  return { width: Math.max(1, Math.round(source.width * s)), height: Math.max(1, Math.round(source.height * s)) };
}

const cleanSvg = (data: Buffer): Buffer => Buffer.from(checkSvg(data.toString('utf8')).svg, 'utf8');

/** Render one job from its source bytes. SVG is cleaned and rasterised at the density the size needs. */
export async function renderJob(
  job: RenditionJob,
  data: Buffer,
  limitInputPixels: number,
  svgCleaned = false,
): Promise<Buffer> {
  const size = outputSize(job);
  const isSvg = job.source.type === 'image/svg+xml';
  const input = isSvg && !svgCleaned ? cleanSvg(data) : data;
  const density = isSvg ? Math.min(100_000, Math.max(1, (72 * size.height) / job.source.height)) : undefined;
  const img = sharp(input, { limitInputPixels, ...(density === undefined ? {} : { density }) }).resize(
    size.width,
    size.height,
    { fit: 'fill' },
  );
  switch (job.format) {
    case 'png':
      return img.png(ENCODE_OPTIONS.png).toBuffer();
    case 'webp':
      return img.webp(ENCODE_OPTIONS.webp).toBuffer();
    case 'avif':
      return img.avif(ENCODE_OPTIONS.avif).toBuffer();
  }
}

export interface CompileResult {
  renditions: Rendition[];
  rendered: number;
  reused: number;
}

/** Compile jobs: reuse cached renditions, render the rest in parallel (sharp's own thread pool). */
export async function compileJobs(
  jobs: readonly RenditionJob[],
  store: RenditionStore,
  loadSource: (sha256: string) => Promise<Buffer>,
  limitInputPixels: number,
): Promise<CompileResult> {
  // Each source is read and (SVG) cleaned once, however many renditions it has.
  const sourceCache = new Map<string, Promise<Buffer>>();
  const load = (job: RenditionJob) => {
    const sha = job.source.sha256;
    let p = sourceCache.get(sha);
    if (!p) {
      p = loadSource(sha).then((d) => (job.source.type === 'image/svg+xml' ? cleanSvg(d) : d));
      sourceCache.set(sha, p);
    }
    return p;
  };
  let rendered = 0;
  let reused = 0;
  const renditions = await Promise.all(
    jobs.map(async (job): Promise<Rendition> => {
      const cacheKey = cacheKeyOf(job);
      const cached = store.lookup(cacheKey);
      if (cached) {
        reused++;
        return cached;
      }
      const data = await renderJob(job, await load(job), limitInputPixels, true);
      const size = outputSize(job);
      const sha256 = sha256Hex(data);
      const rendition: Rendition = {
        cacheKey,
        role: job.role,
        profile: job.profile,
        format: job.format,
        file: `${job.role}.${job.profile}.${sha256.slice(0, 16)}.${job.format}`,
        sha256,
        width: size.width,
        height: size.height,
        type: FORMAT_TYPE[job.format],
        bytes: data.length,
      };
      await store.save(rendition, data);
      rendered++;
      return rendition;
    }),
  );
  return { renditions, rendered, reused };
}
