/** Rollout targets: several units at once (the union of their subtrees), tags, a dry-run preview, and units out of bounds. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { body, createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { progressSchema, rolloutSchema } from '../../../server/rollouts/rollouts.routes.js';
import { targetPreviewSchema } from '../../../server/rollouts/rollouts.schemas.js';
import { releasesForTest } from './releases.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const detailSchema = z.object({ rollout: rolloutSchema, progress: progressSchema });

/** Active screens under these units, straight from the store (what the API must select). */
function activeUnder(...units: string[]) {
  const paths = units.map((u) => t.services.org.get(u).path);
  return t.services.screens.store.list({ under: paths }).filter((s) => s.status === 'active');
}

describe('rollout targets', () => {
  it('targets the union of several units, filtered by tags, exactly as previewed', async () => {
    const [, next] = await releasesForTest(t);
    const editor = await t.login('ro.editor', [{ role: 'brand-editor', orgId: 'hn' }]);
    // Two branches and one site of a third branch, plus a site inside the first branch (adds nothing).
    const units = ['hn-cn01', 'hn-cn03', 'hn-cn05-tru-so', 'hn-cn01-tru-so'];
    const expected = activeUnder('hn-cn01', 'hn-cn03', 'hn-cn05-tru-so');
    expect(expected.length).toBeGreaterThan(10);
    const sitesOf = new Set(expected.map((s) => s.siteId));
    expect(sitesOf.size).toBeGreaterThan(3);

    const preview = await body(
      await t.call('POST', '/api/v1/rollouts/preview', {
        token: editor,
        body: { target: { orgId: 'hn-ttpvhcc', units } },
      }),
      targetPreviewSchema,
    );
    expect(preview.targeted).toBe(expected.length);
    expect(preview.sites).toBe(sitesOf.size);
    // Tags present on those screens, with counts, for the console's tag chooser.
    const portrait = expected.filter((s) => s.tags.includes('portrait-1080'));
    expect(portrait.length).toBeGreaterThan(0);
    expect(portrait.length).toBeLessThan(expected.length);
    expect(preview.tags).toContainEqual({ tag: 'portrait-1080', screens: portrait.length });
    expect(preview.tags).toContainEqual({ tag: 'demo', screens: expected.length });

    const tagged = await body(
      await t.call('POST', '/api/v1/rollouts/preview', {
        token: editor,
        body: { target: { orgId: 'hn-ttpvhcc', units, tags: ['portrait-1080'] } },
      }),
      targetPreviewSchema,
    );
    expect(tagged.targeted).toBe(portrait.length);
    // The chooser still lists every tag of the chosen units, not only the filtered ones.
    expect(tagged.tags).toEqual(preview.tags);

    const res = await t.call('POST', '/api/v1/rollouts', {
      token: editor,
      body: { releaseId: next, target: { orgId: 'hn-ttpvhcc', units, tags: ['portrait-1080'] } },
    });
    expect(res.status).toBe(201);
    const rollout = rolloutSchema.parse(await res.json());
    expect(rollout.target).toEqual({ orgId: 'hn-ttpvhcc', units, tags: ['portrait-1080'] });
    const d = await body(await t.call('GET', `/api/v1/rollouts/${rollout.id}`, { token: editor }), detailSchema);
    expect(d.progress.targeted).toBe(portrait.length);
    expect(d.rollout.target.units).toEqual(units);
    // Exactly those screens were assigned the release; screens of other branches were not.
    const assigned = t.services.screens.store
      .list({ under: ['/hn/'] })
      .filter((s) => s.releaseId === next)
      .map((s) => s.id)
      .sort();
    expect(assigned).toEqual(portrait.map((s) => s.id).sort());
    expect(activeUnder('hn-cn02').every((s) => s.releaseId !== next)).toBe(true);
  });

  it('without units it still targets the whole subtree (the old shape)', async () => {
    const [, next] = await releasesForTest(t);
    const editor = await t.login('ro.editor', [{ role: 'brand-editor', orgId: 'hn' }]);
    const res = await t.call('POST', '/api/v1/rollouts', {
      token: editor,
      body: { releaseId: next, target: { orgId: 'hn-cn02' } },
    });
    expect(res.status).toBe(201);
    const rollout = rolloutSchema.parse(await res.json());
    const d = await body(await t.call('GET', `/api/v1/rollouts/${rollout.id}`, { token: editor }), detailSchema);
    expect(d.progress.targeted).toBe(activeUnder('hn-cn02').length);
  });

  it('refuses units outside the root, unknown units and units outside the caller’s scope, naming each', async () => {
    const [, next] = await releasesForTest(t);
    const branchEditor = await t.login('ro.branch', [{ role: 'brand-editor', orgId: 'hn-cn01' }]);

    // A site of another branch under this branch's root: 400 naming the unit and its index.
    const outside = await t.call('POST', '/api/v1/rollouts', {
      token: branchEditor,
      body: { releaseId: next, target: { orgId: 'hn-cn01', units: ['hn-cn01-tru-so', 'hn-cn02-tru-so'] } },
    });
    expect(outside.status).toBe(400);
    const e1 = await errorOf(outside);
    expect(e1.code).toBe('ROLLOUT_UNIT_OUTSIDE');
    expect(e1.message).toContain('hn-cn02-tru-so');
    expect(e1.details).toEqual([{ path: 'target.units.1', message: 'hn-cn02-tru-so is not within hn-cn01' }]);

    const unknown = await t.call('POST', '/api/v1/rollouts/preview', {
      token: branchEditor,
      body: { target: { orgId: 'hn-cn01', units: ['hn-cn01-khong-co'] } },
    });
    expect(unknown.status).toBe(400);
    const e2 = await errorOf(unknown);
    expect(e2.code).toBe('ROLLOUT_UNIT_OUTSIDE');
    expect(e2.details?.[0]).toEqual({ path: 'target.units.0', message: 'no org unit "hn-cn01-khong-co"' });

    // Rooted where the caller holds no rollout.manage: 403, for the preview as for the start.
    const target = { orgId: 'hn-ttpvhcc', units: ['hn-cn01', 'hn-cn02'] };
    for (const [path, b] of [
      ['/api/v1/rollouts', { releaseId: next, target }],
      ['/api/v1/rollouts/preview', { target }],
    ] as const) {
      const res = await t.call('POST', path, { token: branchEditor, body: b });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('FORBIDDEN_SCOPE');
    }

    // A viewer of the branch may see screens but not start or preview rollouts.
    const viewer = await t.login('ro.viewer', [{ role: 'viewer', orgId: 'hn-cn01' }]);
    const denied = await t.call('POST', '/api/v1/rollouts', {
      token: viewer,
      body: { releaseId: next, target: { orgId: 'hn-cn01', units: ['hn-cn01-tru-so'] } },
    });
    expect(denied.status).toBe(403);

    // Nothing was started by any of the refused requests.
    expect(t.services.rollouts.store.list(['/hn/'])).toEqual([]);
    // Within scope it works, for exactly the chosen site.
    const ok = await t.call('POST', '/api/v1/rollouts', {
      token: branchEditor,
      body: { releaseId: next, target: { orgId: 'hn-cn01', units: ['hn-cn01-tru-so'] } },
    });
    expect(ok.status).toBe(201);
    const r = rolloutSchema.parse(await ok.json());
    const d = await body(await t.call('GET', `/api/v1/rollouts/${r.id}`, { token: branchEditor }), detailSchema);
    expect(d.progress.targeted).toBe(activeUnder('hn-cn01-tru-so').length);
    expect(d.progress.targeted).toBeLessThan(activeUnder('hn-cn01').length);
  });

  it('a tag no chosen screen carries selects nothing and starts nothing', async () => {
    const [, next] = await releasesForTest(t);
    const editor = await t.login('ro.editor', [{ role: 'brand-editor', orgId: 'hn' }]);
    const target = { orgId: 'hn', units: ['hn-cn04'], tags: ['khong-co-the'] };
    const p = await body(
      await t.call('POST', '/api/v1/rollouts/preview', { token: editor, body: { target } }),
      targetPreviewSchema,
    );
    expect(p).toMatchObject({ targeted: 0, sites: 0 });
    const res = await t.call('POST', '/api/v1/rollouts', { token: editor, body: { releaseId: next, target } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('ROLLOUT_NO_TARGETS');
  });
});
