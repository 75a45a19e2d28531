/**
 * Assets (every registry device plus equipment without a connection, e.g. chairs, fans) and
 * preventive maintenance: calendar schedules (every N days / weeks / months) and usage
 * schedules (every N tickets printed, N hours on) that open a work order ahead of the due date.
 */
import type { Db } from '../db/database.js';
import type { Severity } from '../../config/alarm-rules.js';
import type { DeviceType } from '../../devices/device-types.js';
import { invalid, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { SiteDirectory } from '../facility/calendars.js';
import type { DeviceStateSignal, TicketSignal } from '../facility/signals.js';
import type { AlarmRulesProvider } from '../alarms/alarm-rules.provider.js';
import type { WorkOrdersService } from '../workorders/workorders.service.js';
import type { WorkOrder } from '../workorders/workorders.store.js';
import { MaintenanceStore, type Asset, type PmSchedule, type PmUnit } from './maintenance.store.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A device as the registry (or the demo seed, until the registry lands) describes it. */
export interface RegistryDevice {
  id: string;
  siteId: string;
  zoneId: string;
  type: DeviceType;
  model: string;
  vendor: string;
  installedOn: string;
  warrantyEnd?: string | null | undefined;
}

export interface AssetInput {
  siteId: string;
  zoneId?: string | undefined;
  kind: string;
  name: string;
  model: string;
  vendor: string;
  contractor?: string | undefined;
  installedOn: string;
  warrantyEnd?: string | undefined;
}

export interface ScheduleInput {
  assetId: string;
  title: string;
  unit: PmUnit;
  every: number;
  lead?: number | undefined;
  severity: Severity;
  /** First due date (calendar schedules); defaults to now + one interval. */
  firstDueAt?: number | undefined;
}

/** Add `n` calendar units in Hà Nội local time (months keep the day of month, clamped). */
export function addInterval(t: number, unit: 'day' | 'week' | 'month', n: number): number {
  if (unit === 'day') return t + n * DAY;
  if (unit === 'week') return t + n * 7 * DAY;
  const d = new Date(t + 7 * HOUR);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + n);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime() - 7 * HOUR;
}

const isCalendar = (u: PmUnit): u is 'day' | 'week' | 'month' => u === 'day' || u === 'week' || u === 'month';

export class MaintenanceService {
  readonly store: MaintenanceStore;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly sites: SiteDirectory,
    private readonly workorders: WorkOrdersService,
    private readonly rules: AlarmRulesProvider,
  ) {
    this.store = new MaintenanceStore(db);
  }

  /** Make every registry device an asset (idempotent; keeps contractor and id of existing ones). */
  syncDevices(devices: readonly RegistryDevice[], now: number): number {
    let added = 0;
    this.db.transaction(() => {
      for (const d of devices) {
        const sitePath = this.sites.pathOf(d.siteId);
        if (!sitePath) continue;
        const existing = this.store.assetByDevice(d.id);
        if (!existing) added++;
        this.store.upsertAsset({
          id: existing?.id ?? `asset-${d.id}`,
          siteId: d.siteId,
          sitePath,
          zoneId: d.zoneId,
          deviceId: d.id,
          kind: d.type,
          name: d.id,
          model: d.model,
          vendor: d.vendor,
          contractor: existing?.contractor ?? d.vendor,
          installedOn: d.installedOn,
          warrantyEnd: d.warrantyEnd ?? null,
          status: 'active',
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        });
      }
    })();
    return added;
  }

  getAsset(id: string): Asset {
    const a = this.store.getAsset(id);
    if (!a) throw notFound('Asset', id);
    return a;
  }

  createAsset(actor: Actor, input: AssetInput, now: number): Asset {
    const sitePath = this.sites.pathOf(input.siteId);
    if (!sitePath) throw notFound('Org unit', input.siteId);
    const a: Asset = {
      id: `asset-${newId()}`,
      siteId: input.siteId,
      sitePath,
      zoneId: input.zoneId ?? null,
      deviceId: null,
      kind: input.kind,
      name: input.name,
      model: input.model,
      vendor: input.vendor,
      contractor: input.contractor ?? null,
      installedOn: input.installedOn,
      warrantyEnd: input.warrantyEnd ?? null,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    };
    this.db.transaction(() => {
      this.store.upsertAsset(a);
      this.audit.record({
        actor,
        action: 'asset.create',
        entity: 'asset',
        entityId: a.id,
        orgId: a.siteId,
        orgPath: a.sitePath,
        after: a,
      });
    })();
    return a;
  }

  updateAsset(
    actor: Actor,
    id: string,
    patch: Partial<Pick<Asset, 'name' | 'model' | 'vendor' | 'contractor' | 'warrantyEnd' | 'status' | 'zoneId'>>,
    now: number,
  ): Asset {
    const before = this.getAsset(id);
    const after: Asset = { ...before, ...patch, updatedAt: now };
    this.db.transaction(() => {
      this.store.upsertAsset(after);
      this.audit.record({
        actor,
        action: 'asset.update',
        entity: 'asset',
        entityId: id,
        orgId: after.siteId,
        orgPath: after.sitePath,
        before,
        after,
      });
    })();
    return after;
  }

  usageOf(assetId: string, now: number): { tickets: number; hoursOn: number } {
    const u = this.store.usage(assetId);
    const onMs = u.onMs + (u.onSince === null ? 0 : now - u.onSince);
    return { tickets: u.tickets, hoursOn: onMs / HOUR };
  }

  private usageValue(s: PmSchedule, now: number): number {
    const u = this.usageOf(s.assetId, now);
    return s.unit === 'tickets' ? u.tickets : u.hoursOn;
  }

  createSchedule(actor: Actor, input: ScheduleInput, now: number): PmSchedule {
    const asset = this.getAsset(input.assetId);
    const unit = input.unit;
    const calendar = isCalendar(unit);
    if (!calendar && unit === 'tickets' && asset.kind !== 'queue-kiosk') {
      throw invalid('PM_USAGE_UNSUPPORTED', 'Only queue kiosks count tickets', [
        { path: 'unit', message: `${asset.kind} prints no tickets` },
      ]);
    }
    const lead = input.lead ?? (calendar ? this.rules.get().workOrders.pmLeadDays : Math.ceil(input.every * 0.05));
    const s: PmSchedule = {
      id: newId(),
      assetId: asset.id,
      title: input.title,
      unit: input.unit,
      every: input.every,
      lead,
      severity: input.severity,
      nextDueAt: isCalendar(unit) ? (input.firstDueAt ?? addInterval(now, unit, input.every)) : null,
      nextDueUsage: calendar ? null : this.usageValueFor(asset.id, input.unit, now) + input.every,
      active: true,
      createdAt: now,
    };
    this.db.transaction(() => {
      this.store.insertSchedule(s);
      this.audit.record({
        actor,
        action: 'pm.create',
        entity: 'pm_schedule',
        entityId: s.id,
        orgId: asset.siteId,
        orgPath: asset.sitePath,
        after: s,
      });
    })();
    return s;
  }

  private usageValueFor(assetId: string, unit: PmUnit, now: number): number {
    const u = this.usageOf(assetId, now);
    return unit === 'tickets' ? u.tickets : u.hoursOn;
  }

  /** Usage feed: hours on from device state. */
  deviceState(s: DeviceStateSignal): void {
    const asset = this.store.assetByDevice(s.deviceId);
    if (!asset) return;
    const u = this.store.usage(asset.id);
    if (s.online && u.onSince === null) this.store.setUsage(asset.id, { ...u, onSince: s.at });
    else if (!s.online && u.onSince !== null)
      this.store.setUsage(asset.id, { ...u, onMs: u.onMs + Math.max(0, s.at - u.onSince), onSince: null });
  }

  /** Usage feed: tickets printed by queue kiosks. */
  ticket(s: TicketSignal): void {
    if (s.kind !== 'issued') return;
    const asset = this.store.assetByDevice(s.deviceId);
    if (!asset) return;
    const u = this.store.usage(asset.id);
    this.store.setUsage(asset.id, { ...u, tickets: u.tickets + 1 });
  }

  /** Open the preventive orders that have come within their lead of the due date. */
  tick(now: number): WorkOrder[] {
    const out: WorkOrder[] = [];
    for (const s of this.store.schedules()) {
      if (this.workorders.store.openForSchedule(s.id)) continue;
      const asset = this.store.getAsset(s.assetId);
      if (!asset || asset.status !== 'active') continue;
      const base = {
        siteId: asset.siteId,
        severity: s.severity,
        assetId: asset.id,
        deviceId: asset.deviceId ?? undefined,
        pmScheduleId: s.id,
      };
      const unit = s.unit;
      if (s.nextDueAt !== null && isCalendar(unit)) {
        if (now < s.nextDueAt - s.lead * DAY) continue;
        out.push(
          this.workorders.createPreventive({ ...base, title: `${s.title} — ${asset.name}`, dueAt: s.nextDueAt }, now),
        );
        this.store.advanceSchedule(s.id, addInterval(s.nextDueAt, unit, s.every), null);
      } else if (s.nextDueUsage !== null) {
        const used = this.usageValue(s, now);
        if (used < s.nextDueUsage - s.lead) continue;
        const dueAt = this.workorders.dueFor(asset.siteId, s.severity, now);
        out.push(
          this.workorders.createPreventive(
            { ...base, title: `${s.title} — ${asset.name} (${Math.round(used)} ${s.unit})`, dueAt },
            now,
          ),
        );
        this.store.advanceSchedule(s.id, null, s.nextDueUsage + s.every);
      }
    }
    return out;
  }
}
