/**
 * Push fan-out behind one interface. `LocalPushBus` serves one process. Several server
 * processes behind a load balancer would use an MQTT-backed bus instead (publish on
 * `hcpv/v1/_push/{target}`, every process subscribes and delivers to the screens connected to
 * it), so a rollout started on one process reaches screens held by another. Only the bus
 * changes: the hub, its ring buffers and the SSE writer stay as they are.
 *
 * Ordering: a rollout publishes `manifest` before it commits the screens' new release, in the
 * same synchronous turn (ScreensService.assignRelease), which is safe because this process
 * serves no manifest before the turn ends. A bus shared by several processes must keep that
 * true for the others: it sends to them after the publishing turn (e.g. from `setImmediate`),
 * never from inside `publish`.
 */
import type { PushMessage } from '../../displays/shared/protocol.js';

export type PushTarget =
  { kind: 'screens'; ids: readonly string[] } | { kind: 'site'; siteId: string } | { kind: 'all' };

/** Messages that travel on the bus (never pings or hellos, which are per connection). */
export type BusMessage = Exclude<PushMessage, { type: 'ping' } | { type: 'hello' }>;

export type PushHandler = (target: PushTarget, message: BusMessage) => void;

export interface PushBus {
  publish(target: PushTarget, message: BusMessage): void;
  /** Returns the unsubscribe function. */
  subscribe(handler: PushHandler): () => void;
}

/** In-process bus: handlers run synchronously, in subscription order. */
export class LocalPushBus implements PushBus {
  private readonly handlers = new Set<PushHandler>();
  publish(target: PushTarget, message: BusMessage): void {
    for (const h of this.handlers) h(target, message);
  }
  subscribe(handler: PushHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
