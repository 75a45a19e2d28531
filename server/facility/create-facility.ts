/**
 * Builds facility management for one server process: alarm rules and lifecycle, work orders,
 * assets and preventive maintenance, reports, and the hub that signals and `tick(now)` drive.
 * Assets follow the device registry: every provisioned device becomes an asset.
 */
import type { Clock } from '../core/clock.js';
import type { Db } from '../db/database.js';
import type { AuditStore } from '../audit/audit.store.js';
import type { OrgService } from '../org/org.service.js';
import type { DeviceService } from '../devices/devices.service.js';
import { AlarmsStore } from '../alarms/alarms.store.js';
import { AlarmRulesProvider } from '../alarms/alarm-rules.provider.js';
import { AlarmService } from '../alarms/alarms.service.js';
import { AlarmEvaluator } from '../alarms/alarm-evaluator.js';
import { WorkOrdersService } from '../workorders/workorders.service.js';
import { MaintenanceService } from '../maintenance/maintenance.service.js';
import { ReportsService } from '../reports/reports.service.js';
import { SiteDirectory } from './calendars.js';
import { FacilityHistoryStore } from './history.store.js';
import { FacilityHub } from './facility.service.js';

export interface FacilityDeps {
  db: Db;
  audit: AuditStore;
  org: OrgService;
  devices: DeviceService;
  clock: Clock;
  /** Parsed JSON of ALARM_RULES_FILE, read by main.ts; undefined when none. */
  alarmRulesSource?: (() => unknown) | undefined;
}

export interface Facility {
  clock: Clock;
  sites: SiteDirectory;
  history: FacilityHistoryStore;
  alarms: AlarmService;
  evaluator: AlarmEvaluator;
  workorders: WorkOrdersService;
  maintenance: MaintenanceService;
  reports: ReportsService;
  hub: FacilityHub;
}

export function createFacility(d: FacilityDeps): Facility {
  const sites = new SiteDirectory(d.org);
  const history = new FacilityHistoryStore(d.db);
  const alarmsStore = new AlarmsStore(d.db);
  const rules = new AlarmRulesProvider(alarmsStore, d.alarmRulesSource);
  const alarms = new AlarmService(d.db, alarmsStore, d.audit, rules, (id) => sites.pathOf(id));
  const evaluator = new AlarmEvaluator(alarms, sites, history);
  const workorders = new WorkOrdersService(d.db, d.audit, rules, sites);
  const maintenance = new MaintenanceService(d.db, d.audit, sites, workorders, rules);
  const reports = new ReportsService(d.org, sites, history, maintenance.store, workorders.store);
  const hub = new FacilityHub(evaluator, alarms, workorders, maintenance, history);

  maintenance.syncDevices(d.devices.list({ status: 'active' }), d.clock.now());
  d.devices.onChange((c) => {
    if (c.kind === 'provisioned') maintenance.syncDevices([c.device], d.clock.now());
    else if (c.kind === 'decommissioned') {
      const asset = maintenance.store.assetByDevice(c.device.id);
      if (asset) maintenance.store.upsertAsset({ ...asset, status: 'retired', updatedAt: d.clock.now() });
    }
  });
  return { clock: d.clock, sites, history, alarms, evaluator, workorders, maintenance, reports, hub };
}
