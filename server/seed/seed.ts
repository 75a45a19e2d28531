/**
 * Seeds the demo city (config/demo-city.ts). Idempotent: each part is added only where it is
 * missing, so running it on every start of an empty or half-seeded data dir gives one city.
 */
import type { DemoCity } from '../../config/demo-city.js';
import type { Actor } from '../audit/audit.store.js';
import type { Services } from '../services.js';
import { createOrgUnitSchema, setCountersSchema, setZonesSchema } from '../org/org.schemas.js';
import { seedDemoDevices } from '../devices/demo-secrets.js';

export const SEED_ACTOR: Actor = { kind: 'system', id: 'seed', name: 'Demo city seed' };

export interface SeedReport {
  unitsAdded: number;
  sitesLaidOut: number;
  screensAdded: number;
  devicesAdded: number;
}

/** `demoDeviceKey`: DEMO ONLY key the demo devices' secrets are derived from (see devices/demo-secrets.ts). */
export function seedDemoCity(services: Services, city: DemoCity, opts: { demoDeviceKey?: Buffer } = {}): SeedReport {
  const { org } = services;
  let unitsAdded = 0;
  let sitesLaidOut = 0;
  if (!org.store.get(city.city.id)) {
    org.createCity(SEED_ACTOR, city.city.id, city.city.name, city.city.tags);
    unitsAdded++;
  }
  for (const u of city.units) {
    if (org.store.get(u.id)) continue;
    // Through the API's own schema, so the seed can never hold what a user could not enter.
    org.create(SEED_ACTOR, createOrgUnitSchema.parse(u));
    unitsAdded++;
  }
  for (const s of city.sites) {
    if (org.store.zones(s.unit.id).length > 0) continue;
    org.setZones(SEED_ACTOR, s.unit.id, setZonesSchema.parse({ zones: s.zones }).zones);
    org.setCounters(SEED_ACTOR, s.unit.id, setCountersSchema.parse({ counters: s.counters }).counters);
    sitesLaidOut++;
  }
  // Demo screens are paired without a token: `npm start` issues one for the demo /display page.
  let screensAdded = 0;
  for (const sc of city.screens) {
    const added = services.screens.seed(SEED_ACTOR, {
      id: sc.id,
      name: sc.name,
      siteId: sc.siteId,
      zoneId: sc.zoneId,
      profile: sc.profile,
      counter: sc.counter ?? null,
      tags: ['demo', sc.profile],
    });
    if (added) screensAdded++;
  }
  const devicesAdded = seedDemoDevices(services, city, SEED_ACTOR, opts.demoDeviceKey);
  return { unitsAdded, sitesLaidOut, screensAdded, devicesAdded };
}
