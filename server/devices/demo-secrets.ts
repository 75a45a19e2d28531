/**
 * DEMO ONLY. Seeded demo devices get secrets derived from a random per-data-dir key
 * (DATA_DIR/demo-device-key, created on first start, never committed), so `npm run simulate`
 * can log every demo device in without a secrets file. Anyone holding that key can derive every
 * demo device's secret, exactly like holding a secrets file; real devices are provisioned
 * through the API and get random secrets shown once.
 */
import { createHmac } from 'node:crypto';
import type { DemoCity } from '../../config/demo-city.js';
import type { Services } from '../services.js';
import type { Actor } from '../audit/audit.store.js';
import { provisionDeviceSchema } from './devices.schemas.js';

export const DEMO_DEVICE_KEY_FILE = 'demo-device-key';

export const demoDeviceSecret = (key: Buffer, deviceId: string): string =>
  createHmac('sha256', key).update(`hcpv-demo-device:${deviceId}`).digest('base64url');

/** Register the demo city's devices that are missing. Idempotent. Returns how many were added. */
export function seedDemoDevices(services: Services, city: DemoCity, actor: Actor, key: Buffer | undefined): number {
  let added = 0;
  for (const d of city.devices) {
    if (services.devices.store.get(d.id)) continue;
    const input = provisionDeviceSchema.parse({
      id: d.id,
      type: d.type,
      siteId: d.siteId,
      zoneId: d.zoneId,
      position: d.position,
      ...(d.counter === undefined ? {} : { counter: d.counter }),
      model: d.model,
      serial: `DEMO-${d.id.slice(-20).toUpperCase()}`,
      installedOn: d.installedOn,
      vendor: d.vendor,
      warrantyEnd: d.warrantyEnd,
    });
    // Without a key (tests) the secret is random and unknown: tests rotate to get one.
    if (key) services.devices.provision(actor, input, demoDeviceSecret(key, d.id));
    else services.devices.provision(actor, input);
    added++;
  }
  return added;
}
