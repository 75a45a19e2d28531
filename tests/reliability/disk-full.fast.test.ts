import { describe, it } from 'vitest';
import { runDiskFullInProcess } from './disk-full.js';

describe('database full (fast subset)', () => {
  it('SQLITE_FULL: clear 503 for changes, reads keep working, integrity ok after recovery', async () => {
    await runDiskFullInProcess('SQLite full, in process (fast)');
  });
});
