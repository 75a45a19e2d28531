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
import { ProcedureService } from './procedures/procedures.service.js';
import { NoticeService } from './notices/notices.service.js';
import { AlertService } from './alerts/alerts.service.js';
import { BrandService } from './brand/brand.service.js';
import { DeviceService } from './devices/devices.service.js';
import { LocalPushBus, type PushBus } from './screens/push-bus.js';
import { PushHub } from './screens/push-hub.js';
import { ScreensService } from './screens/screens.service.js';
import { createManifestSources } from './screens/manifest-sources.js';
import { RolloutsService } from './rollouts/rollouts.service.js';
import { createFacility, type Facility } from './facility/create-facility.js';

export interface ServiceDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Push fan-out shared by server processes; in-process by default. */
  pushBus?: PushBus;
  /** Parsed JSON of ALARM_RULES_FILE (main.ts reads it); re-read on each rules reload. */
  alarmRulesSource?: () => unknown;
}

export interface Services {
  audit: AuditStore;
  org: OrgService;
  auth: AuthService;
  procedures: ProcedureService;
  notices: NoticeService;
  alerts: AlertService;
  brand: BrandService;
  devices: DeviceService;
  screens: ScreensService;
  rollouts: RolloutsService;
  facility: Facility;
}

export function createServices(deps: ServiceDeps): Services {
  const audit = new AuditStore(deps.db, () => deps.clock.now());
  const org = new OrgService(deps.db, audit, deps.clock);
  const auth = new AuthService(deps.db, audit, org, deps.clock, deps.config.SESSION_TTL_HOURS * 3_600_000);
  const procedures = new ProcedureService(deps.db, audit, org, deps.clock);
  const notices = new NoticeService(deps.db, audit, org, procedures, deps.clock);
  const alerts = new AlertService(deps.db, audit, org, deps.clock);
  const brand = new BrandService(deps.db, audit, org, deps.clock, {
    dataDir: deps.config.DATA_DIR,
    uploadMaxBytes: deps.config.BRAND_UPLOAD_MAX_BYTES,
    maxInputPixels: deps.config.BRAND_MAX_INPUT_PIXELS,
    palette: deps.config.BRAND_PALETTE,
    assetPrefix: '/api/v1/brand/assets',
  });
  const devices = new DeviceService(deps.db, audit, org, deps.clock);
  const hub = new PushHub(deps.pushBus ?? new LocalPushBus(), { now: () => deps.clock.now() });
  const screens = new ScreensService(
    deps.db,
    audit,
    org,
    deps.clock,
    hub,
    createManifestSources({ org, brand, notices, alerts }),
  );
  const rollouts = new RolloutsService(deps.db, audit, org, deps.clock, screens);
  const facility = createFacility({
    db: deps.db,
    audit,
    org,
    devices,
    clock: deps.clock,
    alarmRulesSource: deps.alarmRulesSource,
  });
  return { audit, org, auth, procedures, notices, alerts, brand, devices, screens, rollouts, facility };
}
