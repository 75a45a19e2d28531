/** Per-site opening calendars and zone capacities, read from the org tree and cached until the unit changes. */
import type { OrgService } from '../org/org.service.js';
import { OpeningCalendar } from './opening-hours.js';

export class SiteDirectory {
  private readonly calendars = new Map<string, { updatedAt: number; cal: OpeningCalendar }>();

  constructor(private readonly org: OrgService) {}

  /** The site's calendar; undefined when the unit is not a site. */
  calendar(siteId: string): OpeningCalendar | undefined {
    const unit = this.org.store.get(siteId);
    if (!unit?.site) return undefined;
    const hit = this.calendars.get(siteId);
    if (hit && hit.updatedAt === unit.updatedAt) return hit.cal;
    const cal = new OpeningCalendar(unit.site);
    this.calendars.set(siteId, { updatedAt: unit.updatedAt, cal });
    return cal;
  }

  /** Capacity of a zone; undefined when the zone is unknown. Read each time: zone edits do not touch the unit. */
  zoneCapacity(siteId: string, zoneId: string): number | undefined {
    return this.org.store.zones(siteId).find((z) => z.id === zoneId)?.capacity;
  }

  pathOf(siteId: string): string | undefined {
    return this.org.pathOf(siteId);
  }
}
