import { describe, it } from 'vitest';
import { runInfluxOutage, runMosquittoRestart } from './ingest-faults.js';

describe('ingest faults', () => {
  it('Mosquitto restarted mid-ingest (QoS 1, persistent sessions): 5,000 sent, 5,000 stored', async () => {
    await runMosquittoRestart(5_000, 'Mosquitto restart mid-ingest');
  }, 300_000);
  it('influxd down for 60 s under load: the outbox holds and replays in order, nothing lost or duplicated', async () => {
    await runInfluxOutage(60_000, 'influxd outage 60 s');
  }, 300_000);
});
