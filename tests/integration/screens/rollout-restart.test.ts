/**
 * Rollout progress is tracked in memory (server/rollouts/open-targets.ts) and rebuilt from the
 * database: a server restarted in the middle of a canary rollout carries it on to the end.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { createServices, type Services } from '../../../server/services.js';
import { silentLogger } from '../../../server/core/logger.js';
import { releasesForTest } from './releases.js';

const SITE = 'hn-p-ba-dinh';
const actor = { kind: 'system', id: 'test', name: 'test' } as const;
let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/** A screen of `services` fetches its manifest and acks what it was served. */
async function fetchAndAck(services: Services, id: string, errors: string[] = []): Promise<void> {
  const screen = services.screens.require(id);
  const built = await services.screens.manifest(screen);
  await services.screens.ack(services.screens.require(id), { hash: built.hash, errors });
}

describe('rollouts across a restart', () => {
  it('a canary rollout started before a restart is carried on after it, with its progress', async () => {
    const ids = t.services.screens.store.list({ siteId: SITE }).map((s) => s.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const [canary, ...rest] = ids;
    if (!canary) throw new Error('no screens');
    const [, next] = await releasesForTest(t, async () => {
      for (const id of ids) await fetchAndAck(t.services, id);
    });
    const rollout = t.services.rollouts.create(actor, {
      releaseId: next,
      target: { orgId: SITE },
      canary: [canary],
    });
    // The canary fetches the new release (delivered), then the server restarts before its ack.
    const servedBefore = await t.services.screens.manifest(t.services.screens.require(canary));
    expect(t.services.rollouts.progress(rollout.id)).toMatchObject({ status: 'canary', delivered: 1, acked: 0 });
    t.services.screens.flushWrites();

    const again = createServices({ config: t.config, db: t.db, clock: t.clock, logger: silentLogger() });
    expect(again.rollouts.progress(rollout.id)).toMatchObject({
      status: 'canary',
      targeted: ids.length,
      waiting: rest.length,
      delivered: 1,
      acked: 0,
    });
    await again.screens.ack(again.screens.require(canary), { hash: servedBefore.hash, errors: [] });
    // The canary passed: the rest are assigned the release.
    expect(again.rollouts.progress(rollout.id)).toMatchObject({ status: 'rolling', waiting: 0, acked: 1 });
    for (const id of rest) expect(again.screens.require(id).releaseId).toBe(next);
    for (const id of rest) await fetchAndAck(again, id);
    expect(again.rollouts.progress(rollout.id)).toMatchObject({
      status: 'completed',
      delivered: ids.length,
      acked: ids.length,
      failed: 0,
    });
  });

  it('a canary failure after a restart halts the rollout', async () => {
    const ids = t.services.screens.store.list({ siteId: SITE }).map((s) => s.id);
    const [canary, other] = ids;
    if (!canary || !other) throw new Error('no screens');
    const [, next] = await releasesForTest(t, async () => {
      for (const id of ids) await fetchAndAck(t.services, id);
    });
    const rollout = t.services.rollouts.create(actor, { releaseId: next, target: { orgId: SITE }, canary: [canary] });
    const again = createServices({ config: t.config, db: t.db, clock: t.clock, logger: silentLogger() });
    await fetchAndAck(again, canary, ['logo failed to load']);
    expect(again.rollouts.progress(rollout.id)).toMatchObject({ status: 'halted', failed: 1, waiting: ids.length - 1 });
    // Held back: the others stay on the release they had.
    expect(again.screens.require(other).releaseId).not.toBe(next);
  });
});
