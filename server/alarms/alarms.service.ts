/**
 * Alarm lifecycle. Rule evaluation (alarm-evaluator.ts) reports *conditions* — "this source
 * is in this state now" — and this service turns them into alarms with flapping suppression:
 * a condition must hold `raiseAfterS` before it raises and be gone `clearAfterS` before it
 * clears. One open alarm per (source, type): a condition that returns while its alarm is
 * cleared-unacked reactivates that alarm instead of opening a second one.
 */
import type { Db } from '../db/database.js';
import type { Severity } from '../../config/alarm-rules.js';
import type { DeviceType } from '../../devices/device-types.js';
import { conflict, notFound } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { TypedEmitter } from '../core/typed-emitter.js';
import type { Actor, AuditStore } from '../audit/audit.store.js';
import type { AlarmRulesProvider } from './alarm-rules.provider.js';
import type { Alarm, AlarmEvent, AlarmFilter, AlarmsStore } from './alarms.store.js';

export interface ConditionInput {
  sourceId: string;
  /** e.g. `fault:PAPER_OUT`, `offline`, `queue-waiting`, `occupancy`, `env:co2`, `screen-offline`. */
  type: string;
  siteId: string;
  deviceId: string | null;
  deviceType: DeviceType | null;
  severity: Severity;
  message: string;
  value: number | null;
}

interface Condition {
  input: ConditionInput;
  raw: boolean;
  since: number;
  /** Cached: is there an active alarm for it (avoids a query per tick in steady state). */
  alarmActive: boolean;
}

export type AlarmEventMap = {
  raised: [Alarm, { reactivated: boolean }];
  cleared: [Alarm];
  /** Acknowledged (and closed, when it was already cleared). */
  acked: [Alarm];
};

const keyOf = (sourceId: string, type: string): string => `${sourceId}\u0000${type}`;

export class AlarmService {
  readonly events = new TypedEmitter<AlarmEventMap>();
  private readonly conditions = new Map<string, Condition>();

  constructor(
    private readonly db: Db,
    readonly store: AlarmsStore,
    private readonly audit: AuditStore,
    readonly rules: AlarmRulesProvider,
    private readonly sitePath: (siteId: string) => string | undefined,
  ) {}

  /** Report a condition's current truth; an alarm follows once it has held long enough. */
  condition(input: ConditionInput, active: boolean, at: number): void {
    const key = keyOf(input.sourceId, input.type);
    let c = this.conditions.get(key);
    if (!c) {
      const open = this.store.open(input.sourceId, input.type);
      if (!active && !open) return;
      c = { input, raw: active, since: at, alarmActive: open?.state.startsWith('active') ?? false };
      this.conditions.set(key, c);
    } else if (c.raw !== active) {
      c.raw = active;
      c.since = at;
    }
    if (active) c.input = input;
    this.settle(key, c, at);
  }

  /** Is the condition currently true (before suppression)? */
  isRaw(sourceId: string, type: string): boolean {
    return this.conditions.get(keyOf(sourceId, type))?.raw ?? false;
  }

  /** Conditions of a source (e.g. all faults of a device), for evaluators that need to end them. */
  typesOf(sourceId: string): string[] {
    const out: string[] = [];
    for (const c of this.conditions.values()) if (c.input.sourceId === sourceId && c.raw) out.push(c.input.type);
    return out;
  }

  /** Settle every condition whose suppression window has run out. */
  tick(now: number): void {
    for (const [key, c] of this.conditions) this.settle(key, c, now);
  }

  private settle(key: string, c: Condition, now: number): void {
    const { flapping } = this.rules.get();
    if (c.raw && !c.alarmActive && now - c.since >= flapping.raiseAfterS * 1000) {
      this.raise(c.input, now);
      c.alarmActive = true;
    } else if (!c.raw && c.alarmActive && now - c.since >= flapping.clearAfterS * 1000) {
      const open = this.store.open(c.input.sourceId, c.input.type);
      if (open?.state.startsWith('active')) {
        this.db.transaction(() => {
          this.store.clear(open.id, now);
          this.store.addEvent(open.id, now, 'cleared', null, null);
        })();
        const after = this.store.get(open.id);
        if (after) this.events.emit('cleared', after);
      }
      c.alarmActive = false;
      this.conditions.delete(key);
    } else if (!c.raw && !c.alarmActive) {
      this.conditions.delete(key);
    }
  }

  private raise(i: ConditionInput, now: number): void {
    const open = this.store.open(i.sourceId, i.type);
    let reactivated = false;
    let id: string;
    if (open) {
      if (open.state.startsWith('active')) return;
      id = open.id;
      reactivated = true;
      this.db.transaction(() => {
        this.store.reactivate(id, i.severity, i.message, i.value, now);
        this.store.addEvent(id, now, 'reactivated', null, null);
      })();
    } else {
      id = newId();
      const sitePath = this.sitePath(i.siteId) ?? `/${i.siteId}/`;
      this.db.transaction(() => {
        this.store.insert({
          id,
          sourceId: i.sourceId,
          type: i.type,
          siteId: i.siteId,
          sitePath,
          deviceId: i.deviceId,
          deviceType: i.deviceType,
          severity: i.severity,
          message: i.message,
          value: i.value,
          state: 'active-unacked',
          occurrences: 1,
          raisedAt: now,
          clearedAt: null,
          ackedAt: null,
          ackedBy: null,
          ackComment: null,
          updatedAt: now,
        });
        this.store.addEvent(id, now, 'raised', null, null);
      })();
    }
    const alarm = this.store.get(id);
    if (alarm) this.events.emit('raised', alarm, { reactivated });
  }

  /** Replace the rules (validated, persisted, audited). */
  setRules(actor: Actor, input: unknown, now: number): void {
    const before = this.rules.get();
    const after = this.rules.set(input, actor.name ?? actor.id, now);
    this.audit.record({
      actor,
      action: 'alarm.rules',
      entity: 'alarm_rules',
      entityId: 'rules',
      orgId: null,
      orgPath: null,
      before,
      after,
    });
  }

  /** Re-read the rules from their source; bad rules are refused and the old ones stay. */
  reloadRules(actor: Actor, now: number): void {
    const after = this.rules.reload(now);
    this.audit.record({
      actor,
      action: 'alarm.rules-reload',
      entity: 'alarm_rules',
      entityId: 'rules',
      orgId: null,
      orgPath: null,
      after: { source: this.rules.info().source, rules: after },
    });
  }

  get(id: string): Alarm {
    const a = this.store.get(id);
    if (!a) throw notFound('Alarm', id);
    return a;
  }

  list(filter: AlarmFilter): Alarm[] {
    return this.store.list(filter);
  }

  history(id: string): AlarmEvent[] {
    this.get(id);
    return this.store.events(id);
  }

  /** Acknowledge with a comment; a cleared alarm acknowledged is closed. */
  ack(actor: Actor, id: string, comment: string, now: number): Alarm {
    const acked = this.db.transaction(() => {
      const before = this.get(id);
      if (before.state === 'active-acked' || before.state === 'cleared-acked') {
        throw conflict('ALARM_ALREADY_ACKED', `Alarm ${id} is already acknowledged`);
      }
      this.store.ack(id, actor.name ?? actor.id, comment, now);
      this.store.addEvent(id, now, 'acked', actor.name ?? actor.id, comment);
      const after = this.get(id);
      if (after.state === 'cleared-acked') this.store.addEvent(id, now, 'closed', null, null);
      this.audit.record({
        actor,
        action: 'alarm.ack',
        entity: 'alarm',
        entityId: id,
        orgId: before.siteId,
        orgPath: before.sitePath,
        before: { state: before.state },
        after: { state: after.state, comment },
      });
      return after;
    })();
    this.events.emit('acked', acked);
    return acked;
  }
}
