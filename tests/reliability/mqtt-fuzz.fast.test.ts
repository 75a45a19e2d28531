import { describe, it } from 'vitest';
import { runMqttFuzz } from './mqtt-fuzz.js';

describe('MQTT bad input (fast subset)', () => {
  it('5,000 hostile topics and payloads: all quarantined with a reason, none accepted, no crash', async () => {
    await runMqttFuzz(5_000, 500, 'mqtt fuzz (fast)');
  }, 120_000);
});
