/**
 * Brand editor in Chromium: a slogan colour that fails contrast is refused inline; fixing it
 * updates the live previews, which are the real player (/display/?preview=<profile>) fed the
 * draft by postMessage, and which never talk to the display API (no pairing, no ack).
 */
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
    const displayCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/display/')) displayCalls.push(r.url());
    });
    await page.getByRole('link', { name: 'Nhận diện' }).click();
    const accent = page.locator('hcpv-admin-brand #color-accent');
    await accent.waitFor();
    const original = await accent.inputValue();
    const iframe = (p: string) => page.locator(`iframe[data-profile="${p}"]`);
    const player = (p: string) => page.frameLocator(`iframe[data-profile="${p}"]`).locator('hcpv-player-app');
    /** The player's accent colour, once the frame shows the manifest the editor last sent it. */
    const shownAccent = async (p: string) => {
      const sent = await iframe(p).getAttribute('data-hash');
      const shown = await player(p).getAttribute('data-hash');
      if (!sent || sent !== shown) return null;
      return (
        await player(p).evaluate((el) => getComputedStyle(el).getPropertyValue('--hcpv-accent').trim())
      ).toUpperCase();
    };
    for (const p of SCREEN_PROFILES) {
      expect(await iframe(p).getAttribute('src')).toBe(`/display/?preview=${p}`);
      await expect.poll(() => shownAccent(p), { timeout: 15_000 }).toBe(original.toUpperCase());
      expect(await player(p).getAttribute('data-phase')).toBe('showing');
    }
    await expect.poll(() => player('landscape-1080').locator('hcpv-player-header').count()).toBe(1);
    await expect.poll(() => player('counter-720').locator('hcpv-player-counter').count()).toBe(1);
    await expect.poll(() => player('landscape-1080').locator('hcpv-player-board').count()).toBe(1);
    await h.shot(page, '12-brand');

    // A dark slogan colour on the dark red header: refused with the ratio, saving blocked.
    await accent.fill('#A0522D');
    const err = page.locator('hcpv-admin-brand #color-accent-err');
    await expect.poll(() => err.textContent()).toMatch(/độ tương phản \d\.\d:1, cần tối thiểu 3:1/);
    expect(await accent.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.locator('hcpv-admin-brand .actions .error').textContent()).toContain('lỗi cần sửa');
    expect(await page.getByRole('button', { name: 'Lưu bộ nhận diện' }).isDisabled()).toBe(true);
    expect(await page.locator('hcpv-admin-brand tr.fail').count()).toBeGreaterThan(0);
    await expect.poll(() => shownAccent('portrait-1080')).toBe('#A0522D');
    await h.shot(page, '13-brand-contrast-error');

    // The fix: a light gold passes, every preview follows, and it saves and releases.
    await accent.fill('#FFD54F');
    await expect.poll(() => err.count()).toBe(0);
    for (const p of SCREEN_PROFILES) await expect.poll(() => shownAccent(p)).toBe('#FFD54F');
    const sloganColour = await player('landscape-1080')
      .locator('hcpv-player-header')
      .evaluate((el) => getComputedStyle(el).getPropertyValue('--hcpv-accent').trim());
    expect(sloganColour.toUpperCase()).toBe('#FFD54F');
    // A text edit reaches the frames too: the unit name on the player's header.
    const unitName = page.locator('hcpv-admin-brand input[name="unitName"]');
    const name = await unitName.inputValue();
    await unitName.fill(`${name} – Xem trước`);
    await expect
      .poll(() => player('portrait-1080').locator('hcpv-player-header').getByText(`${name} – Xem trước`).count())
      .toBe(1);
    await unitName.fill(name);
    await expect.poll(() => page.getByRole('button', { name: 'Lưu bộ nhận diện' }).isDisabled()).toBe(false);
    await page.getByRole('button', { name: 'Lưu bộ nhận diện' }).click();
    await expect.poll(() => page.locator('hcpv-admin-brand [role="status"]').first().textContent()).toBe('Đã lưu.');
    // The console wears the saved kit too (its accent is the focus ring colour).
    await expect
      .poll(() => page.locator('hcpv-admin-app').evaluate((el) => el.style.getPropertyValue('--brand-accent')))
      .toBe('#FFD54F');
    await page.getByLabel('Ghi chú').fill('Màu khẩu hiệu sáng hơn');
    await page.getByRole('button', { name: 'Tạo phiên bản từ bản đã lưu' }).click();
    await expect
      .poll(() => page.locator('hcpv-admin-brand-releases [role="status"]').textContent(), { timeout: 30_000 })
      .toContain('Đã tạo phiên bản');
    // The new release's logo renditions reach every preview's header.
    for (const p of SCREEN_PROFILES)
      await expect
        .poll(() => player(p).locator('hcpv-player-header img').getAttribute('src'), { timeout: 15_000 })
        .toMatch(/^\/api\/v1\/brand\/assets\//);
    await h.shot(page, '14-brand-fixed-released');
    // Preview frames are not screens: they never paired, connected, fetched a manifest or acked.
    expect(displayCalls).toEqual([]);
    await page.close();
  });
});
