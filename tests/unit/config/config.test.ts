import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../config/config.js';

function problemsOf(env: Record<string, string>): { key: string; expected: string }[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => ({ key: p.key, expected: p.expected }));
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has working defaults for the embedded setup', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.MQTT_PORT).toBe(1883);
    expect(c.DATA_DIR).toBe('./data');
    expect(c.MQTT_URL).toBeUndefined();
    expect(c.INFLUX_URL).toBeUndefined();
    expect(c.LOG_LEVEL).toBe('info');
    expect(c.ADMIN_PASSWORD).toBeUndefined();
  });

  it('reads values from the environment and treats empty as unset', () => {
    const c = loadConfig({ PORT: '9000', MQTT_URL: 'mqtt://127.0.0.1:1884', LOG_LEVEL: 'debug', INFLUX_URL: '' });
    expect(c.PORT).toBe(9000);
    expect(c.MQTT_URL).toBe('mqtt://127.0.0.1:1884');
    expect(c.LOG_LEVEL).toBe('debug');
    expect(c.INFLUX_URL).toBeUndefined();
  });

  it('names the key and the expected form for each bad value', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      MQTT_PORT: '70000',
      LOG_LEVEL: 'loud',
      MQTT_URL: 'not a url',
      INFLUX_URL: 'ftp://x',
    });
    const keys = problems.map((p) => p.key).sort();
    expect(keys).toEqual(['INFLUX_URL', 'LOG_LEVEL', 'MQTT_PORT', 'MQTT_URL', 'PORT']);
    expect(problems.find((p) => p.key === 'PORT')?.expected).toMatch(/port/i);
    expect(problems.find((p) => p.key === 'LOG_LEVEL')?.expected).toContain('debug');
    expect(problems.find((p) => p.key === 'MQTT_URL')?.expected).toContain('mqtt://');
  });

  it('refuses a short admin password and says how long it must be', () => {
    const [p] = problemsOf({ ADMIN_PASSWORD: 'short' });
    expect(p?.key).toBe('ADMIN_PASSWORD');
    expect(p?.expected).toMatch(/12/);
  });

  it('prints every problem in the error message', () => {
    expect(() => loadConfig({ PORT: '-1', SEED_DEMO: 'maybe' })).toThrow(
      /PORT: expected .*\n.*SEED_DEMO: expected true or false/s,
    );
  });
});
