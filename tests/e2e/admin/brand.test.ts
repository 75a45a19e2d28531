/** Brand editor in Chromium: a slogan colour that fails contrast is refused inline; fixing it updates the live previews. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREEN_PROFILES } from '../../../brand-kit/profiles.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  await h.addUser('nhan.dien', 'Đặng Quốc Bảo', [{ role: 'brand-editor', orgId: 'hn' }]);
});
afterAll(async () => {
  await h?.close();
});

describe('brand editor', () => {
  it('shows a failing slogan contrast, then previews and saves the fix', async () => {
    const page = await h.signIn('nhan.dien');
    await page.getByRole('link', { name: 'Nhận diện' }).click();
    const accent = page.locator('hcpv-admin-brand #color-accent');
    await accent.waitFor();
    const original = await accent.inputValue();
    const frame = (p: string) => page.frameLocator(`iframe[data-profile="${p}"]`).locator('hcpv-admin-brand-preview');
    for (const p of SCREEN_PROFILES) {
      await expect.poll(() => frame(p).getAttribute('data-accent'), { timeout: 15_000 }).toBe(original);
    }
    await expect.poll(() => frame('landscape-1080').locator('hcpv-player-header').count()).toBe(1);
    await h.shot(page, '12-brand');

    // A dark slogan colour on the dark red header: refused with the ratio, saving blocked.
    await accent.fill('#A0522D');
    const err = page.locator('hcpv-admin-brand #color-accent-err');
    await expect.poll(() => err.textContent()).toMatch(/độ tương phản \d\.\d:1, cần tối thiểu 3:1/);
    expect(await accent.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator('hcpv-admin-brand .actions .error').textContent()).toContain('lỗi cần sửa');
    expect(await page.getByRole('button', { name: 'Lưu bộ nhận diện' }).isDisabled()).toBe(true);
    expect(await page.locator('hcpv-admin-brand tr.fail').count()).toBeGreaterThan(0);
    await expect.poll(() => frame('portrait-1080').getAttribute('data-accent')).toBe('#A0522D');
    await h.shot(page, '13-brand-contrast-error');

    // The fix: a light gold passes, every preview follows, and it saves and releases.
    await accent.fill('#FFD54F');
    await expect.poll(() => err.count()).toBe(0);
    for (const p of SCREEN_PROFILES) await expect.poll(() => frame(p).getAttribute('data-accent')).toBe('#FFD54F');
    const sloganColour = await frame('landscape-1080')
      .locator('hcpv-player-header')
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--hcpv-accent').trim());
    expect(sloganColour.toUpperCase()).toBe('#FFD54F');
    await expect.poll(() => page.getByRole('button', { name: 'Lưu bộ nhận diện' }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Lưu bộ nhận diện' }).click();
    await expect.poll(() => page.locator('hcpv-admin-brand [role="status"]').first().textContent()).toBe('Đã lưu.');
    await page.getByLabel('Ghi chú').fill('Màu khẩu hiệu sáng hơn');
    await page.getByRole('button', { name: 'Tạo phiên bản từ bản đã lưu' }).click();
    await expect
      .poll(() => page.locator('hcpv-admin-brand-releases [role="status"]').textContent(), { timeout: 30_000 })
      .toContain('Đã tạo phiên bản');
    await h.shot(page, '14-brand-fixed-released');
    await page.close();
  });
});
