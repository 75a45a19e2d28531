/** Fleet in Chromium: filter the table, claim a new screen by its pairing code, revoke it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairingStartSchema } from '../../../displays/shared/protocol.js';
import { body } from '../../helpers/test-app.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  await h.addUser('co.so', 'Hoàng Văn Nam', [{ role: 'facility-manager', orgId: 'hn' }]);
});
afterAll(async () => {
  await h?.close();
});

describe('fleet', () => {
  it('filters by site, claims a pairing code and revokes the screen', async () => {
    const page = await h.signIn('co.so');
    await page.getByRole('link', { name: 'Màn hình' }).click();
    const rows = page.locator('hcpv-admin-fleet table[aria-label="Màn hình sảnh"] tbody tr');
    await rows.first().waitFor();
    const all = await rows.count();
    const filters = page.locator('form[aria-label="Lọc màn hình"]');
    await filters.getByLabel('Điểm phục vụ').selectOption('hn-p-ba-dinh');
    await filters.getByLabel('Không thấy quá (phút)').press('Enter');
    const inSite = h.t.services.screens.store.list({ siteId: 'hn-p-ba-dinh' }).length;
    await expect.poll(() => rows.count()).toBe(inSite);
    expect(inSite).toBeLessThan(all);

    // A new screen asks for a code; staff claim it.
    const start = await body(await h.t.call('POST', '/api/v1/display/pairing', { body: {} }), pairingStartSchema);
    const claim = page.locator('form[aria-label="Nhận màn hình mới bằng mã ghép nối"]');
    await claim.getByLabel('Mã ghép nối trên màn hình').fill(start.code);
    await claim.getByLabel('Điểm phục vụ').selectOption('hn-p-ba-dinh');
    await expect.poll(() => claim.getByLabel('Khu').locator('option').count()).toBeGreaterThan(0);
    await claim.getByLabel('Loại màn hình').selectOption('portrait-1080');
    await claim.getByLabel('Tên màn hình').fill('Màn hình khu chờ mới');
    await claim.getByLabel('Tên màn hình').press('Enter');
    await expect
      .poll(() => claim.locator('[role="status"]').textContent())
      .toContain('Đã nhận màn hình Màn hình khu chờ mới');
    const row = rows.filter({ hasText: 'Màn hình khu chờ mới' });
    await expect.poll(() => row.count()).toBe(1);
    await h.shot(page, '17-fleet');

    const id = await row.getAttribute('data-screen');
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await expect.poll(() => row.textContent()).toContain('Đã thu hồi');
    expect(h.t.services.screens.store.get(id ?? '')?.status).toBe('revoked');
    await page.close();
  });
});
