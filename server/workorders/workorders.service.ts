/**
 * Work orders: by hand, from equipment alarms (one per fault episode), or from preventive
 * maintenance. Verified automatically once the device has been healthy for N minutes;
 * reopened automatically when the same fault returns within M hours of verification.
 * SLA due times are counted in the site's opening hours.
 */
import { atLeast, type Severity } from '../../config/alarm-rules.js';
import { conflict, invalid, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import type { Db } from '../db/database.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { Alarm } from '../alarms/alarms.store.js';
import type { AlarmRulesProvider } from '../alarms/alarm-rules.provider.js';
import type { SiteDirectory } from '../facility/calendars.js';
import { cleanPhoto } from './photos.js';
import { WorkOrdersStore, type WorkOrder, type WorkOrderFilter, type WorkOrderStatus } from './workorders.store.js';

const HOUR = 3_600_000;
const MIN = 60_000;

/** Allowed manual moves. `verified` by hand only from `resolved`; telemetry may verify from any open state. */
export const TRANSITIONS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  open: ['assigned', 'in_progress', 'on_hold', 'resolved'],
  assigned: ['in_progress', 'on_hold', 'resolved'],
  in_progress: ['on_hold', 'resolved'],
  on_hold: ['assigned', 'in_progress', 'resolved'],
  resolved: ['verified', 'reopened'],
  verified: ['reopened'],
  reopened: ['assigned', 'in_progress', 'on_hold', 'resolved'],
};

export interface NewWorkOrder {
  siteId: string;
  title: string;
  description?: string | undefined;
  severity: Severity;
  deviceId?: string | undefined;
  assetId?: string | undefined;
  dueAt?: number | undefined;
}

/** A work order after a committed change (created, moved, assigned, commented, photo added). */
export type WorkOrderEventMap = { changed: [WorkOrder] };

const actorName = (a: Actor): string => a.name ?? a.id;
const SYSTEM = 'system';

export class WorkOrdersService {
  readonly store: WorkOrdersStore;
  readonly events = new TypedEmitter<WorkOrderEventMap>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditStore,
    private readonly rules: AlarmRulesProvider,
    private readonly sites: SiteDirectory,
  ) {
    this.store = new WorkOrdersStore(db);
  }

  get(id: string): WorkOrder {
    const w = this.store.get(id);
    if (!w) throw notFound('Work order', id);
    return w;
  }

  list(f: WorkOrderFilter): WorkOrder[] {
    return this.store.list(f);
  }

  /** SLA due time: the severity's hours counted in the site's opening hours. */
  dueFor(siteId: string, severity: Severity, from: number): number {
    const ms = this.rules.get().workOrders.slaOpenHours[severity] * HOUR;
    return this.sites.calendar(siteId)?.addOpenMs(from, ms) ?? from + ms;
  }

  private build(
    input: NewWorkOrder & { origin: WorkOrder['origin']; alarmId?: string; faultKey?: string; pmScheduleId?: string },
    now: number,
  ): WorkOrder {
    const sitePath = this.sites.pathOf(input.siteId);
    if (!sitePath) throw notFound('Org unit', input.siteId);
    return {
      id: newId(),
      siteId: input.siteId,
      sitePath,
      deviceId: input.deviceId ?? null,
      assetId: input.assetId ?? null,
      alarmId: input.alarmId ?? null,
      faultKey: input.faultKey ?? null,
      origin: input.origin,
      pmScheduleId: input.pmScheduleId ?? null,
      title: input.title,
      description: input.description ?? '',
      severity: input.severity,
      status: 'open',
      assigneeKind: null,
      assignee: null,
      createdAt: now,
      faultAt: now,
      dueAt: input.dueAt ?? this.dueFor(input.siteId, input.severity, now),
      resolvedAt: null,
      verifiedAt: null,
      verifiedBy: null,
      reopenedCount: 0,
      updatedAt: now,
    };
  }

  private insert(actor: Actor, w: WorkOrder, comment: string | null): WorkOrder {
    return this.changed(() => {
      this.store.insert(w);
      this.store.addEvent(w.id, w.createdAt, 'created', actorName(actor), comment);
      this.audit.record({
        actor,
        action: 'workorder.create',
        entity: 'work_order',
        entityId: w.id,
        orgId: w.siteId,
        orgPath: w.sitePath,
        after: w,
      });
      return w;
    });
  }

  /** Run `write` in a transaction and tell listeners about the order once it is committed. */
  private changed(write: () => WorkOrder): WorkOrder {
    const after = this.db.transaction(write)();
    this.events.emit('changed', after);
    return after;
  }

  create(actor: Actor, input: NewWorkOrder, now: number): WorkOrder {
    return this.insert(actor, this.build({ ...input, origin: 'manual' }, now), null);
  }

  /** Preventive maintenance order, due on the schedule's due date. */
  createPreventive(input: NewWorkOrder & { pmScheduleId: string; dueAt: number }, now: number): WorkOrder {
    return this.insert(
      { kind: 'system', id: 'pm' },
      this.build({ ...input, origin: 'pm' }, now),
      'preventive maintenance',
    );
  }

  /** Alarm hook: one order per fault episode; the same fault soon after verification reopens it. */
  onAlarm(alarm: Alarm, now: number): WorkOrder | undefined {
    const policy = this.rules.get().workOrders;
    if (!alarm.deviceId || !(alarm.type.startsWith('fault:') || alarm.type === 'offline')) return undefined;
    if (!atLeast(alarm.severity, policy.autoCreateAt)) return undefined;
    const faultKey = `${alarm.deviceId}|${alarm.type}`;
    const last = this.store.latestByKey(faultKey);
    if (last && last.status !== 'verified') return last;
    if (last?.verifiedAt != null && now - last.verifiedAt <= policy.reopenWithinH * HOUR) {
      return this.move({ kind: 'system', id: SYSTEM }, last, 'reopened', `fault returned: ${alarm.message}`, now, {
        faultAt: now,
        dueAt: this.dueFor(last.siteId, alarm.severity, now),
        reopenedCount: last.reopenedCount + 1,
        alarmId: alarm.id,
      });
    }
    const w = this.build(
      {
        siteId: alarm.siteId,
        title: alarm.message,
        severity: alarm.severity,
        deviceId: alarm.deviceId,
        origin: 'alarm',
        alarmId: alarm.id,
        faultKey,
      },
      now,
    );
    return this.insert({ kind: 'system', id: SYSTEM }, w, `from alarm ${alarm.id}`);
  }

  private move(
    actor: Actor,
    before: WorkOrder,
    to: WorkOrderStatus,
    comment: string | null,
    now: number,
    extra: Partial<WorkOrder> = {},
  ): WorkOrder {
    const after: WorkOrder = {
      ...before,
      ...extra,
      status: to,
      updatedAt: now,
      resolvedAt: to === 'resolved' ? now : to === 'reopened' ? null : before.resolvedAt,
      verifiedAt: to === 'verified' ? now : to === 'reopened' ? null : before.verifiedAt,
      verifiedBy:
        to === 'verified' ? (extra.verifiedBy ?? actorName(actor)) : to === 'reopened' ? null : before.verifiedBy,
    };
    return this.changed(() => {
      this.store.update(after);
      this.store.addEvent(after.id, now, to, actorName(actor), comment);
      this.audit.record({
        actor,
        action: `workorder.${to}`,
        entity: 'work_order',
        entityId: after.id,
        orgId: after.siteId,
        orgPath: after.sitePath,
        before: { status: before.status },
        after: { status: to, comment },
      });
      return after;
    });
  }

  transition(actor: Actor, id: string, to: WorkOrderStatus, comment: string | null, now: number): WorkOrder {
    const w = this.get(id);
    if (!TRANSITIONS[w.status].includes(to)) {
      throw conflict('WORKORDER_BAD_TRANSITION', `A ${w.status} work order cannot become ${to}`, [
        { path: 'status', message: `allowed: ${TRANSITIONS[w.status].join(', ') || 'none'}` },
      ]);
    }
    if (to === 'assigned' && !w.assignee)
      throw invalid('WORKORDER_NO_ASSIGNEE', 'Assign someone first', [
        { path: 'status', message: 'use the assign action' },
      ]);
    return this.move(actor, w, to, comment, now);
  }

  assign(actor: Actor, id: string, who: { kind: 'technician' | 'contractor'; name: string }, now: number): WorkOrder {
    const w = this.get(id);
    if (w.status === 'verified' || w.status === 'resolved')
      throw conflict('WORKORDER_CLOSED', `A ${w.status} work order cannot be assigned`);
    const status: WorkOrderStatus = w.status === 'in_progress' ? 'in_progress' : 'assigned';
    return this.move(actor, w, status, `assigned to ${who.kind} ${who.name}`, now, {
      assigneeKind: who.kind,
      assignee: who.name,
    });
  }

  comment(actor: Actor, id: string, text: string, now: number): void {
    const w = this.get(id);
    this.changed(() => {
      this.store.addEvent(w.id, now, 'comment', actorName(actor), text);
      this.audit.record({
        actor,
        action: 'workorder.comment',
        entity: 'work_order',
        entityId: w.id,
        orgId: w.siteId,
        orgPath: w.sitePath,
        after: { comment: text },
      });
      return w;
    });
  }

  async addPhoto(
    actor: Actor,
    id: string,
    bytes: Uint8Array,
    now: number,
  ): Promise<{ id: string; width: number; height: number; sha256: string }> {
    const w = this.get(id);
    const clean = await cleanPhoto(bytes);
    const photoId = newId();
    this.changed(() => {
      this.store.addPhoto({
        id: photoId,
        orderId: w.id,
        at: now,
        actor: actorName(actor),
        width: clean.width,
        height: clean.height,
        sha256: clean.sha256,
        bytes: clean.bytes,
      });
      this.store.addEvent(w.id, now, 'photo', actorName(actor), photoId);
      this.audit.record({
        actor,
        action: 'workorder.photo',
        entity: 'work_order',
        entityId: w.id,
        orgId: w.siteId,
        orgPath: w.sitePath,
        after: { photoId, sha256: clean.sha256 },
      });
      return w;
    });
    return { id: photoId, width: clean.width, height: clean.height, sha256: clean.sha256 };
  }

  /** Verify alarm orders whose device has been healthy long enough. */
  tick(now: number, healthySince: (deviceId: string) => number | null): WorkOrder[] {
    const need = this.rules.get().workOrders.verifyHealthyMin * MIN;
    const out: WorkOrder[] = [];
    for (const w of this.store.openFromAlarms()) {
      if (!w.deviceId) continue;
      const since = healthySince(w.deviceId);
      if (since === null || since < w.faultAt || now - since < need) continue;
      out.push(
        this.move(
          { kind: 'system', id: 'telemetry' },
          w,
          'verified',
          `device healthy for ${Math.round((now - since) / MIN)} min`,
          now,
          { verifiedBy: 'telemetry' },
        ),
      );
    }
    return out;
  }
}
