/**
 * The facility hub: receives signals (from the ingest and screen adapters, or tests), fans them
 * out to alarm evaluation, usage counters and queue history, and drives everything time-based
 * from `tick(now)` (main.ts calls it every minute; tests call it with a ManualClock).
 */
import type { AlarmEvaluator } from '../alarms/alarm-evaluator.js';
import type { AlarmService } from '../alarms/alarms.service.js';
import type { MaintenanceService } from '../maintenance/maintenance.service.js';
import type { WorkOrdersService } from '../workorders/workorders.service.js';
import type { FacilityHistoryStore } from './history.store.js';
import type {
  DeviceStateSignal,
  DeviceValuesSignal,
  FacilitySignals,
  QueueSignal,
  ScreenSignal,
  TicketSignal,
} from './signals.js';

export class FacilityHub implements FacilitySignals {
  constructor(
    private readonly evaluator: AlarmEvaluator,
    private readonly alarms: AlarmService,
    private readonly workorders: WorkOrdersService,
    private readonly maintenance: MaintenanceService,
    private readonly history: FacilityHistoryStore,
  ) {
    // Equipment alarms open (or reopen) work orders as they are raised.
    alarms.events.on('raised', (alarm) => {
      workorders.onAlarm(alarm, alarm.updatedAt);
    });
  }

  deviceState(s: DeviceStateSignal): void {
    this.evaluator.deviceState(s);
    this.maintenance.deviceState(s);
  }

  deviceValues(s: DeviceValuesSignal): void {
    this.evaluator.deviceValues(s);
  }

  queue(s: QueueSignal): void {
    this.evaluator.queue(s);
  }

  ticket(s: TicketSignal): void {
    this.history.addTicket(s.siteId, s.at, s.kind, s.waitMs);
    this.maintenance.ticket(s);
  }

  screen(s: ScreenSignal): void {
    this.evaluator.screen(s);
  }

  /** Everything time-based: offline-in-opening-hours, suppression windows, auto-verify, PM. */
  tick(now: number): void {
    this.evaluator.tick(now);
    this.alarms.tick(now);
    this.workorders.tick(now, (deviceId) => this.evaluator.health(deviceId)?.healthySince ?? null);
    this.maintenance.tick(now);
  }
}
