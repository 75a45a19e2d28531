/** HTTP face of facility reports: /api/v1/reports/… as JSON or CSV (`format=csv`). */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { facilityStandard } from '../../config/facility-standard.js';
import type { Clock } from '../core/clock.js';
import { createRouter, errorResponses, type AppEnv } from '../core/http.js';
import type { OrgService } from '../org/org.service.js';
import type { FacilityHistoryStore } from '../facility/history.store.js';
import type { MaintenanceStore } from '../maintenance/maintenance.store.js';
import { complianceTable } from './compliance.js';
import { toCsv } from './csv.js';
import type { ReportsService } from './reports.service.js';
import {
  availabilityRowSchema,
  backlogRowSchema,
  complianceRowSchema,
  impactRowSchema,
  nowQuerySchema,
  reliabilityRowSchema,
  reportQuerySchema,
  slaRowSchema,
} from './reports.schemas.js';

const tags = ['Reports'];
const security = [{ bearer: [] }, { cookie: [] }];

function reportRoute<T extends z.ZodType, Q extends z.ZodObject>(path: string, summary: string, row: T, query: Q) {
  return createRoute({
    method: 'get',
    path: `/reports/${path}`,
    tags,
    security,
    summary,
    request: { query },
    responses: {
      200: {
        description: 'Rows as JSON, or CSV with `format=csv`',
        content: {
          'application/json': { schema: z.object({ rows: z.array(row) }) },
          'text/csv': { schema: z.string() },
        },
      },
      ...errorResponses(400, 401, 403, 404),
    },
  });
}

const availability = reportRoute(
  'availability',
  'Availability over opening hours per device, site, model or contractor',
  availabilityRowSchema,
  reportQuerySchema,
);
const reliability = reportRoute(
  'reliability',
  'MTBF and MTTR from downtime episodes',
  reliabilityRowSchema,
  reportQuerySchema,
);
const sla = reportRoute(
  'sla',
  'SLA compliance of work orders created in the period, per site',
  slaRowSchema,
  reportQuerySchema,
);
const impact = reportRoute(
  'citizen-impact',
  'Wait and no-show while queue equipment was down vs the same hours on normal days',
  impactRowSchema,
  reportQuerySchema,
);
const backlog = reportRoute('backlog', 'Open work orders now, by age, per site', backlogRowSchema, nowQuerySchema);
const compliance = reportRoute(
  'compliance',
  'Facility standard compliance per site, as of now',
  complianceRowSchema,
  nowQuerySchema,
);

export function reportsRoutes(
  reports: ReportsService,
  org: OrgService,
  assets: MaintenanceStore,
  history: FacilityHistoryStore,
  clock: Clock,
) {
  const respond = (
    c: Context<AppEnv>,
    format: 'json' | 'csv',
    name: string,
    rows: readonly Record<string, unknown>[],
  ) =>
    format === 'csv'
      ? c.body(toCsv(rows), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${name}.csv"`,
        })
      : c.json({ rows }, 200);
  return createRouter()
    .openapi(availability, (c) => {
      const q = c.req.valid('query');
      c.get('auth').require('report.read', q.orgId);
      return respond(c, q.format, 'availability', reports.availability(q.orgId, q, q.groupBy));
    })
    .openapi(reliability, (c) => {
      const q = c.req.valid('query');
      c.get('auth').require('report.read', q.orgId);
      return respond(c, q.format, 'reliability', reports.reliability(q.orgId, q, q.groupBy));
    })
    .openapi(sla, (c) => {
      const q = c.req.valid('query');
      c.get('auth').require('report.read', q.orgId);
      return respond(c, q.format, 'sla', reports.sla(q.orgId, q, clock.now()));
    })
    .openapi(impact, (c) => {
      const q = c.req.valid('query');
      c.get('auth').require('report.read', q.orgId);
      return respond(c, q.format, 'citizen-impact', reports.citizenImpact(q.orgId, q));
    })
    .openapi(backlog, (c) => {
      const q = c.req.valid('query');
      c.get('auth').require('report.read', q.orgId);
      return respond(c, q.format, 'backlog', reports.backlog(q.orgId, clock.now()));
    })
    .openapi(compliance, (c) => {
      const q = c.req.valid('query');
      c.get('auth').require('report.read', q.orgId);
      return respond(
        c,
        q.format,
        'compliance',
        complianceTable(reports.sitesUnder(q.orgId), facilityStandard, org, assets, history),
      );
    });
}
