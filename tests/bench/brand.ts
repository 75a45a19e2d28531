/**
 * Brand compile benchmark: a release for the whole demo city (every site × 4 profiles) cold,
 * then again after one site changes its name, against sharp alone producing the same
 * renditions. Prints {"bench":"brand","sites","cold_s","incremental_s","renditions","sharp_raw_s"}.
 * Goal: cold_s ≤ 1.3 × sharp_raw_s, incremental_s ≤ 0.5.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../../config/config.js';
import { demoCity } from '../../config/demo-city.js';
import { systemClock } from '../../server/core/clock.js';
import { silentLogger } from '../../server/core/logger.js';
import { migrate, openDatabase } from '../../server/db/database.js';
import { allMigrations } from '../../server/db/schema.js';
import { createServices } from '../../server/services.js';
import { seedDemoCity } from '../../server/seed/seed.js';
import { SYSTEM_ACTOR } from '../../server/audit/audit.store.js';
import { ENCODE_OPTIONS, outputSize, renditionJobs, type RenditionJob } from '../../brand-kit/compiler.js';

const seconds = (ms: number) => Math.round(ms) / 1000;

/** Sharp alone: the same sources, sizes, formats and encoder options, no pipeline around it. */
async function rawSharp(jobs: readonly RenditionJob[], sources: ReadonlyMap<string, Buffer>): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    jobs.map((job) => {
      const size = outputSize(job);
      const data = sources.get(job.source.sha256) ?? Buffer.alloc(0);
      const density = job.source.type === 'image/svg+xml' ? (72 * size.height) / job.source.height : undefined;
      const img = sharp(data, density === undefined ? {} : { density }).resize(size.width, size.height, {
        fit: 'fill',
      });
      if (job.format === 'png') return img.png(ENCODE_OPTIONS.png).toBuffer();
      if (job.format === 'webp') return img.webp(ENCODE_OPTIONS.webp).toBuffer();
      return img.avif(ENCODE_OPTIONS.avif).toBuffer();
    }),
  );
  return performance.now() - t0;
}

export async function run(): Promise<void> {
  // No libvips operation cache: neither run may profit from the other's work.
  sharp.cache(false);
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-bench-brand-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const db = openDatabase(join(dir, 'hcpv.db'));
  try {
    migrate(db, allMigrations);
    const services = createServices({ config, db, clock: systemClock, logger: silentLogger() });
    seedDemoCity(services, demoCity());
    const { brand, org } = services;
    const kit = brand.cityKit('hn');
    const jobs = renditionJobs(kit);
    const sources = new Map<string, Buffer>();
    for (const job of jobs)
      if (!sources.has(job.source.sha256))
        sources.set(job.source.sha256, await brand.store.readSource(job.source.sha256));

    // Warm-up (library load, thread pool, font tables) on work that is not measured.
    brand.resolveKit('hn-p-ba-dinh');
    await rawSharp(jobs.slice(0, RENDITION_WARMUP), sources);

    const sharpRaw = await rawSharp(jobs, sources);

    let t0 = performance.now();
    const cold = await brand.createRelease(SYSTEM_ACTOR, 'hn', 'bench cold');
    const coldMs = performance.now() - t0;

    t0 = performance.now();
    brand.setOverrides(SYSTEM_ACTOR, 'hn-p-ba-dinh', {
      texts: { unitName: 'Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)' },
    });
    const inc = await brand.createRelease(SYSTEM_ACTOR, 'hn', 'bench incremental');
    const incMs = performance.now() - t0;
    if (!inc.created || inc.compile.rendered !== 0) throw new Error('incremental release re-rendered or made nothing');

    process.stdout.write(
      `${JSON.stringify({
        bench: 'brand',
        sites: org.sitesUnder('hn').length,
        cold_s: seconds(coldMs),
        incremental_s: seconds(incMs),
        renditions: cold.compile.rendered,
        sharp_raw_s: seconds(sharpRaw),
      })}\n`,
    );
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const RENDITION_WARMUP = 3;
