/** Hostile text in every user-enterable field stays inert in the admin console and the facility dashboard. */
import { describe, expect, it } from 'vitest';
import { XSS_PAYLOADS, runXssScenario } from './xss-consoles.js';

describe('XSS in the admin console and the facility dashboard', () => {
  it('no script runs, no dialog opens, every shown field carries its payload as literal text', async () => {
    const { run, missing, unseenPayloads } = await runXssScenario('XSS: admin + facility pages', XSS_PAYLOADS);
    expect(run.probeWorks).toBe(true);
    expect(run.scriptsRun).toBe(0);
    expect(run.dialogs).toEqual([]);
    expect(run.mangled).toEqual([]);
    expect(missing).toEqual([]);
    expect(unseenPayloads).toEqual([]);
  }, 300_000);
});
