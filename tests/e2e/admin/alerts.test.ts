/** Starting and stopping an emergency alert in Chromium, with the take-over count confirmed first. */
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetEntrySchema } from '../../../server/screens/screens.schemas.js';
import { body } from '../../helpers/test-app.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  await h.addUser('phe.duyet', 'Võ Thị Thu', [{ role: 'approver', orgId: 'hn' }]);
});
afterAll(async () => {
  await h?.close();
});

describe('emergency alerts', () => {
  it('states how many screens an alert takes over, starts it, and stops it', async () => {
    const token = await h.t.login('checker', [{ role: 'viewer', orgId: 'hn' }]);
    const fleet = await body(
      await h.t.call('GET', '/api/v1/screens?under=hn-cn01', { token }),
      z.object({ items: z.array(fleetEntrySchema) }),
    );
    const screens = fleet.items.filter((e) => e.screen.status === 'active');
    const sites = new Set(screens.map((e) => e.screen.siteId)).size;
    expect(screens.length).toBeGreaterThan(0);

    const page = await h.signIn('phe.duyet');
    await page.getByRole('link', { name: 'Cảnh báo khẩn' }).click();
    await page.locator('form[aria-label="Phát cảnh báo mới"]').waitFor();
    await page.getByLabel('Mẫu cảnh báo').selectOption('evacuation');
    await page.getByLabel('Phạm vi (đơn vị và cấp dưới)').selectOption('hn-cn01');
    await page.getByRole('button', { name: 'Phát cảnh báo…' }).click();
    const dialog = page.locator('hcpv-admin-alerts dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`${screens.length} màn hình tại ${sites} điểm phục vụ`);
    await h.shot(page, '10-alert-confirm');
    // Cancelling starts nothing.
    await dialog.getByRole('button', { name: 'Huỷ' }).click();
    expect(h.t.services.alerts.list(['/'], true)).toHaveLength(0);

    await page.getByRole('button', { name: 'Phát cảnh báo…' }).click();
    await dialog.getByRole('button', { name: 'Phát cảnh báo', exact: true }).click();
    const card = page.locator('hcpv-admin-alerts .alert');
    await card.first().waitFor();
    expect(await card.count()).toBe(1);
    const active = h.t.services.alerts.list(['/'], true);
    expect(active).toHaveLength(1);
    expect(active[0]?.orgId).toBe('hn-cn01');
    await h.shot(page, '11-alert-active');

    await card.getByRole('button', { name: 'Dừng cảnh báo' }).click();
    await expect.poll(() => page.locator('hcpv-admin-alerts .alert').count()).toBe(0);
    expect(h.t.services.alerts.list(['/'], true)).toHaveLength(0);
    await page.close();
  });
});
