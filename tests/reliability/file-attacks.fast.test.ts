/**
 * One sweep of hostile files over every upload and export route: refused with a clear 4xx code
 * (never 5xx) or neutralised. Per-route details live in tests/integration/brand and facility.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app.js';
import { recordFigure } from './figures.js';
import { hostileFiles, sweepCsvExports, sweepImport, sweepUploads } from './file-attacks.js';

describe('hostile files on every upload and export route', () => {
  it('bombs, corrupt images, unsafe SVGs and bad CSVs are refused; formulas leave every CSV export as text', async () => {
    const t = await createTestApp();
    try {
      const files = await hostileFiles();
      const uploads = [...(await sweepUploads(t, files)), ...(await sweepImport(t))];
      const csv = await sweepCsvExports(t);
      const fiveXx = uploads.filter((o) => o.status >= 500).length + csv.fiveXx;
      const accepted = uploads.filter(
        (o) => o.status < 400 && !(o.code === 'ROWS_REFUSED' || (o.code ?? '').startsWith('IMPORT_')),
      );
      const uncoded = uploads.filter((o) => o.status >= 400 && o.code === null);
      // The server is still up and answering after the sweep.
      const health = await t.call('GET', '/api/v1/org/units/hn', {
        token: await t.login('rel-files-after', [{ role: 'viewer', orgId: 'hn' }]),
      });
      const routes = new Set(uploads.map((o) => o.route)).size + csv.reports;
      recordFigure({
        scenario: 'Files: bombs, corrupt, SVG, CSV formulas',
        cases: uploads.length + csv.hostile,
        crashes: health.status === 200 ? 0 : 1,
        fiveXx,
        lost: csv.roundTripLost,
        duplicated: 0,
        note: `${files.length} hostile files + 6 bad CSVs over ${routes} routes/exports; accepted: ${accepted.length}, refused without a code: ${uncoded.length}; ${csv.hostile} formula cells exported, ${csv.executable.length} executable`,
      });
      expect(health.status).toBe(200);
      expect(fiveXx).toBe(0);
      expect(accepted).toEqual([]);
      expect(uncoded).toEqual([]);
      for (const o of uploads) expect(o.status, `${o.route} ${o.case}`).toBeLessThan(500);
      expect(csv.hostile).toBeGreaterThan(20);
      expect(csv.executable).toEqual([]);
      expect(csv.roundTripLost).toBe(0);
    } finally {
      t.close();
    }
  });
});
