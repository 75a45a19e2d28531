/** Two real brand releases of the demo city (the second with another accent colour), to roll out in tests. */
import type { TestApp } from '../../helpers/test-app.js';

/** `between` runs after the first release exists and before the second is made. */
export async function releasesForTest(t: TestApp, between?: () => Promise<void>): Promise<[string, string]> {
  const actor = { kind: 'system', id: 'test', name: 'test' } as const;
  const brand = t.services.brand;
  const a = await brand.createRelease(actor, 'hn', 'A');
  await between?.();
  const kit = brand.cityKit('hn');
  brand.putCityKit(actor, 'hn', { ...kit, colors: { ...kit.colors, accent: '#F5C400' } });
  const b = await brand.createRelease(actor, 'hn', 'B');
  if (a.release.id === b.release.id) throw new Error('expected two different releases');
  return [a.release.id, b.release.id];
}
