/**
 * The main forms with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows, and typing):
 * sign in, change a brand colour and save, write a notice with a procedure and a zone and send it
 * for review, choose a branch in the unit tree and start a rollout through its confirmation.
 * Every stop Tab lands on must have a name and a visible focus ring.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { seedProcedures } from '../../../server/seed/seed-content.js';
import { TEST_PASSWORD } from '../../helpers/test-app.js';
import { startAdminHarness, type AdminHarness } from './harness.js';

let h: AdminHarness;

beforeAll(async () => {
  h = await startAdminHarness();
  seedProcedures(h.t.services, 'hn', readFileSync('config/procedures/thu-tuc-cap-xa.json', 'utf8'));
  await h.t.services.brand.createRelease({ kind: 'system', id: 'test', name: 'test' }, 'hn', 'Bản đầu');
  await h.addUser('ban.phim', 'Lương Thị Hoa', [
    { role: 'brand-editor', orgId: 'hn' },
    { role: 'notice-editor', orgId: 'hn' },
  ]);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

interface Stop {
  tag: string;
  name: string;
  /** A focus indicator is drawn (outline on the element, or on its row for tree items). */
  ring: boolean;
}

/** The element that has focus, through shadow roots, described as a person using the keyboard meets it. */
function focused(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!(el instanceof HTMLElement)) return { tag: 'none', name: '', ring: false };
    const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const root = el.getRootNode();
    const byIds = (ids: string | null) =>
      (ids ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) =>
          root instanceof ShadowRoot || root instanceof Document ? root.getElementById(id)?.textContent : '',
        )
        .join(' ');
    const labels =
      el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement
        ? [...(el.labels ?? [])].map((l) => l.textContent).join(' ')
        : '';
    const name = squash(
      el.getAttribute('aria-label') ||
        byIds(el.getAttribute('aria-labelledby')) ||
        labels ||
        (el instanceof HTMLInputElement ? '' : el.textContent) ||
        el.getAttribute('title') ||
        el.getAttribute('placeholder'),
    );
    const drawn = (x: Element | null) => {
      if (!x) return false;
      const cs = getComputedStyle(x);
      return cs.outlineStyle !== 'none' && cs.outlineWidth !== '0px';
    };
    // A date field's calendar button is a stop inside the field (the field is then :focus-within only).
    const active = el.matches(':focus-visible') || (!el.matches(':focus') && el.matches(':focus-within'));
    const ring = active && (drawn(el) || drawn(el.querySelector(':scope > .row')));
    return { tag: el.localName, name, ring };
  });
}

const stops: Stop[] = [];

/** Press Tab (or Shift+Tab) until focus is on what `name` matches (its accessible name starts with it). */
async function tabTo(page: Page, name: string | RegExp, opts: { back?: boolean; max?: number } = {}): Promise<void> {
  const hit = (s: Stop) => (typeof name === 'string' ? s.name.startsWith(name) : name.test(s.name));
  for (let i = 0; i < (opts.max ?? 120); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const s = await focused(page);
    if (s.tag !== 'body') stops.push(s);
    if (hit(s)) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/** After a page change from the navigation, focus is on the page itself. */
async function expectPageFocus(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(() => document.querySelector('hcpv-admin-app')?.shadowRoot?.activeElement?.localName))
    .toBe('main');
}

async function expectFocus(page: Page, name: string | RegExp): Promise<void> {
  await expect.poll(async () => (await focused(page)).name).toMatch(name);
}

describe('keyboard only', () => {
  it('signs in, edits the brand, writes a notice and starts a rollout without a mouse', async () => {
    const page = await h.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN' });
    await page.goto(`${h.base}/admin`);
    await page.locator('hcpv-login').waitFor();

    // ---- sign in ----
    await tabTo(page, 'Tên đăng nhập');
    await page.keyboard.type('ban.phim');
    await tabTo(page, 'Mật khẩu');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('nav[aria-label="Điều hướng chính"]').waitFor();

    // The first stop skips the header straight into the page.
    await tabTo(page, 'Bỏ qua đến nội dung chính', { max: 1 });
    await h.shot(page, '30-keyboard-skip-link');

    // ---- brand: a colour typed in, contrast checked, saved ----
    await tabTo(page, 'Nhận diện');
    await page.keyboard.press('Enter');
    await page.locator('hcpv-admin-brand #color-accent').waitFor();
    // Focus moved to the page, so Tab goes on into its content, not back through the header.
    await expect
      .poll(() => page.evaluate(() => document.querySelector('hcpv-admin-app')?.shadowRoot?.activeElement?.localName))
      .toBe('main');
    await tabTo(page, 'Màu nhấn (khẩu hiệu) accent', { max: 10 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type('#FFD54F');
    const save = page.getByRole('button', { name: 'Lưu bộ nhận diện' });
    await expect.poll(() => save.isDisabled()).toBe(false);
    await tabTo(page, 'Lưu bộ nhận diện');
    await h.shot(page, '31-keyboard-brand');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('hcpv-admin-brand form [role="status"]').first().textContent())
      .toBe('Đã lưu.');
    expect(h.t.services.brand.cityKit('hn').colors['accent']).toBe('#FFD54F');

    // ---- notice: title, text, a procedure, a zone, sent for review ----
    await tabTo(page, 'Niêm yết', { back: true });
    await page.keyboard.press('Enter');
    await expectPageFocus(page);
    await tabTo(page, 'Soạn niêm yết mới', { max: 10 });
    await page.keyboard.press('Enter');
    await tabTo(page, 'Tiêu đề');
    await page.keyboard.type('Lịch tiếp dân tháng Ba');
    await tabTo(page, 'Nội dung (tuỳ chọn)');
    await page.keyboard.type('Tiếp dân sáng thứ Bảy.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- Mang theo **căn cước**');
    await tabTo(page, 'Tìm thủ tục');
    await page.keyboard.type('khai sinh');
    await page.getByRole('button', { name: 'Thêm 1.001193' }).waitFor();
    await tabTo(page, 'Thêm 1.001193', { max: 30 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('hcpv-admin-procedure-picker ol.chosen').textContent()).toContain('1.001193');
    await tabTo(page, /^Khu vực chờ/);
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('checkbox', { name: /^Khu vực chờ/ }).isChecked()).toBe(true);
    await tabTo(page, 'Gửi duyệt');
    await h.shot(page, '32-keyboard-notice');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('hcpv-admin-notice-editor [role="status"]').textContent(), { timeout: 10_000 })
      .toContain('Đã gửi duyệt.');
    const notice = h.t.services.notices.list(['/'], 'in_review').find((n) => n.title.vi === 'Lịch tiếp dân tháng Ba');
    expect(notice).toMatchObject({ procedureCodes: ['1.001193'], target: { orgId: 'hn', zones: ['waiting'] } });
    expect(notice?.body?.vi).toHaveLength(2);

    // ---- rollout: a branch chosen with the arrows and Space, confirmed in the dialog ----
    await tabTo(page, 'Triển khai', { back: true });
    await page.keyboard.press('Enter');
    await expectPageFocus(page);
    await page.getByRole('tree', { name: 'Đến đơn vị' }).waitFor();
    await tabTo(page, 'Thành phố Hà Nội, Thành phố', { max: 10 });
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'Trung tâm PVHCC Hà Nội, Trung tâm');
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, 'Chi nhánh số 1, Chi nhánh');
    // → opens the branch, ← closes it again; focus stays put.
    const branch = page.getByRole('treeitem', { name: 'Chi nhánh số 1, Chi nhánh', exact: true });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => branch.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => branch.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Space');
    await expect.poll(() => branch.getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('treeitem', { name: 'Thành phố Hà Nội, Thành phố' }).getAttribute('aria-checked')).toBe(
      'mixed',
    );
    const screens = h.t.services.screens.store
      .list({ under: [h.t.services.org.get('hn-cn01').path] })
      .filter((s) => s.status === 'active').length;
    await expect
      .poll(() => page.locator('hcpv-admin-rollouts .summary').getAttribute('data-targeted'))
      .toBe(String(screens));
    await tabTo(page, 'Bắt đầu triển khai');
    await h.shot(page, '33-keyboard-rollout');
    await page.keyboard.press('Enter');
    // The dialog takes focus on its confirm button; Enter starts the rollout.
    await page.locator('hcpv-admin-rollouts dialog[open]').waitFor();
    await expectFocus(page, 'Triển khai');
    await page.keyboard.press('Enter');
    await page.locator('hcpv-admin-rollout-progress [role="progressbar"]').waitFor();
    const [rollout] = h.t.services.rollouts.store.list(['/hn/']);
    expect(rollout?.target).toEqual({ orgId: 'hn-cn01' });
    // Focus lands on the live progress of the rollout just started.
    await expectFocus(page, /^Tiến độ · Đang triển khai/);

    // Every stop on the way had a name and a visible focus ring.
    expect(stops.length).toBeGreaterThan(40);
    expect(stops.filter((s) => s.name === '')).toEqual([]);
    expect(stops.filter((s) => !s.ring)).toEqual([]);
    await page.close();
  });
});
