/**
 * The screen protocol's fast write path: an answered ack is already in the database (a second
 * connection sees it in the ack journal the moment the 200 arrives), with what the screen was
 * served, which is held in memory until then (or until the periodic flush); the journal is
 * folded into the screen's row later, and a new process (after a crash) reads it back; the
 * cached screen behind a token follows every write (release assigned, revoked) at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { z } from 'zod';
import { createTestApp, errorOf, type TestApp } from '../../helpers/test-app.js';
import { openDatabase, type Db } from '../../../server/db/database.js';
import { SYSTEM_ACTOR } from '../../../server/audit/audit.store.js';
import { ScreensStore } from '../../../server/screens/screens.store.js';

let t: TestApp;
let other: Db;
const manifestOf = z.object({ hash: z.string(), brand: z.object({ releaseId: z.string().nullable() }) });

beforeEach(async () => {
  t = await createTestApp();
  other = openDatabase(join(t.dir, 'hcpv.db'));
});
afterEach(() => {
  other.close();
  t.close();
});

/** A screen of the demo city's first ward, with its token. */
function pairedScreen(id: string): string {
  t.services.screens.seed(SYSTEM_ACTOR, {
    id,
    name: id,
    siteId: 'hn-p-ba-dinh',
    zoneId: 'waiting',
    profile: 'landscape-1080',
    counter: null,
    tags: [],
  });
  return t.services.screens.issueToken(id);
}

describe('screen write path', () => {
  it('answers an ack only once it is committed (with what was served), and follows release and revocation at once', async () => {
    const screens = t.services.screens;
    const token = pairedScreen('wp-1');
    const row = () =>
      other
        .prepare<[string], { served_hash: string | null; shown_hash: string | null }>(
          'SELECT served_hash, shown_hash FROM screens WHERE id = ?',
        )
        .get('wp-1');
    const journal = () =>
      other
        .prepare<[string], { hash: string; served_hash: string | null; error_count: number }>(
          'SELECT hash, served_hash, error_count FROM screen_acks WHERE screen_id = ? ORDER BY seq',
        )
        .all('wp-1');

    const first = await t.call('GET', '/api/v1/display/manifest', { token });
    expect(first.status).toBe(200);
    const m1 = manifestOf.parse(await first.json());
    // Served: known to the server at once, written with the ack.
    expect(row()?.served_hash).toBeNull();
    expect(screens.require('wp-1').servedHash).toBe(m1.hash);
    const ack = await t.call('POST', '/api/v1/display/ack', { token, body: { hash: m1.hash, errors: [] } });
    expect(ack.status).toBe(200);
    // In the database (the journal) when answered; in the screen's row once folded.
    expect(journal()).toEqual([{ hash: m1.hash, served_hash: m1.hash, error_count: 0 }]);
    expect(row()).toEqual({ served_hash: null, shown_hash: null });
    expect(screens.require('wp-1').shownHash).toBe(m1.hash);
    expect(screens.store.foldAcks()).toBe(1);
    expect(journal()).toEqual([]);
    expect(row()).toEqual({ served_hash: m1.hash, shown_hash: m1.hash });
    expect(screens.require('wp-1').shownHash).toBe(m1.hash);

    // A new release assigned to the screen (a rollout) shows in its very next manifest.
    const { release } = await t.services.brand.createRelease(SYSTEM_ACTOR, 'hn', 'write path');
    screens.assignRelease(['wp-1'], release.id);
    const second = manifestOf.parse(await (await t.call('GET', '/api/v1/display/manifest', { token })).json());
    expect(second.brand.releaseId).toBe(release.id);
    // A fetch with no ack after it is written by the flush (periodic, and at shutdown).
    expect(row()?.served_hash).toBe(m1.hash);
    screens.flushWrites();
    expect(row()?.served_hash).toBe(second.hash);

    // Revoked: refused at once, though the token was just used.
    screens.revoke(SYSTEM_ACTOR, 'wp-1');
    const after = await t.call('POST', '/api/v1/display/ack', { token, body: { hash: second.hash, errors: [] } });
    expect(after.status).toBe(401);
    expect((await errorOf(after)).code).toBe('SCREEN_REVOKED');
    expect(row()?.shown_hash).toBe(m1.hash);
  });

  it('keeps acks in the journal across a crash: a new process sees them, and folds errors and what was served', async () => {
    const token = pairedScreen('wp-2');
    const m = manifestOf.parse(await (await t.call('GET', '/api/v1/display/manifest', { token })).json());
    const acks = [
      { hash: m.hash, errors: ['logo 404'] },
      { hash: 'f'.repeat(64), errors: ['font', 'video'] },
      { hash: m.hash, errors: [] },
    ];
    for (const body of acks) expect((await t.call('POST', '/api/v1/display/ack', { token, body })).status).toBe(200);

    // What a new process reads from the same file before folding (the journal is not folded yet).
    const restarted = new ScreensStore(other);
    const seen = restarted.get('wp-2');
    expect(seen).toMatchObject({ shownHash: m.hash, servedHash: m.hash, errorCount: 3, lastErrors: [] });
    expect(restarted.foldAcks()).toBe(1);
    expect(
      other
        .prepare<[string], { shown_hash: string; served_hash: string; error_count: number; last_errors: string }>(
          'SELECT shown_hash, served_hash, error_count, last_errors FROM screens WHERE id = ?',
        )
        .get('wp-2'),
    ).toEqual({ shown_hash: m.hash, served_hash: m.hash, error_count: 3, last_errors: '[]' });
    expect(new ScreensStore(other).get('wp-2')).toMatchObject({ shownHash: m.hash, errorCount: 3 });
  });
});
