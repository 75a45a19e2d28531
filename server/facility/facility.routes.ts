/** Mounts the facility features' routers (alarms, work orders, assets/PM, reports) as one. */
import { createRouter } from '../core/http.js';
import type { OrgService } from '../org/org.service.js';
import { alarmsRoutes } from '../alarms/alarms.routes.js';
import { workordersRoutes } from '../workorders/workorders.routes.js';
import { maintenanceRoutes } from '../maintenance/maintenance.routes.js';
import { reportsRoutes } from '../reports/reports.routes.js';
import type { Facility } from './create-facility.js';

export function facilityRoutes(f: Facility, org: OrgService) {
  const { clock } = f;
  return createRouter()
    .route('/', alarmsRoutes(f.alarms, org, clock))
    .route('/', workordersRoutes(f.workorders, org, clock))
    .route('/', maintenanceRoutes(f.maintenance, org, clock))
    .route('/', reportsRoutes(f.reports, org, f.maintenance.store, f.history, clock));
}
