/**
 * Calls `tick` every `ms` while the host element is on the page, and never after: a page left
 * open for a month keeps exactly one timer per visible view.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class IntervalController implements ReactiveController {
  private _timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly ms: number,
    private readonly tick: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this._timer ??= setInterval(this.tick, this.ms);
  }

  hostDisconnected(): void {
    clearInterval(this._timer);
    this._timer = undefined;
  }
}
