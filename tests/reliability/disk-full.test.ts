import { describe, it } from 'vitest';
import { runDiskFullProcess } from './disk-full.js';

describe('disk full', () => {
  it('the real server on a full tmpfs: clear 503 for changes, stays up for reads, integrity ok after recovery', async () => {
    await runDiskFullProcess('disk full, real process on tmpfs');
  }, 180_000);
});
