import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { noticeSchema, screenNoticeSchema } from '../../../server/notices/notices.schemas.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';
import { toPlain } from '../../../server/text/rich-text.js';

const JSON_FILE = readFileSync(new URL('../../../config/procedures/thu-tuc-cap-xa.json', import.meta.url), 'utf8');
const XSS = '<script>alert(1)</script><img src=x onerror=alert(1)>';
const vn = (iso: string): number => Date.parse(`${iso}+07:00`);

let t: TestApp;
let editor: string;
let approver: string;
let branchApprover: string;
beforeEach(async () => {
  t = await createTestApp();
  t.clock.set(vn('2026-03-02T09:00:00'));
  const job = t.services.procedures.startImport(
    SYSTEM_ACTOR,
    { orgId: 'hn', format: 'json', content: JSON_FILE, mode: 'all-or-nothing', dryRun: false },
    () => true,
  );
  await t.services.procedures.waitForImport(job.id);
  editor = await t.login('editor', [{ role: 'notice-editor', orgId: 'hn' }]);
  approver = await t.login('approver', [{ role: 'approver', orgId: 'hn' }]);
  branchApprover = await t.login('approver-cn01', [{ role: 'approver', orgId: 'hn-cn01' }]);
});
afterEach(() => t.close());

const draft = (over: Record<string, unknown> = {}) => ({
  title: { vi: 'Thủ tục hộ tịch thường gặp', en: 'Common civil status procedures' },
  procedureCodes: ['1.001193', '1.000894'],
  target: { orgId: 'hn' },
  validFrom: '2026-03-02T08:00:00+07:00',
  validTo: '2026-03-10T00:00:00+07:00',
  priority: 60,
  ...over,
});

async function step(token: string, id: string, verb: string, expected = 200) {
  const res = await t.call('POST', `/api/v1/notices/${id}/${verb}`, { token });
  expect(res.status, `${verb}: ${res.status}`).toBe(expected);
  return res;
}

async function createPublished(over: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/api/v1/notices', { token: editor, body: draft(over) });
  expect(res.status).toBe(201);
  const n = await body(res, noticeSchema);
  await step(editor, n.id, 'submit');
  await step(approver, n.id, 'approve');
  await step(approver, n.id, 'publish');
  return n.id;
}

const screen = (
  siteId: string,
  extra: Partial<{
    zoneId: string | null;
    profile: 'landscape-1080' | 'portrait-1080' | 'counter-720';
    at: number;
  }> = {},
) =>
  t.services.notices.inScopeForScreen({
    siteId,
    zoneId: 'waiting',
    profile: 'landscape-1080',
    at: t.clock.now(),
    ...extra,
  });

describe('notice review workflow', () => {
  it('goes draft → in_review → approved → published, audited at every step', async () => {
    const res = await t.call('POST', '/api/v1/notices', { token: editor, body: draft() });
    const n = await body(res, noticeSchema);
    expect(n).toMatchObject({ status: 'draft', revision: 1, author: { name: 'editor' } });
    expect(screen('hn-p-ba-dinh')).toEqual([]);
    await step(editor, n.id, 'submit');
    // The approver must not be the author, even with both roles.
    const both = await t.login('both', [
      { role: 'notice-editor', orgId: 'hn' },
      { role: 'approver', orgId: 'hn' },
    ]);
    const own = await body(await t.call('POST', '/api/v1/notices', { token: both, body: draft() }), noticeSchema);
    await step(both, own.id, 'submit');
    expect((await errorOf(await step(both, own.id, 'approve', 403))).code).toBe('NOTICE_SELF_APPROVAL');
    // Out of scope: an approver of one branch cannot approve a city-wide notice.
    expect((await errorOf(await step(branchApprover, n.id, 'approve', 403))).code).toBe('FORBIDDEN_SCOPE');
    // An editor cannot approve or publish at all.
    await step(editor, n.id, 'approve', 403);
    await step(approver, n.id, 'publish', 409);
    await step(approver, n.id, 'approve');
    const pub = await body(await step(approver, n.id, 'publish'), noticeSchema);
    expect(pub).toMatchObject({
      status: 'published',
      approvedBy: { name: 'approver' },
      publishedBy: { name: 'approver' },
    });

    const shown = screen('hn-p-ba-dinh');
    expect(shown.map((s) => s.id)).toEqual([n.id]);
    expect(
      screenNoticeSchema
        .array()
        .parse(shown)[0]
        ?.procedures.map((p) => p.code),
    ).toEqual(['1.001193', '1.000894']);
    expect(shown[0]?.procedures[0]?.fees).toBeDefined();

    const audit = t.services.audit.query({ scopePaths: ['/hn/'], entity: 'notice', entityId: n.id, limit: 50 });
    expect(audit.map((e) => e.action).reverse()).toEqual([
      'notice.create',
      'notice.submit',
      'notice.approve',
      'notice.publish',
    ]);
    expect(audit.find((e) => e.action === 'notice.approve')?.actor.name).toBe('approver');
  });

  it('lets a branch approver approve and publish inside the branch only', async () => {
    const branchEditor = await t.login('editor-cn01', [{ role: 'notice-editor', orgId: 'hn-cn01' }]);
    const outside = await t.call('POST', '/api/v1/notices', {
      token: branchEditor,
      body: draft({ target: { orgId: 'hn-cn02' } }),
    });
    expect(outside.status).toBe(403);
    const n = await body(
      await t.call('POST', '/api/v1/notices', { token: branchEditor, body: draft({ target: { orgId: 'hn-cn01' } }) }),
      noticeSchema,
    );
    await step(branchEditor, n.id, 'submit');
    await step(branchApprover, n.id, 'approve');
    await step(branchApprover, n.id, 'publish');
    const inBranch = t.services.org.sitesUnder('hn-cn01').map((s) => s.id);
    expect(inBranch).toContain('hn-p-ba-dinh');
    for (const s of inBranch) expect(screen(s).map((x) => x.id)).toEqual([n.id]);
    expect(screen('hn-p-hoan-kiem')).toEqual([]);
  });

  it('editing a published notice opens a new revision that is reviewed again; the old one shows meanwhile', async () => {
    const id = await createPublished();
    const edit = await t.call('PUT', `/api/v1/notices/${id}`, { token: editor, body: draft({ priority: 90 }) });
    expect((await errorOf(edit)).code).toBe('NOTICE_BAD_STATE');
    const rev = await body(
      await t.call('POST', `/api/v1/notices/${id}/revisions`, {
        token: editor,
        body: draft({ title: { vi: 'Thủ tục hộ tịch (cập nhật)' }, priority: 90 }),
      }),
      noticeSchema,
    );
    expect(rev).toMatchObject({ id, revision: 2, status: 'draft' });
    expect((await t.call('POST', `/api/v1/notices/${id}/revisions`, { token: editor, body: draft() })).status).toBe(
      409,
    );
    expect(screen('hn-p-ba-dinh').map((s) => [s.revision, s.title.vi])).toEqual([[1, 'Thủ tục hộ tịch thường gặp']]);
    await step(editor, id, 'submit');
    await step(approver, id, 'reject');
    expect((await body(await t.call('GET', `/api/v1/notices/${id}`, { token: editor }), noticeSchema)).status).toBe(
      'draft',
    );
    await step(editor, id, 'submit');
    await step(approver, id, 'approve');
    await step(approver, id, 'publish');
    expect(screen('hn-p-ba-dinh').map((s) => [s.revision, s.title.vi])).toEqual([[2, 'Thủ tục hộ tịch (cập nhật)']]);
    const revs = await body(
      await t.call('GET', `/api/v1/notices/${id}/revisions`, { token: editor }),
      z.object({ items: z.array(noticeSchema) }),
    );
    expect(revs.items.map((r) => [r.revision, r.status])).toEqual([
      [1, 'superseded'],
      [2, 'published'],
    ]);
    const actions = t.services.audit
      .query({ scopePaths: ['/hn/'], entity: 'notice', entityId: id, limit: 50 })
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual([
      'notice.create',
      'notice.submit',
      'notice.approve',
      'notice.publish',
      'notice.revise',
      'notice.submit',
      'notice.reject',
      'notice.submit',
      'notice.approve',
      'notice.supersede',
      'notice.publish',
    ]);
  });

  it('withdraws, and expires by the clock at validTo (midnight Vietnam time)', async () => {
    const id = await createPublished({ validTo: '2026-03-03T00:00:00+07:00' });
    t.clock.set(vn('2026-03-02T23:59:59'));
    expect(screen('hn-p-ba-dinh')).toHaveLength(1);
    t.clock.set(vn('2026-03-03T00:00:00'));
    expect(screen('hn-p-ba-dinh')).toHaveLength(0);
    expect(t.services.notices.get(id).status).toBe('expired');
    // Sessions last 12 h: sign in again on the new day.
    editor = await t.login('editor', []);
    approver = await t.login('approver', []);
    const id2 = await createPublished({ validFrom: '2026-03-03T00:00:00+07:00', validTo: null });
    expect(screen('hn-p-ba-dinh').map((s) => s.id)).toEqual([id2]);
    await step(approver, id2, 'withdraw');
    expect(screen('hn-p-ba-dinh')).toHaveLength(0);
    expect(t.services.notices.get(id2).status).toBe('withdrawn');
  });

  it('shows by window, daily hours, tags, zones and profiles, sorted by priority', async () => {
    const morning = await createPublished({ dailyHours: [{ from: '07:30', to: '11:30' }], priority: 10 });
    const later = await createPublished({ validFrom: '2026-03-02T10:00:00+07:00', priority: 80 });
    const wards = await createPublished({
      target: { orgId: 'hn', tags: ['ward'], zones: ['waiting'], profiles: ['portrait-1080'] },
      priority: 50,
    });
    const at = (iso: string) => vn(iso);
    expect(screen('hn-p-ba-dinh', { at: at('2026-03-02T09:00:00') }).map((s) => s.id)).toEqual([morning]);
    expect(
      screen('hn-p-ba-dinh', { at: at('2026-03-02T10:00:00'), profile: 'portrait-1080' }).map((s) => s.id),
    ).toEqual([later, wards, morning]);
    expect(screen('hn-p-ba-dinh', { at: at('2026-03-02T11:30:00') }).map((s) => s.id)).toEqual([later]);
    expect(
      screen('hn-p-ba-dinh', { at: at('2026-03-02T10:00:00'), profile: 'portrait-1080', zoneId: 'counters' }).map(
        (s) => s.id,
      ),
    ).toEqual([later, morning]);
    expect(
      screen('hn-x-dong-anh', { at: at('2026-03-02T10:00:00'), profile: 'portrait-1080' }).map((s) => s.id),
    ).toEqual([later, morning]);
    expect(
      t.services.notices.nextChangeForScreen({
        siteId: 'hn-p-ba-dinh',
        zoneId: 'waiting',
        profile: 'landscape-1080',
        at: at('2026-03-02T09:00:00'),
      }),
    ).toBe(at('2026-03-02T10:00:00'));
  });

  it('emits changed with the org paths on publish and withdraw', async () => {
    const seen: string[][] = [];
    t.services.notices.events.on('changed', ({ orgPaths }) => seen.push(orgPaths));
    const id = await createPublished({ target: { orgId: 'hn-cn01' } });
    await step(approver, id, 'withdraw');
    expect(seen).toEqual([['/hn/hn-ttpvhcc/hn-cn01/'], ['/hn/hn-ttpvhcc/hn-cn01/']]);
  });

  it('keeps XSS in titles and bodies as text, and refuses unknown fields and procedures', async () => {
    const res = await t.call('POST', '/api/v1/notices', {
      token: editor,
      body: draft({
        title: { vi: `Tiêu đề ${XSS}` },
        procedureCodes: [],
        body: { vi: `**Chú ý** ${XSS}\n\n- <b>mục</b>` },
      }),
    });
    expect(res.status).toBe(201);
    const n = await body(res, noticeSchema);
    expect(n.title.vi).toBe(`Tiêu đề ${XSS}`);
    expect(n.body?.vi[0]).toEqual({ type: 'p', spans: [{ text: 'Chú ý', bold: true }, { text: ` ${XSS}` }] });
    expect(toPlain(n.body?.vi ?? [])).toContain('• <b>mục</b>');
    const html = await t.call('POST', '/api/v1/notices', { token: editor, body: { ...draft(), html: '<p>x</p>' } });
    expect(html.status).toBe(400);
    const unknown = await t.call('POST', '/api/v1/notices', {
      token: editor,
      body: draft({ procedureCodes: ['9.999999'] }),
    });
    expect((await errorOf(unknown)).details?.[0]?.path).toBe('procedureCodes.0');
  });
});
