/**
 * The domain services of one server process, built from injected stores and a clock.
 * Routes, the MQTT ingest and the seeder all use these; nothing here opens files or ports.
 */
import type { Config } from '../config/config.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import type { Db } from './db/database.js';
import { AuditStore } from './audit/audit.store.js';
import { OrgService } from './org/org.service.js';
import { AuthService } from './auth/auth.service.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
}

export interface Services {
  audit: AuditStore;
  org: OrgService;
  auth: AuthService;
}

export function createServices(deps: ServiceDeps): Services {
  const audit = new AuditStore(deps.db, () => deps.clock.now());
  const org = new OrgService(deps.db, audit, deps.clock);
  const auth = new AuthService(deps.db, audit, org, deps.clock, deps.config.SESSION_TTL_HOURS * 3_600_000);
  return { audit, org, auth };
}
