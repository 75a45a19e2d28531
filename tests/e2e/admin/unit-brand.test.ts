/**
 * A unit's own brand texts on its page, in Chromium: the city's naming rule refuses a bad name
 * inline, a good name and a hotline are saved, emptying a field inherits again, a field the city
 * locked cannot be typed in, and a viewer sees the texts read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminHarness, type AdminHarness } from './harness.js';

const SITE = 'hn-p-ba-dinh';
let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  const brand = h.t.services.brand;
  const kit = brand.cityKit('hn');
  brand.putCityKit({ kind: 'system', id: 'test' }, 'hn', { ...kit, locks: [...kit.locks, 'texts.localContact'] });
  await h.addUser('nhan.dien.cn1', 'Phan Minh Khoa', [{ role: 'brand-editor', orgId: 'hn-cn01' }]);
  await h.addUser('xem', 'Trịnh Thu Hà', [{ role: 'viewer', orgId: 'hn-cn01' }]);
});
afterAll(async () => {
  await h?.close();
});

describe('unit brand texts', () => {
  it('sets, refuses, clears and respects locks; a viewer only reads', async () => {
    const page = await h.signIn('nhan.dien.cn1');
    await page.goto(`${h.base}/admin#/org/${SITE}`);
    const form = page.locator('form[aria-label="Nhận diện riêng của đơn vị"]');
    await form.waitFor();
    const name = form.getByLabel('Tên đơn vị');
    const hotline = form.getByLabel('Đường dây nóng');
    const save = form.getByRole('button', { name: 'Lưu nhận diện đơn vị' });
    expect(await name.inputValue()).toBe('');
    expect(await name.getAttribute('placeholder')).toBe('Điểm phục vụ hành chính công phường Ba Đình');
    expect(await form.getByLabel(/Địa chỉ, liên hệ tại chỗ/).isDisabled()).toBe(true);
    expect(await form.textContent()).toContain('Thành phố đã khoá');
    expect(await save.isDisabled()).toBe(true);

    // A name outside the city's naming rule: flagged as typed, and refused by the server if saved.
    await name.fill('Điểm PVHCC Ba Đình');
    const flagged = form.locator('label[for="ub-unitName"] .error');
    await expect
      .poll(() => flagged.textContent())
      .toBe(
        'Tên chưa theo quy tắc đặt tên của thành phố cho Điểm phục vụ, ví dụ: “Điểm phục vụ hành chính công phường Ba Đình”.',
      );
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await save.isDisabled()).toBe(true);
    // The server holds the same rule: the API refuses it too.
    const token = await h.t.login('api.cn1', [{ role: 'brand-editor', orgId: 'hn-cn01' }]);
    const res = await h.t.call('PATCH', `/api/v1/brand/units/${SITE}/overrides`, {
      token,
      body: { texts: { unitName: 'Điểm PVHCC Ba Đình' } },
    });
    expect(res.status).toBe(400);
    expect(h.t.services.brand.overridesOf(SITE).texts.unitName).toBeUndefined();
    await h.shot(page, '18-unit-brand-refused');

    await name.fill('Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)');
    await hotline.fill('1900 1234');
    await save.click();
    await expect.poll(() => form.locator('[role="status"]').textContent()).toContain('Đã lưu.');
    expect(h.t.services.brand.overridesOf(SITE).texts).toEqual({
      unitName: 'Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)',
      hotline: '1900 1234',
    });
    expect(h.t.services.brand.resolveKit(SITE).texts.hotline).toBe('1900 1234');
    await expect.poll(() => form.locator('#ub-hotline-shows').textContent()).toContain('1900 1234');
    await h.shot(page, '19-unit-brand-saved');

    // Emptying the hotline inherits again.
    await hotline.fill('');
    await save.click();
    await expect.poll(() => h.t.services.brand.overridesOf(SITE).texts.hotline).toBeUndefined();
    expect(h.t.services.brand.overridesOf(SITE).texts.unitName).toBe(
      'Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)',
    );
    await page.close();

    const viewer = await h.signIn('xem');
    await viewer.goto(`${h.base}/admin#/org/${SITE}`);
    const ro = viewer.locator('form[aria-label="Nhận diện riêng của đơn vị"]');
    await ro.waitFor();
    expect(await ro.getByLabel('Tên đơn vị').isDisabled()).toBe(true);
    expect(await ro.getByLabel('Tên đơn vị').inputValue()).toBe(
      'Điểm phục vụ hành chính công phường Ba Đình (cơ sở 2)',
    );
    expect(await ro.getByRole('button').count()).toBe(0);
    await viewer.close();
  });
});
