/**
 * Kill the real server (SIGKILL) in the middle of a rollout to `n` simulated screens and start
 * it again on the same data and port. Each simulated screen behaves like the player: it keeps a
 * push stream open (reconnecting with jitter), fetches its manifest on connect and on every
 * `manifest` push, and acks a manifest hash it has not acked yet. The rollout must complete,
 * every screen must ack the new release exactly once, none lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../config/config.js';
import { demoCity } from '../../config/demo-city.js';
import { systemClock } from '../../server/core/clock.js';
import { silentLogger } from '../../server/core/logger.js';
import { migrate, openDatabase } from '../../server/db/database.js';
import { allMigrations } from '../../server/db/schema.js';
import { createServices } from '../../server/services.js';
import { seedDemoCity } from '../../server/seed/seed.js';
import { SYSTEM_ACTOR } from '../../server/audit/audit.store.js';
import { manifestSchema } from '../../displays/shared/protocol.js';
import { progressSchema, rolloutSchema } from '../../server/rollouts/rollouts.schemas.js';
import { startServerProcess } from './server-process.js';
import { recordFigure } from './figures.js';

const PASSWORD = 'reliability editor password';

interface SimScreen {
  id: string;
  token: string;
  acked: string | undefined;
  /** Successful acks per release id. */
  acks: Map<string, number>;
  syncing: Promise<void>;
  again: boolean;
}

/** Prepare a data dir: demo city, `n` extra screens on release A, release B ready, an editor. */
async function prepare(dir: string, n: number): Promise<{ screens: SimScreen[]; a: string; b: string }> {
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const db = openDatabase(join(dir, 'hcpv.db'));
  migrate(db, allMigrations);
  const services = createServices({ config, db, clock: systemClock, logger: silentLogger() });
  const city = demoCity();
  seedDemoCity(services, city);
  const spots = city.screens.map((s) => ({ siteId: s.siteId, zoneId: s.zoneId }));
  const screens: SimScreen[] = [];
  for (let i = 0; i < n; i++) {
    const spot = spots[i % spots.length];
    if (!spot) throw new Error('demo city has no screens');
    const id = `rel-scr-${String(i).padStart(4, '0')}`;
    services.screens.seed(SYSTEM_ACTOR, {
      id,
      name: `Reliability ${i}`,
      siteId: spot.siteId,
      zoneId: spot.zoneId,
      profile: 'landscape-1080',
      counter: null,
      tags: ['reliability'],
    });
    screens.push({
      id,
      token: services.screens.issueToken(id),
      acked: undefined,
      acks: new Map(),
      syncing: Promise.resolve(),
      again: false,
    });
  }
  const a = (await services.brand.createRelease(SYSTEM_ACTOR, 'hn', 'A')).release.id;
  services.screens.assignRelease(
    screens.map((s) => s.id),
    a,
  );
  const kit = services.brand.cityKit('hn');
  services.brand.putCityKit(SYSTEM_ACTOR, 'hn', { ...kit, colors: { ...kit.colors, accent: '#F5C400' } });
  const b = (await services.brand.createRelease(SYSTEM_ACTOR, 'hn', 'B')).release.id;
  await services.auth.createUser(SYSTEM_ACTOR, {
    username: 'rel-editor',
    displayName: 'Reliability',
    homeOrgId: 'hn',
    password: PASSWORD,
    grants: [{ role: 'brand-editor', orgId: 'hn' }],
  });
  db.close();
  return { screens, a, b };
}

export async function runRolloutKill(n: number, scenario: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-rel-rollout-'));
  const { screens, a, b } = await prepare(dir, n);
  const server = await startServerProcess(dir);
  let fiveXx = 0;
  let stopped = false;
  const aborts = new Set<AbortController>();
  const req = async (path: string, init: { method?: string; token: string; body?: unknown }) => {
    const res = await fetch(`${server.base}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    if (res.status >= 500) fiveXx++;
    return res;
  };

  const sync = async (s: SimScreen): Promise<void> => {
    const res = await req('/display/manifest', { token: s.token });
    if (res.status !== 200) throw new Error(`manifest ${res.status}`);
    const m = manifestSchema.parse(await res.json());
    if (m.hash === s.acked) return;
    const ack = await req('/display/ack', { method: 'POST', token: s.token, body: { hash: m.hash } });
    if (ack.status >= 300) throw new Error(`ack ${ack.status}`);
    await ack.body?.cancel();
    s.acked = m.hash;
    const rel = m.brand.releaseId ?? 'none';
    s.acks.set(rel, (s.acks.get(rel) ?? 0) + 1);
  };
  /** One sync at a time per screen; a push during a sync asks for one more. */
  const requestSync = (s: SimScreen) => {
    s.again = true;
    s.syncing = s.syncing.then(async () => {
      while (s.again && !stopped) {
        s.again = false;
        await sync(s).catch(() => {
          s.again = true;
          return new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
        });
      }
    });
  };
  const screenLoop = async (s: SimScreen) => {
    while (!stopped) {
      const ac = new AbortController();
      aborts.add(ac);
      try {
        const res = await fetch(`${server.base}/api/v1/display/stream`, {
          headers: { authorization: `Bearer ${s.token}`, accept: 'text/event-stream' },
          signal: ac.signal,
        });
        if (res.status >= 500) fiveXx++;
        if (res.status === 200 && res.body) {
          requestSync(s);
          const dec = new TextDecoder();
          for await (const chunk of res.body)
            // Real players take a while to fetch and check assets before they ack: spread the acks
            // over a few seconds so the kill reliably lands mid-rollout however fast the server is.
            if (dec.decode(chunk, { stream: true }).includes('"type":"manifest"'))
              setTimeout(() => requestSync(s), Math.random() * 4_000);
        } else await res.body?.cancel();
      } catch {
        // the server went away: reconnect below
      }
      aborts.delete(ac);
      await new Promise((r) => setTimeout(r, 500 + Math.random() * 2_000));
    }
  };

  try {
    const login = async () => {
      const res = await fetch(`${server.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'rel-editor', password: PASSWORD }),
      });
      return z.object({ token: z.string() }).parse(await res.json()).token;
    };
    let editor = await login();
    const loops = screens.map((s) => screenLoop(s));
    // Everyone on A first.
    await waitUntil(() => screens.every((s) => (s.acks.get(a) ?? 0) >= 1), 120_000, 'screens acked release A');

    const created = await req('/rollouts', {
      method: 'POST',
      token: editor,
      body: { releaseId: b, target: { orgId: 'hn', screenIds: screens.map((s) => s.id) } },
    });
    expect(created.status).toBe(201);
    const rollout = rolloutSchema.parse(await created.json());
    const ackedB = () => screens.filter((s) => s.acks.has(b)).length;
    // Kill it mid-rollout: some screens have acked B, most have not.
    await waitUntil(() => ackedB() >= Math.max(1, Math.floor(n / 10)), 60_000, 'first acks of B');
    const atKill = ackedB();
    await server.kill();
    await new Promise((r) => setTimeout(r, 1_500));
    await server.start();
    editor = await login();

    await waitUntil(() => ackedB() === n, 240_000, `all ${n} screens acked B (now ${ackedB()})`);
    let detail = z
      .object({ rollout: rolloutSchema, progress: progressSchema })
      .parse(await (await req(`/rollouts/${rollout.id}`, { token: editor })).json());
    const deadline = Date.now() + 30_000;
    while (detail.rollout.status !== 'completed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      detail = z
        .object({ rollout: rolloutSchema, progress: progressSchema })
        .parse(await (await req(`/rollouts/${rollout.id}`, { token: editor })).json());
    }
    const lost = n - ackedB();
    const duplicated = screens.filter((s) => (s.acks.get(b) ?? 0) > 1).length;
    recordFigure({
      scenario,
      cases: n,
      crashes: server.crashes,
      fiveXx,
      lost,
      duplicated,
      note: `SIGKILL after ${atKill}/${n} acks; rollout ${detail.rollout.status}, server acked ${detail.progress.acked}/${detail.progress.targeted}`,
    });
    expect(atKill).toBeLessThan(n);
    expect(detail.rollout.status).toBe('completed');
    expect(detail.progress).toMatchObject({ targeted: n, acked: n, failed: 0 });
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(fiveXx).toBe(0);
    expect(server.crashes).toBe(0);
    stopped = true;
    for (const ac of aborts) ac.abort();
    await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 5_000))]);
  } finally {
    stopped = true;
    for (const ac of aborts) ac.abort();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitUntil(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
