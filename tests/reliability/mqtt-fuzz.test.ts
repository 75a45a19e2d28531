import { describe, it } from 'vitest';
import { runMqttFuzz } from './mqtt-fuzz.js';

describe('MQTT bad input', () => {
  it('100,000 hostile topics and payloads: all quarantined with a reason, none accepted, memory bounded', async () => {
    await runMqttFuzz(100_000, 3_000, 'mqtt fuzz 100k');
  }, 600_000);
});
