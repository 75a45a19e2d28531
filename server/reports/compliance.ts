/** Compliance of each site with the facility standard (config/facility-standard.ts), as of now. */
import type { FacilityStandard } from '../../config/facility-standard.js';
import type { OrgService } from '../org/org.service.js';
import type { OrgUnit } from '../org/org.schemas.js';
import type { FacilityHistoryStore } from '../facility/history.store.js';
import type { MaintenanceStore } from '../maintenance/maintenance.store.js';
import type { ComplianceRow } from './reports.schemas.js';

export function complianceTable(
  sites: readonly OrgUnit[],
  standard: FacilityStandard,
  org: OrgService,
  assets: MaintenanceStore,
  history: FacilityHistoryStore,
): ComplianceRow[] {
  const down = history.downNow();
  return sites.map((site) => {
    const areaM2 = site.site?.areaM2 ?? 0;
    const layout = org.layout(site.id);
    const kinds = new Set(layout.zones.map((z) => z.kind));
    const missingZones = standard.zones.filter((z) => !kinds.has(z.kind)).map((z) => z.name);
    const mine = assets.assets({ scopePaths: [site.path], siteId: site.id });
    const equipment = standard.requiredEquipment.map((r) => {
      const needed = r.perCounter ? layout.counters.length : (r.min ?? 1);
      const present = mine.filter((a) => a.kind === r.type);
      const working = present.filter((a) => a.deviceId === null || !down.has(a.deviceId)).length;
      return { type: r.type, label: r.label, needed, present: present.length, working, ok: working >= needed };
    });
    const areaOk = areaM2 >= standard.minAreaM2;
    const problems = [
      ...(areaOk ? [] : [`area ${areaM2} m² < ${standard.minAreaM2} m²`]),
      ...missingZones.map((z) => `missing zone: ${z}`),
      ...equipment
        .filter((e) => !e.ok)
        .map((e) =>
          e.present < e.needed
            ? `missing ${e.type}: ${e.present}/${e.needed}`
            : `${e.type} not working: ${e.working}/${e.needed}`,
        ),
    ];
    return {
      siteId: site.id,
      name: site.name,
      areaM2,
      areaOk,
      missingZones,
      equipment,
      problems,
      compliant: problems.length === 0,
    };
  });
}
