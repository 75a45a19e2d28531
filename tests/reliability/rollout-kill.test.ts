import { describe, it } from 'vitest';
import { runRolloutKill } from './rollout-kill.js';

describe('server killed mid-rollout', () => {
  it('1,000 screens: the rollout completes after a SIGKILL and restart, each screen acks once, none lost', async () => {
    await runRolloutKill(1_000, 'server SIGKILL mid-rollout, 1000 screens');
  }, 600_000);
});
