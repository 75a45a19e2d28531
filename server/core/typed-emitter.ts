/**
 * A typed event emitter: the event map says which events exist and what each carries, so a
 * listener can never subscribe to a misspelt event or read a payload of the wrong shape.
 * A throwing listener is isolated (reported to `onListenerError`), never breaking the emitter.
 */
export type EventMap<E> = { [K in keyof E]: unknown[] };

export class TypedEmitter<E extends EventMap<E>> {
  private readonly listeners: { [K in keyof E]?: Set<(...args: E[K]) => void> } = {};

  constructor(private readonly onListenerError: (err: unknown, event: string) => void = () => undefined) {}

  /** Subscribe; returns the function that unsubscribes. */
  on<K extends keyof E>(event: K, listener: (...args: E[K]) => void): () => void {
    const set = this.listeners[event] ?? new Set<(...args: E[K]) => void>();
    this.listeners[event] = set;
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof E>(event: K, listener: (...args: E[K]) => void): void {
    this.listeners[event]?.delete(listener);
  }

  emit<K extends keyof E>(event: K, ...args: E[K]): void {
    for (const l of [...(this.listeners[event] ?? [])]) {
      try {
        l(...args);
      } catch (err) {
        this.onListenerError(err, String(event));
      }
    }
  }

  listenerCount(event: keyof E): number {
    return this.listeners[event]?.size ?? 0;
  }
}
