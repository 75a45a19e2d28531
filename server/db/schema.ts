/** Every feature's migrations, in the order they must run. Add a feature's list at the end. */
import type { Migration } from './database.js';
import { procedureMigrations } from '../procedures/procedures.store.js';
import { noticeMigrations } from '../notices/notices.store.js';
import { alertMigrations } from '../alerts/alerts.store.js';
import { auditMigrations } from '../audit/audit.store.js';
import { orgMigrations } from '../org/org.store.js';
import { authMigrations } from '../auth/auth.store.js';
import { devicesMigrations } from '../devices/devices.store.js';
import { screensMigrations } from '../screens/screens.store.js';
import { rolloutsMigrations } from '../rollouts/rollouts.store.js';
import { brandMigrations } from '../brand/brand.store.js';
import { facilityMigrations } from '../facility/history.store.js';
import { alarmsMigrations } from '../alarms/alarms.store.js';
import { workordersMigrations } from '../workorders/workorders.store.js';
import { maintenanceMigrations } from '../maintenance/maintenance.store.js';

export const allMigrations: readonly Migration[] = [
  ...auditMigrations,
  ...orgMigrations,
  ...authMigrations,
  ...screensMigrations,
  ...rolloutsMigrations,
  ...brandMigrations,
  ...devicesMigrations,
  ...procedureMigrations,
  ...noticeMigrations,
  ...alertMigrations,
  ...facilityMigrations,
  ...alarmsMigrations,
  ...workordersMigrations,
  ...maintenanceMigrations,
];
