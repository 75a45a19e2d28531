import { describe, it } from 'vitest';
import { runRolloutKill } from './rollout-kill.js';

describe('server killed mid-rollout (fast subset)', () => {
  it('100 screens: the rollout completes after a SIGKILL and restart, each screen acks once', async () => {
    await runRolloutKill(100, 'server SIGKILL mid-rollout, 100 screens (fast)');
  }, 180_000);
});
