/**
 * A view kept from a REST answer plus the live stream's changes. Batches that arrive while a
 * fetch is on its way are kept and applied again on top of its answer (the merges are
 * newest-wins per item, so nothing goes back in time), so a change is never lost to the race
 * between the fetch and the stream.
 */
import type { StreamBatch } from './live-stream.js';

/** Batches kept while a fetch is in flight. */
const MAX_PENDING = 200;

export class LiveView<V> {
  private _value: V | undefined;
  private _pending: StreamBatch[] | null = null;

  constructor(
    private readonly apply: (view: V, batch: StreamBatch) => V,
    /** Called whenever the value changes (the host re-renders). */
    private readonly changed: () => void,
  ) {}

  get value(): V | undefined {
    return this._value;
  }

  /** A fetch starts: keep batches from now on. */
  fetching(): void {
    this._pending = [];
  }

  /** Its answer: the new value, with the batches received meanwhile on top. */
  fetched(answer: V): void {
    const pending = this._pending ?? [];
    this._pending = null;
    this._value = pending.reduce(this.apply, answer);
    this.changed();
  }

  batch(b: StreamBatch): void {
    if (this._pending) {
      this._pending.push(b);
      if (this._pending.length > MAX_PENDING) this._pending.shift();
    }
    if (this._value === undefined) return;
    this._value = this.apply(this._value, b);
    this.changed();
  }

  /** Forget the value (the view now shows something else, e.g. another site). */
  reset(): void {
    this._value = undefined;
    this._pending = null;
  }
}
