import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, body, type TestApp } from '../../helpers/test-app.js';
import { orgUnitSchema } from '../../../server/org/org.schemas.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('demo city through the API', () => {
  it('lists the seeded city for a city admin', async () => {
    const token = await t.login('admin1', [{ role: 'city-admin', orgId: 'hn' }]);
    const res = await t.call('GET', '/api/v1/org/units?kind=site', { token });
    expect(res.status).toBe(200);
    const { items } = await body(res, z.object({ items: z.array(orgUnitSchema) }));
    expect(items.length).toBeGreaterThanOrEqual(24 + 13);
    expect(items.some((u) => u.name === 'Điểm phục vụ hành chính công phường Ba Đình')).toBe(true);
  });
});
