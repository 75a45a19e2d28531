/**
 * Notices and logo uploads in Chromium against the real server: an editor writes a notice with
 * two procedures and submits it, may not approve it himself, an approver reviews the diff,
 * approves and publishes; a revision then shows its changes field by field. Logo uploads: an
 * SVG with a script is refused in plain words, a good PNG goes up with the bar at 100 %.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedProcedures } from '../../../server/seed/seed-content.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  seedProcedures(h.t.services, 'hn', readFileSync('config/procedures/thu-tuc-cap-xa.json', 'utf8'));
  // Writes notices and also approves them: the server must still refuse his own revisions.
  await h.addUser('bien.tap', 'Nguyễn Văn An', [
    { role: 'notice-editor', orgId: 'hn' },
    { role: 'approver', orgId: 'hn' },
  ]);
  await h.addUser('phe.duyet', 'Võ Thị Thu', [{ role: 'approver', orgId: 'hn' }]);
  await h.addUser('nhan.dien', 'Đặng Quốc Bảo', [{ role: 'brand-editor', orgId: 'hn' }]);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function pick(page: Page, query: string, code: string): Promise<void> {
  await page.getByLabel('Tìm thủ tục (mã hoặc tên)').fill(query);
  const add = page.getByRole('button', { name: `Thêm ${code}` });
  await add.waitFor({ timeout: 10_000 });
  await add.click();
  await expect.poll(() => page.locator('hcpv-admin-procedure-picker ol.chosen').textContent()).toContain(code);
}

const status = (page: Page) => page.locator('hcpv-admin-notice-editor [role="status"]');
const article = (page: Page) => page.locator('hcpv-admin-notice-review article');

describe('notices', () => {
  it('editor submits, may not self-approve; approver reviews the diff, approves and publishes', async () => {
    const page = await h.signIn('bien.tap');
    expect(await page.locator('nav[aria-label="Điều hướng chính"] a').allTextContents()).toContain('Niêm yết');
    await page.getByRole('link', { name: 'Niêm yết', exact: true }).click();
    await page.getByRole('link', { name: 'Soạn niêm yết mới' }).click();
    await page.getByLabel('Tiêu đề', { exact: true }).fill('Niêm yết thủ tục hộ tịch');
    await page
      .getByLabel('Nội dung (tuỳ chọn)')
      .fill('Công dân lưu ý:\n\n- Mang **bản chính** giấy tờ\n- Không viết <script>alert(1)</script>');
    const preview = page.locator('hcpv-admin-notice-editor hcpv-admin-rich-text');
    await expect.poll(() => preview.locator('strong').textContent()).toBe('bản chính');
    expect(await preview.locator('li').count()).toBe(2);
    // Typed tags stay text: shown as characters, no element made.
    expect(await preview.locator('li').nth(1).textContent()).toContain('<script>alert(1)</script>');
    expect(await preview.locator('script').count()).toBe(0);

    await pick(page, 'khai sinh', '1.001193');
    await pick(page, 'kết hôn', '1.000894');
    expect(await page.locator('hcpv-admin-procedure-picker ol.chosen li').count()).toBe(2);
    await page.getByLabel('Đơn vị (và các đơn vị trực thuộc)').selectOption('hn-p-ba-dinh');
    // The zone picker lists the zones of the chosen unit's sites (a ward: its own five).
    const zones = page.locator('hcpv-admin-notice-target [role="group"][aria-labelledby="zones-label"] input');
    await expect.poll(() => zones.count()).toBe(h.t.services.org.store.zones('hn-p-ba-dinh').length);
    await page.getByRole('checkbox', { name: 'Khu vực chờ (1 điểm)' }).check();
    await page.getByLabel('landscape-1080').check();
    await page.getByLabel('Đến (bỏ trống = không thời hạn)').fill('2036-12-31T17:00');
    await page.getByLabel(/Khung giờ hằng ngày/).fill('07:30-11:30, 13:30-17:00');
    await page.getByLabel(/Độ ưu tiên/).fill('70');
    await h.shot(page, '20-notice-editor');
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toContain('Đã gửi duyệt.');
    await expect.poll(() => page.locator('hcpv-admin-notice-editor .status-chip').textContent()).toContain('Chờ duyệt');
    const id = decodeURIComponent(new URL(page.url()).hash.replace('#/notices/', ''));
    const stored = h.t.services.notices.get(id);
    expect(stored).toMatchObject({ status: 'in_review', procedureCodes: ['1.001193', '1.000894'], priority: 70 });
    expect(stored.target).toEqual({
      orgId: 'hn-p-ba-dinh',
      tags: [],
      zones: ['waiting'],
      profiles: ['landscape-1080'],
    });
    expect(stored.dailyHours).toEqual([
      { from: '07:30', to: '11:30' },
      { from: '13:30', to: '17:00' },
    ]);
    expect(stored.validTo).toBe(Date.parse('2036-12-31T17:00:00+07:00'));

    // The author holds the approver role too, but may not approve his own revision.
    await page.getByRole('link', { name: 'Chờ duyệt' }).click();
    await article(page).first().waitFor();
    await article(page).getByRole('button', { name: 'Duyệt', exact: true }).click();
    const refusal = article(page).locator('hcpv-error-message');
    await expect.poll(() => refusal.locator('.box').textContent()).toContain('NOTICE_SELF_APPROVAL');
    expect(await refusal.getAttribute('heading')).toBe(
      'Bạn là người soạn bản này nên không được tự duyệt. Một người duyệt khác phải duyệt.',
    );
    expect(h.t.services.notices.get(id).status).toBe('in_review');
    await h.shot(page, '21-notice-self-approval');
    await page.close();

    const rev = await h.signIn('phe.duyet');
    await rev.goto(`${h.base}/admin#/notices/review`);
    const item = article(rev).filter({ hasText: 'Niêm yết thủ tục hộ tịch' });
    await item.waitFor();
    expect(await item.locator('h4').textContent()).toBe('Niêm yết mới (chưa có bản đang niêm yết)');
    expect(await item.locator('tr[data-field="procedureCodes"] td.after').textContent()).toContain(
      '1.001193, 1.000894',
    );
    // Free text shown as plain text: bold marks gone, the typed tag as characters.
    const body = (await item.locator('tr[data-field="body"] td.after').textContent()) ?? '';
    expect(body).toContain('Mang bản chính giấy tờ');
    expect(body).not.toContain('**');
    await item.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await expect
      .poll(() => rev.locator('hcpv-admin-notice-review p[role="status"]').first().textContent())
      .toContain('Đã duyệt');
    const approved = article(rev).filter({ hasText: 'Niêm yết thủ tục hộ tịch' });
    await approved.getByRole('button', { name: 'Niêm yết', exact: true }).click();
    await expect
      .poll(() => rev.locator('hcpv-admin-notice-review p[role="status"]').allTextContents())
      .toContain('Đã niêm yết lên màn hình.');
    expect(h.t.services.notices.get(id)).toMatchObject({ status: 'published', approvedBy: { name: 'phe.duyet' } });

    // It appears as published in the list.
    await rev.getByRole('link', { name: 'Danh sách' }).click();
    await rev.getByLabel('Trạng thái').selectOption('published');
    const row = rev.locator(`hcpv-admin-notices tr[data-notice="${id}"]`);
    await expect.poll(() => row.textContent()).toContain('Đang niêm yết');
    expect(await row.textContent()).toContain('phường Ba Đình');
    await h.shot(rev, '22-notices-published');
    await rev.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => rev.locator('hcpv-admin-notices h1').textContent()).toBe('Procedure notices');
    expect(await row.locator('.chip').textContent()).toBe('Published');
    await rev.getByRole('button', { name: 'Tiếng Việt' }).click();
    await rev.close();
  });

  it('reviews a revision of a published notice field by field', async () => {
    const live = h.t.services.notices.list(['/'], 'published').find((n) => n.title.vi === 'Niêm yết thủ tục hộ tịch');
    expect(live).toBeDefined();
    const page = await h.signIn('bien.tap');
    await page.goto(`${h.base}/admin#/notices/${live?.id ?? ''}`);
    await page.getByLabel('Tiêu đề', { exact: true }).waitFor();
    await page.getByLabel('Tiêu đề', { exact: true }).fill('Niêm yết thủ tục hộ tịch (cập nhật)');
    await page.getByRole('button', { name: 'Bỏ 1.000894' }).click();
    await page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toContain('Đã gửi duyệt.');
    await page.close();

    const rev = await h.signIn('phe.duyet');
    await rev.goto(`${h.base}/admin#/notices/review`);
    const item = article(rev).filter({ hasText: 'cập nhật' });
    await item.waitFor();
    expect(await item.locator('h4').textContent()).toBe('Thay đổi so với bản đang niêm yết');
    const changed = await item
      .locator('tr.changed')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')));
    expect(changed).toEqual(['title', 'procedureCodes']);
    // Zones by the name the sites give them.
    expect((await item.locator('tr[data-field="zones"] td.after').textContent())?.trim()).toBe('Khu vực chờ');
    expect(await item.locator('tr[data-field="title"] td.before').textContent()).toBe('Niêm yết thủ tục hộ tịch');
    expect(await item.locator('tr[data-field="procedureCodes"] .removed').textContent()).toContain('1.000894');
    await h.shot(rev, '23-notice-review-diff');

    // Sent back: a comment is required, then the author reads it on the draft.
    await item.getByRole('button', { name: 'Trả lại' }).click();
    await expect
      .poll(() => item.locator('hcpv-error-message .box').textContent())
      .toContain('Hãy ghi ý kiến khi trả lại.');
    await item.getByLabel('Ý kiến (bắt buộc khi trả lại)').fill('Giữ thủ tục kết hôn trong niêm yết.');
    await item.getByRole('button', { name: 'Trả lại' }).click();
    await expect
      .poll(() => rev.locator('hcpv-admin-notice-review p[role="status"]').allTextContents())
      .toContain('Đã trả lại cho người soạn.');
    const back = h.t.services.notices.get(live?.id ?? '');
    expect(back).toMatchObject({ status: 'draft', revision: 2, reviewComment: 'Giữ thủ tục kết hôn trong niêm yết.' });
    // The published revision keeps showing meanwhile.
    expect(h.t.services.notices.live(live?.id ?? '')?.revision).toBe(1);
    await rev.close();
    const author = await h.signIn('bien.tap');
    await author.goto(`${h.base}/admin#/notices/${live?.id ?? ''}`);
    await expect
      .poll(() => author.locator('hcpv-admin-notice-editor p.card').textContent())
      .toBe('Ý kiến người duyệt: Giữ thủ tục kết hôn trong niêm yết.');
    await author.close();
  });
});

/** Whether a waiting-zone landscape screen of Ba Đình shows the notice at 9:00 tomorrow, Hà Nội time. */
function shownAt9(id: string): boolean {
  const today = new Date(Date.now() + 7 * 3_600_000);
  const at = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, 2, 0);
  return h.t.services.notices
    .inScopeForScreen({ siteId: 'hn-p-ba-dinh', zoneId: 'waiting', profile: 'landscape-1080', at })
    .some((n) => n.id === id);
}

describe('withdrawing a notice', () => {
  it('takes the live revision off the screens after a confirmation; Esc cancels and returns focus', async () => {
    const live = h.t.services.notices
      .list(['/'], undefined)
      .find((n) => n.title.vi.startsWith('Niêm yết thủ tục hộ tịch'));
    const id = live?.id ?? '';
    expect(h.t.services.notices.live(id)?.status).toBe('published');
    expect(shownAt9(id)).toBe(true);
    const page = await h.signIn('phe.duyet');
    await page.goto(`${h.base}/admin#/notices/${id}`);
    const bar = page.locator('hcpv-admin-notice-withdraw');
    await expect.poll(() => bar.locator('.bar p').textContent()).toBe('Bản 1 đang hiển thị trên màn hình.');
    const button = bar.getByRole('button', { name: 'Gỡ khỏi màn hình…' });
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = bar.locator('dialog[open]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('“Niêm yết thủ tục hộ tịch” sẽ thôi hiển thị trên mọi màn hình ngay.');
    // Focus starts on the safe choice; Esc closes and gives focus back to the button.
    await expect
      .poll(() => dialog.getByRole('button', { name: 'Huỷ' }).evaluate((b) => b.matches(':focus')))
      .toBe(true);
    await h.shot(page, '26-notice-withdraw-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => bar.locator('dialog[open]').count()).toBe(0);
    await expect.poll(() => button.evaluate((b) => b.matches(':focus'))).toBe(true);
    expect(h.t.services.notices.live(id)?.status).toBe('published');

    await button.click();
    await dialog.getByRole('button', { name: 'Gỡ niêm yết' }).click();
    await expect.poll(() => status(page).textContent()).toContain('Đã gỡ khỏi màn hình.');
    await expect.poll(() => bar.count()).toBe(0);
    expect(h.t.services.notices.live(id)).toBeUndefined();
    expect(h.t.services.notices.revisions(id)[0]).toMatchObject({
      status: 'withdrawn',
      closedBy: { name: 'phe.duyet' },
    });
    // A waiting-zone screen of the ward showed it in its hours (9:00 tomorrow, Hà Nội); now it does not.
    expect(shownAt9(id)).toBe(false);
    await page.close();
  });
});

describe('logo upload', () => {
  it('refuses an SVG with a script in plain words; uploads a PNG with the bar at 100 %', async () => {
    const page = await h.signIn('nhan.dien');
    await page.getByRole('link', { name: 'Nhận diện' }).click();
    const file = page.getByLabel('Tệp logo (SVG, PNG, WebP, JPEG)');
    await file.waitFor();
    const logo = page.locator('hcpv-admin-brand-logo');
    await file.setInputFiles({
      name: 'logo-doc-hai.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100" fill="#c00"/></svg>',
      ),
    });
    await logo.getByRole('button', { name: 'Tải lên' }).click();
    const refusal = logo.locator('hcpv-error-message');
    await expect.poll(() => refusal.getAttribute('heading')).toContain('Tệp SVG bị từ chối');
    expect(await refusal.locator('.box').textContent()).toContain('BRAND_SVG_UNSAFE');
    expect(await refusal.locator('.box').textContent()).toContain('Tệp SVG bị từ chối');
    await h.shot(page, '24-logo-svg-refused');

    // Noise keeps the PNG large (about 300 KB), so the upload takes several progress events.
    const png = await sharp(Buffer.from(Array.from({ length: 320 * 320 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 320, height: 320, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(png.length).toBeGreaterThan(200_000);
    await logo.getByLabel('Kiểu logo').selectOption('mono');
    await file.setInputFiles({ name: 'logo-don-sac.png', mimeType: 'image/png', buffer: png });
    await logo.getByRole('button', { name: 'Tải lên' }).click();
    await expect
      .poll(() => logo.locator('[role="status"]').textContent(), { timeout: 15_000 })
      .toContain('Đã tải lên logo-don-sac.png (320×320)');
    expect(await logo.locator('[role="progressbar"]').getAttribute('aria-valuenow')).toBe('100');
    // The bar is drawn full, not only labelled so.
    await expect
      .poll(() =>
        logo
          .locator('[role="progressbar"] .fill')
          .evaluate((el) => el.getBoundingClientRect().width / (el.parentElement?.getBoundingClientRect().width ?? 1)),
      )
      .toBeGreaterThan(0.99);
    expect(await logo.locator('hcpv-error-message').count()).toBe(0);
    await h.shot(page, '25-logo-uploaded');

    // Saving the kit puts the uploaded logo in it.
    await page.getByRole('button', { name: 'Lưu bộ nhận diện' }).click();
    await expect
      .poll(() => page.locator('hcpv-admin-brand form [role="status"]').first().textContent())
      .toBe('Đã lưu.');
    expect(h.t.services.brand.cityKit('hn').logos.mono).toMatchObject({
      name: 'logo-don-sac.png',
      type: 'image/png',
      width: 320,
      height: 320,
    });
    await page.close();
  });
});
