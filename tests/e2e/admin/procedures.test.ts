/** Import wizard in Chromium: a portal export with one bad row → dry-run report → apply the good rows. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminHarness, type AdminHarness } from './harness.js';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  await h.addUser('noi.dung', 'Phạm Minh Châu', [{ role: 'notice-editor', orgId: 'hn' }]);
});
afterAll(async () => {
  await h?.close();
});

/** Three procedures from the shipped catalogue under new codes, the second with a deadline nobody can read. */
function exportWithBadRow(): string {
  const rows = z
    .array(z.record(z.string(), z.string()))
    .parse(parse(readFileSync('config/procedures/thu-tuc-cap-xa.csv', 'utf8'), { columns: true }));
  const picked: Record<string, string>[] = rows
    .slice(0, 3)
    .map((r, i) => ({ ...r, maTTHC: `1.00990${i}`, tenTTHC: `${r['tenTTHC'] ?? ''} (thí điểm ${i + 1})` }));
  const bad = picked[1];
  if (bad) bad['thanhPhanHoSo'] = 'Tờ khai | nhiều | không rõ';
  return stringify(picked, { header: true });
}

describe('procedure import wizard', () => {
  it('reports the bad row in a dry run, then applies the good rows with a progress bar', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hcpv-import-')), 'thu-tuc.csv');
    writeFileSync(file, exportWithBadRow());
    const page = await h.signIn('noi.dung');
    await page.goto(`${h.base}/admin#/procedures`);
    await page.locator('hcpv-admin-procedures table, hcpv-admin-procedures p.muted').first().waitFor();
    await h.shot(page, '07-procedures');
    await page.getByRole('link', { name: 'Nhập từ tệp' }).click();
    await page.getByLabel('Tệp xuất từ Cổng (CSV hoặc JSON)').setInputFiles(file);
    await page.getByRole('button', { name: 'Kiểm tra thử' }).click();
    const report = page.locator('hcpv-admin-import .report');
    await expect
      .poll(() => report.textContent(), { timeout: 20_000 })
      .toContain('2 dòng đúng, 1 dòng lỗi trên tổng 3 dòng');
    expect(await report.textContent()).toContain('Chưa ghi gì vào danh mục');
    const bad = page.locator('hcpv-admin-import table[aria-label="Các dòng lỗi"] tbody tr');
    expect(await bad.count()).toBeGreaterThan(0);
    expect(await bad.first().textContent()).toContain('thanhPhanHoSo');
    expect(await page.locator('hcpv-admin-import [role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    await h.shot(page, '08-import-dry-run');

    // All-or-nothing would write nothing: choose the good rows only and apply.
    await page.getByLabel('Chỉ nhập các dòng đúng').check();
    await page.getByRole('button', { name: 'Kiểm tra thử' }).click();
    await expect.poll(() => report.textContent(), { timeout: 20_000 }).toContain('2 dòng đúng');
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    await expect
      .poll(() => report.textContent(), { timeout: 20_000 })
      .toContain('Đã thêm 2, cập nhật 0, giữ nguyên 0 thủ tục');
    await h.shot(page, '09-import-applied');
    expect(h.t.services.procedures.store.get('1.009900')).toBeTruthy();
    expect(h.t.services.procedures.store.get('1.009901')).toBeFalsy();
    await page.close();
  });
});
