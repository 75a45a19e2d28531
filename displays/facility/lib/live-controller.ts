/**
 * Connects a view to the dashboard's live stream while it is on the page: batches are applied
 * in place (`apply`) or, for views that refetch, trigger a debounced `refresh` when one touches
 * them (`relevant`); a `resync` refreshes; and while the stream is not live the view falls back
 * to polling every `fallbackMs`. Leaves no listener or timer behind when the host leaves.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { FacilityLiveStream, LiveStatus, StreamBatch } from './live-stream.js';

export interface LiveViewOptions {
  /** The stream (the host's `live` property); read on every update, so it may arrive later. */
  stream: () => FacilityLiveStream | undefined;
  /** Fetch everything again: after a resync, and every `fallbackMs` while the stream is not live. */
  refresh: () => void;
  fallbackMs: number;
  /** Fold a batch into what the view shows. */
  apply?: (batch: StreamBatch) => void;
  /** Or: which batches make a refresh due (refreshes are at most one per `debounceMs`). */
  relevant?: (batch: StreamBatch) => boolean;
  debounceMs?: number;
}

export class LiveController implements ReactiveController {
  private _stream: FacilityLiveStream | undefined;
  private _offs: (() => void)[] = [];
  private _poll: ReturnType<typeof setInterval> | undefined;
  private _debounce: ReturnType<typeof setTimeout> | undefined;
  private _connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly o: LiveViewOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this._connected = true;
    this._attach(this.o.stream());
  }

  hostUpdate(): void {
    const s = this.o.stream();
    if (this._connected && s !== this._stream) {
      this._detach();
      this._attach(s);
    }
  }

  hostDisconnected(): void {
    this._connected = false;
    this._detach();
  }

  private _attach(stream: FacilityLiveStream | undefined): void {
    this._stream = stream;
    if (stream) {
      this._offs = [
        stream.events.on('batch', (b) => this._onBatch(b)),
        stream.events.on('resync', () => this.o.refresh()),
        stream.events.on('status', (s) => this._pollWhile(s)),
      ];
    }
    this._pollWhile(stream?.status ?? 'down');
  }

  private _detach(): void {
    for (const off of this._offs) off();
    this._offs = [];
    this._stream = undefined;
    clearInterval(this._poll);
    this._poll = undefined;
    clearTimeout(this._debounce);
    this._debounce = undefined;
  }

  private _onBatch(b: StreamBatch): void {
    this.o.apply?.(b);
    if (!this.o.relevant?.(b) || this._debounce) return;
    this._debounce = setTimeout(() => {
      this._debounce = undefined;
      this.o.refresh();
    }, this.o.debounceMs ?? 500);
  }

  private _pollWhile(status: LiveStatus): void {
    if (status === 'live') {
      clearInterval(this._poll);
      this._poll = undefined;
    } else this._poll ??= setInterval(() => this.o.refresh(), this.o.fallbackMs);
  }
}
