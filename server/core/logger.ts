import { pino, type Logger } from 'pino';
import type { Config } from '../../config/config.js';

export type { Logger };

/** Paths that must never reach a log line: secrets, tokens, passwords. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
];

export function createLogger(level: Config['LOG_LEVEL']): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { app: 'hcpv' } });
}

/** A logger that writes nothing; tests use it unless they assert on logs. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
