import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { seedNotices, seedProcedures } from '../../../server/seed/seed-content.js';

let t: TestApp | undefined;
afterEach(() => t?.close());

describe('demo content seed', () => {
  it('imports the shipped procedures and publishes demo notices the demo screens show, once', async () => {
    t = await createTestApp();
    const json = readFileSync('config/procedures/thu-tuc-cap-xa.json', 'utf8');
    expect(seedProcedures(t.services, 'hn', json)).toBeGreaterThanOrEqual(30);
    expect(seedNotices(t.services, 'hn', '2026-01-01T00:00:00+07:00')).toBeGreaterThanOrEqual(2);
    expect(seedProcedures(t.services, 'hn', json)).toBe(0);
    expect(seedNotices(t.services, 'hn', '2026-01-01T00:00:00+07:00')).toBe(0);
    const showing = t.services.notices.inScopeForScreen({
      siteId: 'hn-p-ba-dinh',
      zoneId: 'waiting',
      profile: 'landscape-1080',
      at: t.clock.now(),
    });
    expect(showing.length).toBeGreaterThanOrEqual(2);
    expect(showing.flatMap((n) => n.procedures.map((p) => p.name.vi))).toContain('Đăng ký khai sinh');
  });
});
