/**
 * Live state per device: last values, faults, online/offline. A device is online from its
 * `online` status or any message, and offline on its `offline` status (the broker's last will)
 * or after 3× its type's heartbeat with nothing heard.
 */
import { DEVICE_CONTRACTS, type DeviceEvent, type DeviceStatus } from '../contract.js';
import type { DeviceInfo, DeviceLiveState, IngestEvents } from '../ingest-types.js';

export class LiveState {
  private readonly states = new Map<string, DeviceLiveState>();

  constructor(private readonly events: IngestEvents) {}

  get(deviceId: string): DeviceLiveState | undefined {
    return this.states.get(deviceId);
  }

  list(siteId?: string): DeviceLiveState[] {
    const all = [...this.states.values()];
    return siteId === undefined ? all : all.filter((s) => s.siteId === siteId);
  }

  private entry(d: DeviceInfo, at: number): DeviceLiveState {
    let s = this.states.get(d.id);
    if (!s) {
      s = {
        deviceId: d.id,
        siteId: d.siteId,
        zoneId: d.zoneId,
        type: d.type,
        online: false,
        since: at,
        lastSeen: null,
        values: {},
        fw: null,
        faults: [],
      };
      this.states.set(d.id, s);
    }
    return s;
  }

  /** Anything heard from the device. Returns true when it came (back) online. */
  private heard(s: DeviceLiveState, at: number): boolean {
    s.lastSeen = Math.max(s.lastSeen ?? 0, at);
    if (s.online) return false;
    s.online = true;
    s.since = at;
    return true;
  }

  telemetry(d: DeviceInfo, ts: number, values: Record<string, number>, receivedAt: number): void {
    const s = this.entry(d, receivedAt);
    const changed = this.heard(s, receivedAt);
    Object.assign(s.values, values);
    this.events.emit('telemetry', { deviceId: d.id, siteId: d.siteId, ts, values });
    if (changed) this.events.emit('deviceState', { ...s });
  }

  event(d: DeviceInfo, e: DeviceEvent, receivedAt: number): void {
    const s = this.entry(d, receivedAt);
    let changed = this.heard(s, receivedAt);
    if (e.kind === 'fault' && !s.faults.includes(e.code)) {
      s.faults = [...s.faults, e.code];
      changed = true;
    } else if (e.kind === 'fault_cleared' && s.faults.includes(e.code)) {
      s.faults = s.faults.filter((f) => f !== e.code);
      changed = true;
    }
    if (changed) this.events.emit('deviceState', { ...s });
  }

  status(d: DeviceInfo, st: DeviceStatus, receivedAt: number): void {
    const s = this.entry(d, receivedAt);
    const online = st.state === 'online';
    if (st.fw !== undefined) s.fw = st.fw;
    if (online) s.lastSeen = Math.max(s.lastSeen ?? 0, receivedAt);
    if (s.online === online) return;
    s.online = online;
    s.since = receivedAt;
    this.events.emit('deviceState', { ...s });
  }

  /** Mark silent devices offline; call periodically. Returns how many went offline. */
  sweep(now: number): number {
    let n = 0;
    for (const s of this.states.values()) {
      if (!s.online || s.lastSeen === null) continue;
      if (now - s.lastSeen > 3 * DEVICE_CONTRACTS[s.type].heartbeatS * 1000) {
        s.online = false;
        s.since = now;
        n++;
        this.events.emit('deviceState', { ...s });
      }
    }
    return n;
  }

  forget(deviceId: string): void {
    this.states.delete(deviceId);
  }
}
