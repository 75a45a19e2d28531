/**
 * Seeds the demo city's devices. DEMO ONLY: their secrets derive from the per-data-dir demo key
 * (see devices/demo-secret.ts) so `npm run simulate` can log them in.
 */
import { DEMO_DEVICE_KEY_FILE, demoDeviceSecret } from '../../devices/demo-secret.js';
import type { DemoCity } from '../../config/demo-city.js';
import type { Services } from '../services.js';
import type { Actor } from '../audit/audit.store.js';
import { provisionDeviceSchema } from './devices.schemas.js';

export { DEMO_DEVICE_KEY_FILE, demoDeviceSecret };

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
