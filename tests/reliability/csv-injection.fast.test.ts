import { z } from 'zod';
/** Formula injection through user-entered device text into exported CSV reports is neutralised. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';
import { recordFigure } from './figures.js';

const PAYLOADS = ["=cmd|' /C calc'!A0", '+SUM(1+1)*cmd|x', '-2+3+cmd|x', '@SUM(1+1)', '\t=1+1', '\r=1+1'];

describe('CSV formula injection', () => {
  it('device models and vendors that look like formulas are exported as text', async () => {
    const t = await createTestApp();
    try {
      const admin = await t.login('rel-csv', [{ role: 'city-admin', orgId: 'hn' }]);
      for (const [i, p] of PAYLOADS.entries()) {
        const res = await t.call('POST', '/api/v1/devices', {
          token: admin,
          body: {
            type: 'printer',
            siteId: 'hn-p-ba-dinh',
            zoneId: 'waiting',
            position: { x: 0.1, y: 0.1 },
            model: `${p} ${i}`,
            installedOn: '2026-01-01',
            vendor: p.trim() || 'v',
          },
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }
      const now = t.clock.now();
      const res = await t.call(
        'GET',
        `/api/v1/reports/availability?orgId=hn-p-ba-dinh&from=${now - 86_400_000}&to=${now}&groupBy=model&format=csv`,
        { token: admin },
      );
      expect(res.status).toBe(200);
      const csv = await res.text();
      const cells = z
        .array(z.array(z.string()))
        .parse(parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }))
        .flat();
      const modelCells = cells.filter((c) => PAYLOADS.some((p) => c.includes(p.trim())));
      expect(modelCells.length).toBeGreaterThanOrEqual(PAYLOADS.length);
      const dangerous = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-?\d/.test(c));
      recordFigure({
        scenario: 'CSV formula injection in reports',
        cases: PAYLOADS.length,
        crashes: 0,
        fiveXx: 0,
        lost: 0,
        duplicated: 0,
        note: `${modelCells.length} hostile cells exported, ${dangerous.length} left executable`,
      });
      expect(dangerous).toEqual([]);
      for (const c of modelCells) expect(c.startsWith("'")).toBe(true);
    } finally {
      t.close();
    }
  });
});
