/**
 * Configuration: defaults + environment, parsed once. `process.env` is read nowhere else:
 * `main.ts` passes it here, everything else receives the parsed `Config`.
 */
import { z } from 'zod';

const port = z.coerce
  .number({ error: 'a TCP port number (0–65535)' })
  .int('a whole TCP port number (0–65535)')
  .min(0, 'a TCP port number (0–65535)')
  .max(65_535, 'a TCP port number (0–65535)');

const optionalUrl = (protocols: readonly string[], example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `a URL such as ${example}` },
    );

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1, 'a host name or IP address to listen on').default('0.0.0.0'),
  DATA_DIR: z.string().min(1, 'a directory path').default('./data'),
  MQTT_PORT: port.default(1883),
  MQTT_URL: optionalUrl(['mqtt:', 'mqtts:', 'tcp:', 'ws:', 'wss:'], 'mqtt://127.0.0.1:1883'),
  /** Credentials of the server's own client on an external broker (MQTT_URL). */
  MQTT_USERNAME: z.string().min(1).optional(),
  MQTT_PASSWORD: z.string().min(1).optional(),
  /** Telemetry retention: raw points, minute rollups, hour rollups (days). */
  TELEMETRY_RAW_DAYS: z.coerce.number({ error: 'a number of days' }).int().min(1).max(3_650).default(7),
  TELEMETRY_MINUTE_DAYS: z.coerce.number({ error: 'a number of days' }).int().min(1).max(3_650).default(90),
  TELEMETRY_HOUR_DAYS: z.coerce.number({ error: 'a number of days' }).int().min(1).max(36_500).default(730),
  /** Ingest batching: flush at this many points or this many ms after the first. */
  INGEST_BATCH_SIZE: z.coerce.number({ error: 'a number of points' }).int().min(1).max(100_000).default(2_000),
  INGEST_FLUSH_MS: z.coerce.number({ error: 'a number of milliseconds' }).int().min(1).max(60_000).default(200),
  /** JSON file of alarm rules (config/alarm-rules.ts schema); re-read by POST /api/v1/alarm-rules/reload. */
  ALARM_RULES_FILE: z.string().min(1, 'a file path').optional(),
  /** How often facility management re-evaluates time-based rules, PM schedules and screens. */
  FACILITY_TICK_MS: z.coerce
    .number({ error: 'a number of milliseconds' })
    .int()
    .min(1_000)
    .max(3_600_000)
    .default(60_000),
  INFLUX_URL: optionalUrl(['http:', 'https:'], 'http://127.0.0.1:8086/hcpv'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /** Password for the first city admin; when absent one is generated and printed once. */
  ADMIN_PASSWORD: z.string().min(12, 'a password of at least 12 characters').optional(),
  ADMIN_USERNAME: z
    .string()
    .regex(/^[a-z0-9._-]{3,64}$/, 'a user name of 3–64 characters a-z 0-9 . _ -')
    .default('admin'),
  /** Seed the demo city into an empty data dir (on by default so `npm start` shows something). */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'], { error: 'true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'a number of hours' })
    .positive('a positive number of hours')
    .max(24 * 90, 'at most 2160 hours')
    .default(12),
  BODY_LIMIT_BYTES: z.coerce
    .number({ error: 'a number of bytes' })
    .int('a whole number of bytes')
    .min(1024, 'at least 1024 bytes')
    .default(1024 * 1024),
  /** A request (headers and body) must arrive within this; slow-loris clients are cut off. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number({ error: 'a number of milliseconds' })
    .int()
    .min(1_000)
    .max(600_000)
    .default(30_000),
  /** The request headers must arrive within this (at most HTTP_REQUEST_TIMEOUT_MS). */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce
    .number({ error: 'a number of milliseconds' })
    .int()
    .min(1_000)
    .max(600_000)
    .default(15_000),
  PUBLIC_URL: optionalUrl(['http:', 'https:'], 'https://hcpv.example.gov.vn'),
  /** Largest logo/image upload, in bytes (sent base64 inside the 1 MiB JSON body). */
  BRAND_UPLOAD_MAX_BYTES: z.coerce
    .number({ error: 'a number of bytes' })
    .int('a whole number of bytes')
    .min(1024, 'at least 1024 bytes')
    .default(700 * 1024),
  /** Largest width × height sharp may decode (guards against decompression bombs). */
  BRAND_MAX_INPUT_PIXELS: z.coerce
    .number({ error: 'a number of pixels' })
    .int('a whole number of pixels')
    .min(10_000, 'at least 10000 pixels')
    .default(40_000_000),
  /** The city's official colours replacing the placeholder palette, as JSON: {"primary":"#C8102E"}. */
  BRAND_PALETTE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      try {
        const parsed = z
          .record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/), z.string().regex(/^#[0-9a-fA-F]{6}$/))
          .safeParse(JSON.parse(v));
        if (parsed.success) return parsed.data;
      } catch {
        // falls through to the issue below
      }
      ctx.addIssue({ code: 'custom', message: 'a JSON object of colour tokens, e.g. {"primary":"#C8102E"}' });
      return z.NEVER;
    }),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly { key: string; expected: string; got: string | undefined }[]) {
    super(
      'Invalid configuration:\n' +
        problems
          .map(
            (p) => `  ${p.key}: expected ${p.expected}${p.got === undefined ? '' : ` (got ${JSON.stringify(p.got)})`}`,
          )
          .join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Parse configuration from an environment-like record; throws `ConfigError` naming each bad key. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const known = Object.keys(configSchema.shape);
  const input: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    // An empty variable means "not set", so `PORT= npm start` falls back to the default.
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '(root)');
      return { key, expected: issue.message, got: input[key] };
    }),
  );
}
