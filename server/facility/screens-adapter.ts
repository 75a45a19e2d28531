/**
 * Lobby screens into facility signals: polls the screen fleet (server/screens) and reports each
 * screen's online state and how long it has been behind the manifest it should show.
 */
import type { FacilitySignals } from './signals.js';

/** What the adapter needs of `ScreensService.fleet` (kept narrow so tests can feed it). */
export interface ScreenFleetSource {
  fleet(filter: { under: readonly string[] }): readonly {
    screen: { id: string; siteId: string; status: string };
    online: boolean;
    expectedHash: string | null;
    upToDate: boolean;
  }[];
}

export class ScreenWatcher {
  private readonly behind = new Map<string, { expected: string; since: number }>();

  constructor(
    private readonly source: ScreenFleetSource,
    private readonly signals: FacilitySignals,
  ) {}

  poll(now: number): number {
    let n = 0;
    for (const e of this.source.fleet({ under: ['/'] })) {
      if (e.screen.status === 'revoked') continue;
      let lag = 0;
      if (!e.upToDate && e.expectedHash !== null) {
        const b = this.behind.get(e.screen.id);
        // Behind since the screen was first seen not showing *this* expected manifest.
        const since = b && b.expected === e.expectedHash ? b.since : now;
        this.behind.set(e.screen.id, { expected: e.expectedHash, since });
        lag = now - since;
      } else this.behind.delete(e.screen.id);
      this.signals.screen({
        screenId: e.screen.id,
        siteId: e.screen.siteId,
        online: e.online,
        manifestLagMs: lag,
        at: now,
      });
      n++;
    }
    return n;
  }
}
