/**
 * Hostile files against every upload and export route in one sweep: decompression bombs, corrupt
 * images, SVGs with scripts or external references go to brand sources and work-order photos;
 * malformed and formula-laden CSVs go to the procedure import; formula text entered by users comes
 * back out of every report CSV and the portal CSV writer. Each must be refused with a clear 4xx
 * code (never 5xx) or come out neutralised.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import sharp from 'sharp';
import { z } from 'zod';
import type { TestApp } from '../helpers/test-app.js';
import { toPortalCsv } from '../../server/procedures/portal-format.js';

export const FORMULAS = [
  "=cmd|' /C calc'!A0",
  '+SUM(1+1)*cmd|x',
  '-2+3+cmd|x',
  '@SUM(1+1)',
  '\t=1+1',
  '\r=1+1',
  '=HYPERLINK("http://evil.example","x")',
];

const svg = (inner: string, attrs = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100"${attrs}>${inner}</svg>`;

export interface FileCase {
  name: string;
  bytes: Buffer;
  fileName: string;
  /** Content-Type the photo upload is sent with (what a client would claim). */
  type: string;
}

/** The hostile files; the bomb is built once (≈400 Mpx of one colour in a few hundred kB). */
export async function hostileFiles(bombSide = 20_000): Promise<FileCase[]> {
  const bomb = await sharp({
    create: { width: bombSide, height: bombSide, channels: 3, background: '#ffffff' },
    limitInputPixels: false,
  })
    .toColourspace('b-w')
    .png({ compressionLevel: 9 })
    .toBuffer();
  const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#123456' } })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const jpeg = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#654321' } })
    .jpeg()
    .toBuffer();
  const pngSig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // A valid-looking IHDR claiming 100 000 × 100 000 pixels, then nothing.
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(100_000, 8);
  ihdr.writeUInt32BE(100_000, 12);
  ihdr.writeUInt8(8, 16);
  ihdr.writeUInt8(2, 17);
  const s = (name: string, text: string): FileCase => ({
    name,
    bytes: Buffer.from(text),
    fileName: `${name}.svg`,
    type: 'image/svg+xml',
  });
  return [
    {
      name: `bomb PNG ${bombSide}×${bombSide} (${bomb.length} B)`,
      bytes: bomb,
      fileName: 'bomb.png',
      type: 'image/png',
    },
    {
      name: 'PNG header claiming 100000×100000',
      bytes: Buffer.concat([pngSig, ihdr]),
      fileName: 'huge-header.png',
      type: 'image/png',
    },
    {
      name: 'truncated PNG',
      bytes: png.subarray(0, Math.floor(png.length / 2)),
      fileName: 'cut.png',
      type: 'image/png',
    },
    {
      name: 'truncated JPEG',
      bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)),
      fileName: 'cut.jpg',
      type: 'image/jpeg',
    },
    {
      name: 'random bytes with a PNG signature',
      bytes: Buffer.concat([pngSig, randomBytes(4096)]),
      fileName: 'noise.png',
      type: 'image/png',
    },
    {
      name: 'random bytes with a JPEG start',
      bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096)]),
      fileName: 'noise.jpg',
      type: 'image/jpeg',
    },
    { name: 'empty file', bytes: Buffer.alloc(0), fileName: 'empty.png', type: 'image/png' },
    s('svg-script', svg('<script>fetch("https://evil.example")</script>')),
    s('svg-onload', svg('<rect width="10" height="10"/>', ' onload="alert(1)"')),
    s('svg-xlink-http', svg('<image xlink:href="http://evil.example/t.png" width="10" height="10"/>')),
    s('svg-use-https', svg('<use href="https://evil.example/sprite.svg#a"/>')),
    s(
      'svg-foreignObject',
      svg(
        '<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></foreignObject>',
      ),
    ),
    s(
      'svg-style-import',
      svg('<style>@import url("https://evil.example/x.css");</style><rect width="10" height="10"/>'),
    ),
    s('svg-css-url', svg('<rect width="10" height="10" style="fill:url(https://evil.example/p.svg#g)"/>')),
    s('svg-javascript-href', svg('<a href="javascript:alert(1)"><rect width="10" height="10"/></a>')),
    s(
      'svg-entity',
      `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`,
    ),
    // An SVG sent to the photo route as if it were a PNG.
    { ...s('svg-as-png', svg('<script>alert(1)</script>')), type: 'image/png' },
  ];
}

export interface Outcome {
  route: string;
  case: string;
  status: number;
  code: string | null;
}

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

const jsonOf = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

async function outcome(route: string, name: string, res: Response): Promise<{ o: Outcome; json: unknown }> {
  const json = jsonOf(await res.text());
  const parsed = errorBody.safeParse(json);
  return { o: { route, case: name, status: res.status, code: parsed.success ? parsed.data.error.code : null }, json };
}

/** Images and SVGs to brand sources (JSON, base64) and work-order photos (raw body). */
export async function sweepUploads(t: TestApp, files: readonly FileCase[]): Promise<Outcome[]> {
  const admin = await t.login('rel-files', [{ role: 'city-admin', orgId: 'hn' }]);
  const wo = z.object({ id: z.string() }).parse(
    await (
      await t.call('POST', '/api/v1/work-orders', {
        token: admin,
        body: { siteId: 'hn-p-ba-dinh', title: 'Ảnh thử', severity: 'minor' },
      })
    ).json(),
  );
  const out: Outcome[] = [];
  for (const f of files) {
    const brand = await t.call('POST', '/api/v1/brand/cities/hn/sources', {
      token: admin,
      body: { fileName: f.fileName, contentBase64: f.bytes.toString('base64') },
    });
    out.push((await outcome('POST /brand/cities/{id}/sources', f.name, brand)).o);
    const photo = await t.app.request(`/api/v1/work-orders/${wo.id}/photos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': f.type },
      body: new Uint8Array(f.bytes),
    });
    out.push((await outcome('POST /work-orders/{id}/photos', f.name, photo)).o);
  }
  return out;
}

const jobSchema = z.object({
  state: z.string(),
  unchanged: z.number(),
  goodRows: z.number(),
  badRows: z.number(),
  total: z.number().nullable(),
  applied: z.boolean(),
  error: z.object({ code: z.string() }).nullable(),
});

/** Poll an import job until it is done or failed. */
export async function waitJob(t: TestApp, token: string, id: string): Promise<z.infer<typeof jobSchema>> {
  for (let k = 0; k < 200; k++) {
    const job = jobSchema.parse(await (await t.call('GET', `/api/v1/procedures/imports/${id}`, { token })).json());
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`import ${id} did not finish`);
}

/** Malformed CSV files to the procedure import (dry run and apply). */
export async function sweepImport(t: TestApp): Promise<Outcome[]> {
  const editor = await t.login('rel-files-proc', [{ role: 'notice-editor', orgId: 'hn' }]);
  const header = readFileSync('config/procedures/thu-tuc-cap-xa.csv', 'utf8').split('\n')[0] ?? '';
  const cases: [string, string][] = [
    ['unbalanced quote', `${header}\n"1.001193,"Đăng ký`],
    ['NUL bytes', `${header}\n1.001193\u0000,\u0000\u0000`],
    ['PNG bytes as CSV', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(2000)]).toString('latin1')],
    ['no header', "=cmd|' /C calc'!A0,@SUM(1+1)\n"],
    ['ragged rows', `${header}\na,b\n`],
    ['invalid UTF-16 surrogate', `${header}\n\ud800,\udfff`],
  ];
  const out: Outcome[] = [];
  for (const [name, content] of cases) {
    for (const dryRun of [true, false]) {
      const res = await t.call('POST', '/api/v1/procedures/imports', {
        token: editor,
        body: { orgId: 'hn', format: 'csv', content, dryRun, mode: 'good-rows' },
      });
      const { o: first, json } = await outcome(`POST /procedures/imports${dryRun ? ' (dry run)' : ''}`, name, res);
      let o: Outcome = first;
      if (res.status === 202) {
        // Accepted as a job: it must end with the file or its rows refused, never written.
        const job = await waitJob(t, editor, z.object({ id: z.string() }).parse(json).id);
        o = {
          ...o,
          code:
            job.error?.code ??
            (job.goodRows === 0 && !job.applied && job.badRows + (job.total ?? 0) > 0
              ? 'ROWS_REFUSED'
              : `JOB_${job.state}_${job.goodRows}_GOOD`),
        };
      }
      out.push(o);
    }
  }
  return out;
}

/** Formula text in every user field that reaches a report, then every report CSV; plus the portal CSV writer. */
export async function sweepCsvExports(t: TestApp): Promise<{
  cells: number;
  hostile: number;
  executable: string[];
  fiveXx: number;
  reports: number;
  roundTripLost: number;
}> {
  const admin = await t.login('rel-files-csv', [{ role: 'city-admin', orgId: 'hn' }]);
  const site = 'hn-p-ba-dinh';
  const call = async (method: string, path: string, body: unknown) => {
    const res = await t.call(method, `/api/v1${path}`, { token: admin, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await call('PATCH', `/org/units/${site}`, { name: `${FORMULAS[0]} phường` });
  for (const [i, f] of FORMULAS.entries()) {
    await call('POST', '/devices', {
      type: 'printer',
      siteId: site,
      zoneId: 'waiting',
      position: { x: 0.1, y: 0.1 },
      model: `${f} m${i}`,
      vendor: `${f} v${i}`,
      installedOn: '2026-01-01',
    });
    await call('POST', '/assets', {
      siteId: site,
      kind: 'chair',
      name: `${f} a${i}`,
      model: `${f} m${i}`,
      vendor: `${f} v${i}`,
      contractor: `${f} c${i}`,
      installedOn: '2026-01-01',
    });
    await call('POST', '/work-orders', { siteId: site, title: `${f} wo${i}`, severity: 'minor' });
  }
  const now = t.clock.now();
  const urls: string[] = [];
  for (const kind of ['availability', 'reliability', 'sla', 'citizen-impact'])
    for (const g of ['device', 'site', 'model', 'contractor'])
      urls.push(
        `/api/v1/reports/${kind}?orgId=${site}&from=${now - 7 * 86_400_000}&to=${now + 1}&groupBy=${g}&format=csv`,
      );
  for (const kind of ['backlog', 'compliance']) urls.push(`/api/v1/reports/${kind}?orgId=${site}&format=csv`);
  const cells: string[] = [];
  let fiveXx = 0;
  for (const u of urls) {
    const res = await t.call('GET', u, { token: admin });
    if (res.status >= 500) fiveXx++;
    if (res.status !== 200) throw new Error(`${u}: ${res.status} ${await res.text()}`);
    cells.push(
      ...z
        .array(z.array(z.string()))
        .parse(parse((await res.text()).replace(/^\uFEFF/, ''), { relax_column_count: true }))
        .flat(),
    );
  }
  // Procedures imported with formula text in their names, papers and agency, written back out
  // through the portal CSV writer (the procedure export).
  const rows = z
    .array(z.record(z.string(), z.string()))
    .parse(parse(readFileSync('config/procedures/thu-tuc-cap-xa.csv', 'utf8'), { columns: true }));
  const picked = FORMULAS.map((f, i) => ({
    ...rows[i % rows.length],
    maTTHC: `1.00770${i}`,
    tenTTHC: `${f} thủ tục ${i}`,
    thanhPhanHoSo: `${f.replaceAll('|', '/')} giấy ${i} | 1 | 0`,
    coQuanThucHien: `${f} cơ quan`,
  }));
  const editor = await t.login('rel-files-csv-proc', [{ role: 'notice-editor', orgId: 'hn' }]);
  const res = await t.call('POST', '/api/v1/procedures/imports', {
    token: editor,
    body: { orgId: 'hn', format: 'csv', content: stringify(picked, { header: true }), mode: 'good-rows' },
  });
  if (res.status !== 202) throw new Error(`import: ${res.status} ${await res.text()}`);
  const job = await waitJob(t, editor, z.object({ id: z.string() }).parse(await res.json()).id);
  const stored = picked.map((p) => t.services.procedures.store.get(p.maTTHC ?? '')).filter((p) => p !== undefined);
  if (stored.length !== FORMULAS.length)
    throw new Error(`import kept ${stored.length}/${FORMULAS.length} (${JSON.stringify(job)})`);
  const exportedCsv = toPortalCsv(stored);
  cells.push(
    ...z
      .array(z.array(z.string()))
      .parse(parse(exportedCsv, { relax_column_count: true }))
      .flat(),
  );
  // The neutralised export re-imports as the same records (nothing lost to the quoting).
  const again = await t.call('POST', '/api/v1/procedures/imports', {
    token: editor,
    body: { orgId: 'hn', format: 'csv', content: exportedCsv },
  });
  const back = await waitJob(t, editor, z.object({ id: z.string() }).parse(await again.json()).id);
  const roundTripLost = FORMULAS.length - back.unchanged;
  const isHostile = (c: string) => FORMULAS.some((f) => c.includes(f.trim()));
  const hostile = cells.filter(isHostile);
  const executable = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
  return { cells: cells.length, hostile: hostile.length, executable, fiveXx, reports: urls.length + 1, roundTripLost };
}
