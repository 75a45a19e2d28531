import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { importJobSchema, procedureSchema, type ImportJob } from '../../../server/procedures/procedures.schemas.js';
import { PORTAL_COLUMNS, toPortalCsv } from '../../../server/procedures/portal-format.js';

const CSV = readFileSync(new URL('../../../config/procedures/thu-tuc-cap-xa.csv', import.meta.url), 'utf8');
const JSON_FILE = readFileSync(new URL('../../../config/procedures/thu-tuc-cap-xa.json', import.meta.url), 'utf8');
const records = (): Record<string, unknown>[] =>
  z.array(z.record(z.string(), z.unknown())).parse(JSON.parse(JSON_FILE));
const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>';

let t: TestApp;
let admin: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await t.login('editor1', [{ role: 'notice-editor', orgId: 'hn' }]);
});
afterEach(() => t.close());

async function runImport(payload: Record<string, unknown>, token = admin): Promise<ImportJob> {
  const res = await t.call('POST', '/api/v1/procedures/imports', { token, body: { orgId: 'hn', ...payload } });
  expect(res.status).toBe(202);
  const job = await body(res, importJobSchema);
  for (;;) {
    const poll = await t.call('GET', `/api/v1/procedures/imports/${job.id}`, { token });
    const j = await body(poll, importJobSchema);
    if (j.state === 'done' || j.state === 'failed') return j;
    await new Promise((r) => setImmediate(r));
  }
}

const listAll = async () => {
  const res = await t.call('GET', '/api/v1/procedures?limit=500', { token: admin });
  return body(res, z.object({ items: z.array(procedureSchema), total: z.number() }));
};

describe('procedure import', () => {
  it('imports the 32 shipped procedures from CSV and from JSON, giving the same records', async () => {
    const fromCsv = await runImport({ format: 'csv', content: CSV });
    expect(fromCsv).toMatchObject({ state: 'done', applied: true, total: 32, goodRows: 32, badRows: 0, created: 32 });
    const afterCsv = await listAll();
    expect(afterCsv.total).toBe(32);
    const birth = afterCsv.items.find((p) => p.code === '1.001193');
    expect(birth?.name.vi).toBe('Đăng ký khai sinh');
    expect(birth?.ways).toEqual(['in-person', 'post', 'online']);
    expect(birth?.papers[0]).toEqual({ name: { vi: 'Tờ khai đăng ký khai sinh theo mẫu' }, originals: 1, copies: 0 });
    expect(birth?.deadline.workingDays).toBe(0);
    const copy = afterCsv.items.find((p) => p.code === '2.000815');
    expect(copy?.fees.items).toEqual([
      { kind: 'fee', name: { vi: 'Chứng thực bản sao (mỗi trang)' }, amountVnd: 2000 },
    ]);
    expect(
      afterCsv.items
        .filter((p) => p.onlineUrl !== null)
        .every((p) => p.onlineUrl?.startsWith('https://dichvucong.gov.vn/')),
    ).toBe(true);
    expect(new Set(afterCsv.items.map((p) => p.field.vi)).size).toBeGreaterThanOrEqual(6);

    const fromJson = await runImport({ format: 'json', content: JSON_FILE });
    expect(fromJson).toMatchObject({
      state: 'done',
      applied: true,
      total: 32,
      goodRows: 32,
      created: 0,
      updated: 0,
      unchanged: 32,
    });
  });

  it('imports the JSON into an empty store too', async () => {
    const job = await runImport({ format: 'json', content: JSON_FILE, mode: 'good-rows' });
    expect(job).toMatchObject({ applied: true, created: 32 });
    expect((await listAll()).total).toBe(32);
  });

  const badCsv = () => {
    const lines = CSV.split('\n');
    const good = toPortalCsv([]).trim();
    expect(lines[0]).toBe(good);
    const rows = [
      [PORTAL_COLUMNS.join(',')],
      // line 2: fine
      [
        '9.000001,Thủ tục tốt,,Hộ tịch,Cấp Xã,Bước 1: nộp hồ sơ,Trực tiếp,Tờ khai | 1 | 0,03 ngày làm việc,Công dân,UBND cấp xã,Giấy xác nhận,Không,,,Luật Hộ tịch năm 2014,',
      ],
      // line 3: bad code, bad level, bad fee amount
      [
        'ABC,Thủ tục xấu,,Hộ tịch,Cấp Thôn,Bước 1,Trực tiếp,Tờ khai | 1 | 0,03 ngày làm việc,Công dân,UBND,Kết quả,Lệ phí | Cấp | mười nghìn,,,Luật,',
      ],
      // line 4: paper without counts, http link, empty name
      [
        '9.000003,,,Hộ tịch,Cấp Xã,Bước 1,Bưu chính,Tờ khai,05 ngày làm việc,Công dân,UBND,Kết quả,Không,,,Luật,http://example.com',
      ],
      // line 5: duplicate of line 2
      [
        '9.000001,Trùng mã,,Hộ tịch,Cấp Xã,Bước 1,Trực tiếp,Tờ khai | 1 | 0,03 ngày làm việc,Công dân,UBND,Kết quả,Không,,,Luật,',
      ],
    ];
    return rows.map((r) => r[0]).join('\n') + '\n';
  };

  it('dry-runs a file with bad rows into a row-by-row report and changes nothing', async () => {
    const job = await runImport({ format: 'csv', content: badCsv(), dryRun: true });
    expect(job).toMatchObject({ state: 'done', applied: false, total: 4, goodRows: 1, badRows: 3 });
    const at = (line: number) =>
      job.problems
        .filter((p) => p.line === line)
        .map((p) => p.column)
        .sort();
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual(['capThucHien', 'maTTHC', 'phiLePhi']);
    expect(at(4)).toEqual(['linkDVC', 'tenTTHC', 'thanhPhanHoSo']);
    expect(job.problems.find((p) => p.line === 5)).toMatchObject({ column: 'maTTHC', code: 'IMPORT_DUPLICATE' });
    expect(job.problems.every((p) => p.reason.length > 0)).toBe(true);
    expect((await listAll()).total).toBe(0);
  });

  it('all-or-nothing applies nothing when any row is bad; good-rows applies the good ones', async () => {
    await runImport({ format: 'csv', content: CSV });
    const auditCount = () =>
      z
        .object({ n: z.number() })
        .parse(t.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'procedure'").get()).n;
    const auditBefore = auditCount();
    const none = await runImport({ format: 'csv', content: badCsv(), mode: 'all-or-nothing' });
    expect(none).toMatchObject({ applied: false, goodRows: 1, badRows: 3, created: 0 });
    expect((await listAll()).total).toBe(32);
    expect(auditCount()).toBe(auditBefore);

    const some = await runImport({ format: 'csv', content: badCsv(), mode: 'good-rows' });
    expect(some).toMatchObject({ applied: true, created: 1, badRows: 3 });
    expect((await listAll()).items.map((p) => p.code)).toContain('9.000001');
  });

  it('reports a file without the required columns, or unreadable JSON, as a failed job', async () => {
    const noCols = await runImport({ format: 'csv', content: 'maTTHC,tenTTHC\n1.000001,X\n' });
    expect(noCols.state).toBe('failed');
    expect(noCols.error?.code).toBe('IMPORT_MISSING_COLUMNS');
    const badJson = await runImport({ format: 'json', content: '{"data": 3' });
    expect(badJson.error?.code).toBe('IMPORT_BAD_JSON');
    const notRecords = await runImport({
      format: 'json',
      content: JSON.stringify([...records().slice(0, 1), 7, { maTTHC: { x: 1 } }]),
    });
    expect(notRecords.problems.filter((p) => p.line === 2).map((p) => p.code)).toEqual(['IMPORT_BAD_ROW']);
    expect(notRecords.problems.some((p) => p.line === 3 && p.column === 'maTTHC')).toBe(true);
  });

  it('keeps XSS payloads in imported cells as inert text', async () => {
    const items = records().slice(0, 1);
    const first = items[0] ?? {};
    first['tenTTHC'] = `Khai sinh ${XSS}`;
    first['trinhTuThucHien'] = [`Bước 1: ${XSS}`];
    const job = await runImport({ format: 'json', content: JSON.stringify(items) });
    expect(job.applied).toBe(true);
    const res = await t.call('GET', '/api/v1/procedures/1.001193', { token: admin });
    expect(res.headers.get('content-type')).toContain('application/json');
    const p = await body(res, procedureSchema);
    expect(p.name.vi).toBe(`Khai sinh ${XSS}`);
    expect(p.steps[0]?.vi).toBe(`Bước 1: ${XSS}`);
  });

  it('reports progress while a large file is validated', async () => {
    // A portal export of thousands of records is larger than the default 1 MB body limit.
    t.close();
    t = await createTestApp({ env: { BODY_LIMIT_BYTES: String(32 * 1024 * 1024) } });
    admin = await t.login('editor1', [{ role: 'notice-editor', orgId: 'hn' }]);
    const base = records();
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...base[i % base.length],
      maTTHC: `5.${String(100000 + i).padStart(6, '0')}`,
    }));
    const res = await t.call('POST', '/api/v1/procedures/imports', {
      token: admin,
      body: { orgId: 'hn', format: 'json', content: JSON.stringify(many), dryRun: true },
    });
    expect(res.status).toBe(202);
    const { id } = await body(res, importJobSchema);
    const seen: number[] = [];
    for (;;) {
      const j = t.services.procedures.importJob(id);
      if (j.state === 'validating') seen.push(j.processed);
      if (j.state === 'done') {
        expect(j).toMatchObject({ total: 3000, processed: 3000, goodRows: 3000, applied: false });
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
    expect(seen.some((n) => n > 0 && n < 3000)).toBe(true);
  });

  it("refuses imports outside the caller's role or scope", async () => {
    const viewer = await t.login('viewer1', [{ role: 'viewer', orgId: 'hn' }]);
    const res = await t.call('POST', '/api/v1/procedures/imports', {
      token: viewer,
      body: { orgId: 'hn', format: 'csv', content: CSV },
    });
    expect(res.status).toBe(403);
    const branchEditor = await t.login('editor-cn01', [{ role: 'notice-editor', orgId: 'hn-cn01' }]);
    const res2 = await t.call('POST', '/api/v1/procedures/imports', {
      token: branchEditor,
      body: { orgId: 'hn', format: 'csv', content: CSV },
    });
    expect((await errorOf(res2)).code).toBe('FORBIDDEN_SCOPE');
    // A branch may keep its own catalogue, but not overwrite the city's records.
    await runImport({ format: 'csv', content: CSV });
    const job = await runImport({ orgId: 'hn-cn01', format: 'csv', content: CSV, mode: 'good-rows' }, branchEditor);
    expect(job.badRows).toBe(32);
    expect(job.problems[0]?.code).toBe('IMPORT_NOT_YOURS');
  });
});
