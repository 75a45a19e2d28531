import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, body, type TestApp } from '../../helpers/test-app.js';
import { manifestSchema } from '../../../displays/shared/protocol.js';
import { progressSchema, rolloutSchema } from '../../../server/rollouts/rollouts.routes.js';
import { http, serveApp, StreamClient, type Served } from './screen-client.js';
import { releasesForTest } from './releases.js';

const SITE = 'hn-p-ba-dinh';
let t: TestApp;
let s: Served;
const streams: StreamClient[] = [];
beforeEach(async () => {
  t = await createTestApp();
  s = await serveApp(t);
});
afterEach(async () => {
  for (const c of streams.splice(0)) c.close();
  await s.close();
  t.close();
});

/** The seeded screens of a site, each with a fresh token (pairing itself is tested elsewhere). */
function siteScreens(siteId: string): { id: string; token: string }[] {
  return t.services.screens.store
    .list({ siteId })
    .map((sc) => ({ id: sc.id, token: t.services.screens.issueToken(sc.id) }));
}

async function manifestOf(token: string) {
  const res = await http(s.base, 'GET', '/api/v1/display/manifest', { token });
  expect(res.status).toBe(200);
  return manifestSchema.parse(await res.json());
}

const detailSchema = z.object({ rollout: rolloutSchema, progress: progressSchema });
async function progress(token: string, id: string) {
  return body(await http(s.base, 'GET', `/api/v1/rollouts/${id}`, { token }), detailSchema);
}

describe('rollouts', () => {
  it('a canary that acks with an error halts the rollout before the rest', async () => {
    const editor = await t.login('brand', [{ role: 'brand-editor', orgId: 'hn' }]);
    const screens = siteScreens(SITE);
    expect(screens.length).toBeGreaterThanOrEqual(4);
    const [canary, ...rest] = screens;
    if (!canary) throw new Error('no screens');
    let before: Awaited<ReturnType<typeof manifestOf>>[] = [];
    const [first, next] = await releasesForTest(t, async () => {
      before = await Promise.all(screens.map((x) => manifestOf(x.token)));
    });
    // Screens are pinned to the release they first saw: a newer release reaches them only by rollout.
    for (const m of before) expect(m.brand.releaseId).toBe(first);
    expect((await manifestOf(canary.token)).brand.releaseId).toBe(first);
    const canaryStream = await StreamClient.open(s.base, canary.token);
    streams.push(canaryStream);
    await canaryStream.waitFor((m) => m.type === 'hello');
    const from = canaryStream.messages.length;

    const viewer = await t.login('viewer', [{ role: 'viewer', orgId: SITE }]);
    const denied = await http(s.base, 'POST', '/api/v1/rollouts', {
      token: viewer,
      body: { releaseId: next, target: { orgId: SITE } },
    });
    expect(denied.status).toBe(403);
    const outside = await http(s.base, 'POST', '/api/v1/rollouts', {
      token: editor,
      body: { releaseId: next, target: { orgId: SITE }, canary: ['hn-p-ngoc-ha-scr-lobby'] },
    });
    expect(outside.status).toBe(400);

    const res = await http(s.base, 'POST', '/api/v1/rollouts', {
      token: editor,
      body: { releaseId: next, target: { orgId: SITE }, canary: [canary.id] },
    });
    expect(res.status).toBe(201);
    const rollout = rolloutSchema.parse(await res.json());
    expect(rollout.status).toBe('canary');
    await canaryStream.waitFor((m) => m.type === 'manifest' && m.reason === 'release', from);

    const m = await manifestOf(canary.token);
    expect(m.brand.releaseId).toBe(next);
    // The real brand release: asset URLs with their sha256, for this screen's profile.
    expect(m.brand.assets.length).toBeGreaterThan(0);
    for (const a of m.brand.assets) expect(a.url).toMatch(/^\/api\/v1\/brand\/assets\//);
    let p = (await progress(editor, rollout.id)).progress;
    expect(p).toMatchObject({ targeted: screens.length, delivered: 1, acked: 0, waiting: rest.length });

    await http(s.base, 'POST', '/api/v1/display/ack', {
      token: canary.token,
      body: { hash: m.hash, errors: ['logo-full.svg: sha256 mismatch'] },
    });
    const after = await progress(editor, rollout.id);
    expect(after.rollout.status).toBe('halted');
    p = after.progress;
    expect(p).toMatchObject({ failed: 1, acked: 0, waiting: rest.length });
    expect(p.failures[0]).toMatchObject({ screenId: canary.id, error: 'logo-full.svg: sha256 mismatch' });
    // The rest never got the release.
    for (const [i, x] of rest.entries()) {
      const mm = await manifestOf(x.token);
      expect(mm.brand.releaseId).toBe(before[i + 1]?.brand.releaseId);
      expect(mm.brand.releaseId).not.toBe(next);
    }
  });

  it('a clean canary lets the rest follow; offline screens complete when they return; rollback restores the previous release', async () => {
    const [prev, next] = await releasesForTest(t);
    const editor = await t.login('brand', [{ role: 'brand-editor', orgId: 'hn' }]);
    const screens = siteScreens(SITE);
    const [canary, online, offline] = screens;
    if (!canary || !online || !offline) throw new Error('need 3 screens');
    // Everyone starts on `prev`.
    const first = rolloutSchema.parse(
      await (
        await http(s.base, 'POST', '/api/v1/rollouts', {
          token: editor,
          body: { releaseId: prev, target: { orgId: SITE } },
        })
      ).json(),
    );
    for (const x of screens)
      await http(s.base, 'POST', '/api/v1/display/ack', {
        token: x.token,
        body: { hash: (await manifestOf(x.token)).hash },
      });
    expect((await progress(editor, first.id)).rollout.status).toBe('completed');

    const onlineStream = await StreamClient.open(s.base, online.token);
    streams.push(onlineStream);
    await onlineStream.waitFor((m) => m.type === 'hello');

    const created = await http(s.base, 'POST', '/api/v1/rollouts', {
      token: editor,
      body: { releaseId: next, target: { orgId: SITE }, canary: [canary.id] },
    });
    const rollout = rolloutSchema.parse(await created.json());
    const cm = await manifestOf(canary.token);
    expect(cm.brand.releaseId).toBe(next);
    const mark = onlineStream.messages.length;
    await http(s.base, 'POST', '/api/v1/display/ack', { token: canary.token, body: { hash: cm.hash } });
    let d = await progress(editor, rollout.id);
    expect(d.rollout.status).toBe('rolling');
    // The rest are told at once over their streams.
    await onlineStream.waitFor((m) => m.type === 'manifest' && m.reason === 'release', mark);
    // Everyone but `offline` picks it up and acks.
    for (const x of screens.filter((y) => y.id !== offline.id && y.id !== canary.id)) {
      const mm = await manifestOf(x.token);
      expect(mm.brand.releaseId).toBe(next);
      await http(s.base, 'POST', '/api/v1/display/ack', { token: x.token, body: { hash: mm.hash } });
    }
    t.clock.advance(10 * 60_000); // `offline` has not been seen for ten minutes
    d = await progress(editor, rollout.id);
    expect(d.rollout.status).toBe('rolling');
    expect(d.progress).toMatchObject({ targeted: screens.length, acked: screens.length - 1, offline: 1, failed: 0 });

    // It comes back: fetches, acks, and the rollout completes.
    const om = await manifestOf(offline.token);
    expect(om.brand.releaseId).toBe(next);
    await http(s.base, 'POST', '/api/v1/display/ack', { token: offline.token, body: { hash: om.hash } });
    d = await progress(editor, rollout.id);
    expect(d.rollout.status).toBe('completed');
    expect(d.progress).toMatchObject({ acked: screens.length, offline: 0 });

    // Live progress stream reports the same.
    const live = await fetch(`${s.base}/api/v1/rollouts/${rollout.id}/stream`, {
      headers: { authorization: `Bearer ${editor}` },
    });
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const reader = live.body?.getReader();
    const chunk = await reader?.read();
    const text = new TextDecoder().decode(chunk?.value);
    const data =
      text
        .split('\n')
        .find((l) => l.startsWith('data: '))
        ?.slice(6) ?? '{}';
    expect(progressSchema.parse(JSON.parse(data))).toMatchObject({ status: 'completed', acked: screens.length });
    await reader?.cancel();

    const mark2 = onlineStream.messages.length;
    const rb = await http(s.base, 'POST', `/api/v1/rollouts/${rollout.id}/rollback`, { token: editor });
    expect(rb.status).toBe(200);
    expect(rolloutSchema.parse(await rb.json()).status).toBe('rolled-back');
    await onlineStream.waitFor((m) => m.type === 'manifest', mark2);
    for (const x of screens) expect((await manifestOf(x.token)).brand.releaseId).toBe(prev);
    expect((await http(s.base, 'POST', `/api/v1/rollouts/${rollout.id}/rollback`, { token: editor })).status).toBe(409);
  });
});
