import { describe, it } from 'vitest';
import { runInfluxOutage, runMosquittoRestart } from './ingest-faults.js';

describe('ingest faults (fast subset)', () => {
  it('Mosquitto restarted mid-ingest (QoS 1, persistent sessions): 600 sent, 600 stored', async () => {
    await runMosquittoRestart(600, 'Mosquitto restart mid-ingest (fast)');
  }, 120_000);
  it('influxd down for 8 s under load: the outbox holds and replays in order', async () => {
    await runInfluxOutage(8_000, 'influxd outage 8 s (fast)');
  }, 120_000);
});
