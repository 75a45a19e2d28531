/**
 * Ingest counters and the quarantine are scoped by org: a reader sees the messages of devices
 * registered at their sites (never by the site a topic claims), and only city-wide readers see
 * messages naming no registered device. Real Aedes and real SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIngestApp, publish, type IngestApp } from '../devices/ingest-app.js';
import { topicOf } from '../../../devices/contract.js';
import { quarantineEntrySchema } from '../../../server/devices/devices.schemas.js';
import { ingestStatsSchema } from '../../../server/telemetry/telemetry.schemas.js';
import { DevicesStore } from '../../../server/devices/devices.store.js';
import { migrate, openDatabase } from '../../../server/db/database.js';
import { allMigrations } from '../../../server/db/schema.js';

const BA = 'hn-p-ba-dinh'; // branch hn-cn01
const HK = 'hn-p-hoan-kiem'; // branch hn-cn02
const BA_ENV = `${BA}-env-sensor`;
const HK_ENV = `${HK}-env-sensor`;

const quarantineSchema = z.object({ items: z.array(quarantineEntrySchema), counts: z.record(z.string(), z.number()) });

let t: IngestApp;
beforeEach(async () => {
  t = await createIngestApp();
});
afterEach(async () => t.shutdown());

async function getJson<T>(path: string, token: string, schema: z.ZodType<T>): Promise<T> {
  const res = await t.get(path, token);
  expect(res.status, path).toBe(200);
  return schema.parse(await res.json());
}

/** Two good readings, four refused over MQTT and three refused as an external broker would hand them over. */
async function traffic(): Promise<void> {
  const ba = await t.connect(BA_ENV, t.secretOf(BA_ENV));
  const hk = await t.connect(HK_ENV, t.secretOf(HK_ENV));
  await publish(ba, BA, BA_ENV, 'telemetry', { temperature: 26 });
  await publish(ba, BA, BA_ENV, 'telemetry', '{not json');
  await publish(ba, BA, BA_ENV, 'telemetry', '[1,');
  await publish(hk, HK, HK_ENV, 'telemetry', { temperature: 25 });
  await publish(hk, HK, HK_ENV, 'telemetry', { temperature: 99 });
  // A device nobody registered, claiming a branch-1 site; Ba Đình's sensor on Hoàn Kiếm's topic;
  // a topic outside the contract.
  t.ingest.pipeline.accept(topicOf(BA, 'hn-ghost', 'telemetry'), Buffer.from('{"temperature":1}'));
  t.ingest.pipeline.accept(topicOf(HK, BA_ENV, 'telemetry'), Buffer.from('{"temperature":2}'));
  t.ingest.pipeline.accept('hcpv/v1/oops', Buffer.from('{}'));
  const until = Date.now() + 10_000;
  while (t.ingest.pipeline.getStats().received < 8 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await t.settle();
}

describe('quarantine and ingest counters by scope', () => {
  it('shows each reader only the messages of devices at their sites; unknown devices to city-wide readers only', async () => {
    const city = await t.login('fm-city', [{ role: 'facility-manager', orgId: 'hn' }]);
    const b1 = await t.login('v-cn01', [{ role: 'viewer', orgId: 'hn-cn01' }]);
    const b2 = await t.login('v-cn02', [{ role: 'viewer', orgId: 'hn-cn02' }]);
    await traffic();

    const all = await getJson('/api/v1/devices/quarantine', city, quarantineSchema);
    expect(all.items.map((i) => i.reason).sort()).toEqual([
      'bad_json',
      'bad_json',
      'bad_topic',
      'out_of_range',
      'unknown_device',
      'wrong_site',
    ]);
    expect(all.counts).toEqual({ bad_json: 2, bad_topic: 1, out_of_range: 1, unknown_device: 1, wrong_site: 1 });

    // Branch 1: its sensor's refusals, including the one sent on another branch's topic, and not
    // the unknown device that merely claims one of its sites.
    const one = await getJson('/api/v1/devices/quarantine', b1, quarantineSchema);
    expect(one.items.map((i) => [i.reason, i.deviceId]).sort()).toEqual([
      ['bad_json', BA_ENV],
      ['bad_json', BA_ENV],
      ['wrong_site', BA_ENV],
    ]);
    expect(one.counts).toEqual({ bad_json: 2, wrong_site: 1 });

    const two = await getJson('/api/v1/devices/quarantine', b2, quarantineSchema);
    expect(two.items.map((i) => [i.reason, i.deviceId])).toEqual([['out_of_range', HK_ENV]]);
    expect(two.counts).toEqual({ out_of_range: 1 });
    expect((await t.get(`/api/v1/devices/quarantine?siteId=${HK}`, b1)).status).toBe(403);

    // A city-wide reader narrowing to one site gets that site's devices only.
    const baOnly = await getJson(`/api/v1/devices/quarantine?siteId=${BA}`, city, quarantineSchema);
    expect(baOnly.counts).toEqual({ bad_json: 2, wrong_site: 1 });
    expect(baOnly.items.every((i) => i.deviceId === BA_ENV)).toBe(true);

    const zero = { bad_json: 0, bad_topic: 0, out_of_range: 0, unknown_device: 0, wrong_site: 0 };
    const sCity = await getJson('/api/v1/telemetry/ingest-stats', city, ingestStatsSchema);
    expect(sCity).toMatchObject({
      scope: 'city',
      accepted: 2,
      received: 8,
      quarantined: { ...zero, bad_json: 2, bad_topic: 1, out_of_range: 1, unknown_device: 1, wrong_site: 1 },
    });
    expect(sCity.stored).toBeGreaterThanOrEqual(2);
    const s1 = await getJson('/api/v1/telemetry/ingest-stats', b1, ingestStatsSchema);
    expect(s1).toMatchObject({
      scope: 'sites',
      accepted: 1,
      quarantined: { ...zero, bad_json: 2, wrong_site: 1 },
      received: null,
      stored: null,
      pending: null,
      storeErrors: null,
    });
    const s2 = await getJson('/api/v1/telemetry/ingest-stats', b2, ingestStatsSchema);
    expect(s2).toMatchObject({ scope: 'sites', accepted: 1, quarantined: { ...zero, out_of_range: 1 } });

    const nobody = await t.login('no-grants', []);
    expect((await t.get('/api/v1/telemetry/ingest-stats', nobody)).status).toBe(403);
    expect((await t.get('/api/v1/devices/quarantine', nobody)).status).toBe(403);
  });
});

describe('quarantine migration to owner sites', () => {
  it('attributes existing rows to their devices’ sites and counts of pruned rows to unknown devices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hcpv-q-mig-'));
    const db = openDatabase(join(dir, 'hcpv.db'));
    try {
      migrate(
        db,
        allMigrations.filter((m) => m.id !== 'devices-002-quarantine-by-owner-site'),
      );
      db.prepare(
        `INSERT INTO devices (id, type, site_id, zone_id, pos_x, pos_y, model, installed_on, vendor, secret_hash, status,
           secret_rotated_at, created_at, updated_at)
         VALUES ('s1-env', 'env-sensor', 's1', 'waiting', 0, 0, 'm', '2026-01-01', 'v', 'x', 'active', 0, 0, 0)`,
      ).run();
      const row = db.prepare(
        `INSERT INTO device_quarantine (at, reason, topic, device_id, site_id, payload, detail) VALUES (1, ?, 't', ?, ?, '', 'd')`,
      );
      row.run('bad_json', 's1-env', 's9'); // a registered device, whatever the topic said
      row.run('bad_json', 'ghost', 's1'); // an unknown device claiming s1
      // 5 bad_json counted, of which 3 rows were pruned long ago.
      db.prepare(`INSERT INTO device_quarantine_counts (reason, count) VALUES ('bad_json', 5)`).run();

      expect(migrate(db, allMigrations)).toEqual(['devices-002-quarantine-by-owner-site']);
      const store = new DevicesStore(db);
      expect(store.quarantineCounts({ siteIds: ['s1'], includeUnknownSite: false })).toEqual({ bad_json: 1 });
      expect(store.quarantineCounts({ siteIds: [], includeUnknownSite: true })).toEqual({ bad_json: 4 });
      expect(store.quarantineCounts()).toEqual({ bad_json: 5 });
      expect(
        store.quarantine({ siteIds: ['s1'], includeUnknownSite: false, limit: 10 }).map((r) => r.deviceId),
      ).toEqual(['s1-env']);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
