/**
 * Journeys through the admin console in Debian Chromium against the real server: sign in,
 * navigation by role, org browser with search and a site page, users, audit filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminHarness, type AdminHarness } from './harness.js';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  await h.addUser('city.admin', 'Nguyễn Thị Hằng', [{ role: 'city-admin', orgId: 'hn' }]);
  await h.addUser('ward.viewer', 'Trần Văn Đức', [{ role: 'viewer', orgId: 'hn-p-ba-dinh' }]);
});

afterAll(async () => {
  await h?.close();
});

describe('admin console', () => {
  it('refuses a wrong password with a clear message, then signs in with Enter', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(`${h.base}/admin`);
    await page.getByLabel('Tên đăng nhập').fill('city.admin');
    await page.getByLabel('Mật khẩu').fill('not the password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sai tên đăng nhập hoặc mật khẩu');
    await h.shot(page, '01-login-refused');
    await page.close();

    const signed = await h.signIn('city.admin');
    const nav = signed.locator('nav[aria-label="Điều hướng chính"] a');
    expect(await nav.allTextContents()).toEqual([
      'Đơn vị',
      'Màn hình',
      'Nhận diện',
      'Triển khai',
      'Thủ tục',
      'Niêm yết',
      'Cảnh báo khẩn',
      'Người dùng',
      'Nhật ký',
    ]);
    await expect.poll(() => signed.locator('header .who').textContent()).toBe('Nguyễn Thị Hằng');
    await signed.close();
  });

  it('shows a viewer only what their role allows', async () => {
    const page = await h.signIn('ward.viewer');
    expect(await page.locator('nav[aria-label="Điều hướng chính"] a').allTextContents()).toEqual([
      'Đơn vị',
      'Màn hình',
      'Thủ tục',
    ]);
    // Their tree holds only their own ward.
    await page.locator('hcpv-org-tree a').first().waitFor();
    const names = await page.locator('hcpv-org-tree a').allTextContents();
    expect(names.length).toBe(1);
    expect(names[0]).toContain('Ba Đình');
    // A typed-in route to a page they may not see shows nothing of it.
    await page.goto(`${h.base}/admin#/users`);
    await page.locator('nav').waitFor();
    expect(await page.locator('hcpv-admin-users').count()).toBe(0);
    await page.close();
  });

  it('browses the org tree with a search without diacritics and opens a site page', async () => {
    const page = await h.signIn('city.admin');
    await page.locator('hcpv-org-tree a').first().waitFor();
    const all = await page.locator('hcpv-org-tree a').count();
    expect(all).toBeGreaterThan(20);
    await h.shot(page, '02-org-tree');
    await page.getByLabel('Tìm đơn vị').fill('ba dinh');
    await expect.poll(() => page.locator('hcpv-org-tree mark').allTextContents()).toContain('Phường Ba Đình');
    expect(await page.locator('hcpv-org-tree a').count()).toBeLessThan(all);
    await page.locator('hcpv-org-tree a', { hasText: 'Phường Ba Đình' }).click();
    await expect.poll(() => page.url()).toContain('#/org/hn-p-ba-dinh');
    await page.locator('hcpv-admin-site table[aria-label="Quầy"]').waitFor();
    const zones = await page.locator('hcpv-admin-site table[aria-label="Khu chức năng"] tbody tr').count();
    expect(zones).toBeGreaterThan(0);
    expect(await page.locator('hcpv-admin-site h1').textContent()).toBe('Điểm phục vụ hành chính công phường Ba Đình');
    await h.shot(page, '03-site-page');
    // The English switch.
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.locator('hcpv-admin-site table[aria-label="Counters"]').count()).toBe(1);
    await h.shot(page, '04-site-page-en');
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.close();
  });

  it('creates a user from the keyboard and sees it in the list and the audit log', async () => {
    const page = await h.signIn('city.admin');
    await page.goto(`${h.base}/admin#/users`);
    await page.locator('hcpv-admin-users tbody tr').first().waitFor();
    const form = page.locator('form[aria-label="Thêm người dùng"]');
    // Too-short password: the server refuses with the field named.
    await form.getByLabel('Tên đăng nhập').fill('le.thi.mai');
    await form.getByLabel('Họ và tên').fill('Lê Thị Mai');
    await form.getByLabel('Mật khẩu').fill('short');
    await form.getByLabel('Vai trò').selectOption('notice-editor');
    await form.getByLabel('Trên đơn vị').selectOption('hn-p-ba-dinh');
    await form.getByLabel('Mật khẩu').press('Enter');
    await expect.poll(() => page.locator('hcpv-admin-users tbody tr', { hasText: 'le.thi.mai' }).count()).toBe(0);
    await form.getByLabel('Mật khẩu').fill('mật khẩu đủ dài 2026');
    await form.getByLabel('Mật khẩu').press('Enter');
    await expect.poll(() => page.locator('hcpv-admin-users [role="status"]').textContent()).toContain('Lê Thị Mai');
    const row = page.locator('hcpv-admin-users tbody tr', { hasText: 'le.thi.mai' });
    await expect.poll(() => row.textContent()).toContain('Biên tập niêm yết · Phường Ba Đình');
    await h.shot(page, '05-users');

    await page.goto(`${h.base}/admin#/audit`);
    await page.locator('hcpv-admin-audit tbody tr').first().waitFor();
    await page.getByLabel('Đối tượng').fill('user');
    await page.getByLabel('Thao tác', { exact: true }).fill('user.create');
    await page.getByLabel('Thao tác', { exact: true }).press('Enter');
    await expect.poll(() => page.locator('hcpv-admin-audit tbody').textContent()).toContain('Lê Thị Mai');
    const actions = await page.locator('hcpv-admin-audit tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(actions.map((a) => a.trim()))).toEqual(new Set(['user.create']));
    // Dates in the wrong order are refused before any request.
    await page.getByLabel('Từ ngày').fill('2026-03-05');
    await page.getByLabel('Đến ngày').fill('2026-03-01');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await expect.poll(() => page.locator('hcpv-admin-audit [role="alert"]').textContent()).toContain('Từ ngày');
    await h.shot(page, '06-audit');
    await page.close();
  });
});
