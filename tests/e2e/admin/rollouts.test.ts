/** Publishing a brand release to one branch with a canary, followed live to 100 % with simulated screens, then rolled back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasesForTest } from '../../integration/screens/releases.js';
import { startAdminHarness, type AdminHarness } from './harness.js';
import { startSimScreens, type SimScreens } from './screen-sim.js';

const BRANCH = 'hn-cn01';
let h: AdminHarness;
let sims: SimScreens | undefined;

beforeAll(async () => {
  h = await startAdminHarness();
  await h.addUser('trien.khai', 'Bùi Thanh Tâm', [{ role: 'brand-editor', orgId: 'hn' }]);
});
afterAll(async () => {
  await sims?.stop();
  await h?.close();
});

const allShow = (s: SimScreens, release: string) => s.ids.every((id) => s.shown.get(id) === release);

describe('rollouts', () => {
  it('rolls a release out to a branch with a canary, reaches 100 %, and rolls back', async () => {
    const [prev, next] = await releasesForTest(h.t);
    // Every screen of the branch starts on `prev`.
    const setup = await h.t.login('ro.setup', [{ role: 'brand-editor', orgId: 'hn' }]);
    const first = await h.t.call('POST', '/api/v1/rollouts', {
      token: setup,
      body: { releaseId: prev, target: { orgId: BRANCH } },
    });
    expect(first.status).toBe(201);
    const sites = h.t.services.org.sitesUnder(BRANCH).map((u) => u.id);
    sims = startSimScreens(h.t, h.base, sites);
    const s = sims;
    expect(s.ids.length).toBeGreaterThan(3);
    await expect.poll(() => allShow(s, prev), { timeout: 30_000 }).toBe(true);

    const page = await h.signIn('trien.khai');
    await page.getByRole('link', { name: 'Triển khai' }).click();
    const form = page.locator('form[aria-label="Triển khai mới"]');
    await form.waitFor();
    await form.getByLabel('Phiên bản').selectOption(next);
    const tree = form.getByRole('tree', { name: 'Đến đơn vị' });
    const item = (name: string) => tree.getByRole('treeitem', { name, exact: true });
    const summary = form.locator('.summary');
    const store = h.t.services.screens.store;
    const active = (...units: string[]) =>
      store.list({ under: units.map((u) => h.t.services.org.get(u).path) }).filter((x) => x.status === 'active');

    // Two branches at once, then only their portrait screens: the count follows each choice.
    await item('Chi nhánh số 1, Chi nhánh').click();
    await item('Chi nhánh số 2, Chi nhánh').click();
    const both = active(BRANCH, 'hn-cn02');
    const bothSites = new Set(both.map((x) => x.siteId)).size;
    await expect
      .poll(() => summary.textContent())
      .toContain(`Sẽ triển khai đến ${both.length} màn hình tại ${bothSites} điểm phục vụ.`);
    expect(await item('Trung tâm PVHCC Hà Nội, Trung tâm').getAttribute('aria-checked')).toBe('mixed');
    const portrait = both.filter((x) => x.tags.includes('portrait-1080'));
    await form.getByLabel(`portrait-1080 (${portrait.length})`).check();
    await expect.poll(() => summary.getAttribute('data-targeted')).toBe(String(portrait.length));
    await h.shot(page, '15a-rollout-tree-tags');
    await form.getByLabel(`portrait-1080 (${portrait.length})`).uncheck();
    await item('Chi nhánh số 2, Chi nhánh').click();

    await expect.poll(() => summary.getAttribute('data-targeted')).toBe(String(s.ids.length));
    const canary = s.ids[0] ?? '';
    await form.getByLabel('Màn hình thử trước (canary)').selectOption(canary);
    await form.getByRole('button', { name: 'Bắt đầu triển khai' }).click();
    const confirm = page.locator('hcpv-admin-rollouts dialog[open]');
    expect(await confirm.textContent()).toContain(`đến ${s.ids.length} màn hình`);
    expect(await confirm.textContent()).toContain('Đơn vị: Chi nhánh số 1');
    await h.shot(page, '15b-rollout-confirm');
    await confirm.getByRole('button', { name: 'Triển khai', exact: true }).click();

    const status = page.locator('hcpv-admin-rollouts .status');
    const bar = page.locator('hcpv-admin-rollouts [role="progressbar"]');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('completed');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect(await page.locator('hcpv-admin-rollouts [data-count="acked"] b').textContent()).toBe(String(s.ids.length));
    expect(await page.locator('hcpv-admin-rollouts [data-count="failed"] b').textContent()).toBe('0');
    expect(await page.locator('hcpv-admin-rollouts table[aria-label="Màn hình chưa cập nhật"]').count()).toBe(0);
    expect(allShow(s, next)).toBe(true);
    await h.shot(page, '15-rollout-complete');

    await page.getByRole('button', { name: 'Quay lại phiên bản trước…' }).click();
    const dialog = page.locator('hcpv-admin-rollout-progress dialog[open]');
    expect(await dialog.textContent()).toContain(`${s.ids.length} màn hình sẽ trở lại`);
    await h.shot(page, '16-rollback-confirm');
    await dialog.getByRole('button', { name: 'Quay lại', exact: true }).click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('rolled-back');
    await expect.poll(() => allShow(s, prev), { timeout: 30_000 }).toBe(true);
    await page.close();
  });
});
