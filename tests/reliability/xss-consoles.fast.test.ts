/** Fast subset in `npm test`: three payloads through every field, every admin and facility page. */
import { describe, expect, it } from 'vitest';
import { XSS_PAYLOADS, runXssScenario } from './xss-consoles.js';

describe('XSS in the admin console and the facility dashboard (fast subset)', () => {
  it('no script runs, no dialog opens, the payloads stay literal text', async () => {
    const { run, missing, unseenPayloads } = await runXssScenario(
      'XSS: admin + facility pages (fast)',
      XSS_PAYLOADS.slice(0, 3),
    );
    expect(run.probeWorks).toBe(true);
    expect(run.scriptsRun).toBe(0);
    expect(run.dialogs).toEqual([]);
    expect(run.mangled).toEqual([]);
    expect(missing).toEqual([]);
    expect(unseenPayloads).toEqual([]);
  }, 180_000);
});
