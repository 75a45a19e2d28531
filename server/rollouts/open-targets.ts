/**
 * The open targets of running rollouts, held in memory. Every manifest fetch and every ack of
 * every screen asks "which running rollout of this release is waiting on this screen?", and
 * every ack asks "is the canary done, is the rollout done?": as SQL that was a join and two
 * counts per request, a fifth of the server's time when a release goes city-wide.
 *
 * The database stays the truth: this index is loaded from it at start and again after any
 * rolled-back screen write (see ScreensService `rolledBack`), and the rollouts service changes
 * it only after (or inside) the transaction that wrote the same change.
 *
 * "Delivered" (the screen fetched the manifest of the release) is not written per target: it is
 * the screen's own `served_release`, recorded with every fetch; targets read as delivered when
 * assigned and their screen was served the rollout's release.
 */
import type { Db } from '../db/database.js';
import type { RolloutStatus } from './rollouts.schemas.js';
import type { TargetState } from './rollouts.store.js';

type OpenState = 'waiting' | 'assigned' | 'delivered';
const isOpen = (s: TargetState): s is OpenState => s === 'waiting' || s === 'assigned' || s === 'delivered';
const isRunning = (s: RolloutStatus) => s === 'canary' || s === 'rolling';

export interface OpenTarget {
  rolloutId: string;
  releaseId: string;
  stage: 'canary' | 'rest';
  state: OpenState;
}

interface Running {
  releaseId: string;
  status: RolloutStatus;
  /** Open targets by screen. */
  targets: Map<string, OpenTarget>;
  /** Canary targets assigned or delivered (the canary is done at 0), and failed. */
  canaryOpen: number;
  canaryFailed: number;
}

interface Row {
  rollout_id: string;
  screen_id: string;
  stage: 'canary' | 'rest';
  state: TargetState;
  release_id: string;
  status: RolloutStatus;
  served: number | null;
}

export class OpenTargets {
  private readonly running = new Map<string, Running>();
  private readonly byScreen = new Map<string, OpenTarget[]>();

  constructor(private readonly db: Db) {
    this.reload();
  }

  /** Rebuild from the database (start, and after a rolled-back write). */
  reload(): void {
    this.running.clear();
    this.byScreen.clear();
    const rows = this.db
      .prepare<[], Row>(
        `SELECT t.rollout_id, t.screen_id, t.stage, t.state, r.release_id, r.status,
                s.served_release = r.release_id AS served
         FROM rollout_targets t JOIN rollouts r ON r.id = t.rollout_id LEFT JOIN screens s ON s.id = t.screen_id
         WHERE r.status IN ('canary', 'rolling')`,
      )
      .all();
    for (const r of rows) {
      const run = this.runningOf(r.rollout_id, r.release_id, r.status);
      if (r.stage === 'canary' && r.state === 'failed') run.canaryFailed++;
      if (!isOpen(r.state)) continue;
      this.put(
        run,
        r.rollout_id,
        r.screen_id,
        r.stage,
        r.state === 'assigned' && r.served === 1 ? 'delivered' : r.state,
      );
    }
  }

  /** A rollout just created (its targets inserted in the committed transaction). */
  add(
    rolloutId: string,
    releaseId: string,
    status: RolloutStatus,
    targets: readonly { screenId: string; stage: 'canary' | 'rest'; state: TargetState }[],
  ): void {
    if (!isRunning(status)) return;
    const run = this.runningOf(rolloutId, releaseId, status);
    for (const t of targets) if (isOpen(t.state)) this.put(run, rolloutId, t.screenId, t.stage, t.state);
  }

  /** Running rollouts of this release waiting on this screen's fetch or ack (not held back). */
  forScreen(screenId: string, releaseId: string): readonly OpenTarget[] {
    const list = this.byScreen.get(screenId);
    if (!list) return [];
    return list.filter((t) => t.releaseId === releaseId && t.state !== 'waiting');
  }

  /** Screens held back (waiting) in a rollout. */
  waiting(rolloutId: string): string[] {
    const run = this.running.get(rolloutId);
    if (!run) return [];
    return [...run.targets].filter(([, t]) => t.state === 'waiting').map(([id]) => id);
  }

  /** A target moved (the same change is written in the current transaction). */
  setState(rolloutId: string, screenId: string, state: TargetState): void {
    const run = this.running.get(rolloutId);
    const t = run?.targets.get(screenId);
    if (!run || !t) return;
    const wasCanaryOpen = t.stage === 'canary' && (t.state === 'assigned' || t.state === 'delivered');
    if (isOpen(state)) {
      t.state = state;
      const nowCanaryOpen = t.stage === 'canary' && (state === 'assigned' || state === 'delivered');
      run.canaryOpen += Number(nowCanaryOpen) - Number(wasCanaryOpen);
      return;
    }
    if (wasCanaryOpen) run.canaryOpen--;
    if (t.stage === 'canary' && state === 'failed') run.canaryFailed++;
    this.remove(run, screenId, t);
  }

  /** Older open targets of these screens gave way to a new rollout. */
  supersede(screenIds: readonly string[]): void {
    for (const id of screenIds) {
      for (const t of [...(this.byScreen.get(id) ?? [])]) this.setState(t.rolloutId, id, 'superseded');
    }
  }

  setStatus(rolloutId: string, status: RolloutStatus): void {
    const run = this.running.get(rolloutId);
    if (!run) return;
    run.status = status;
    if (isRunning(status)) return;
    for (const [screenId, t] of [...run.targets]) this.remove(run, screenId, t);
    this.running.delete(rolloutId);
  }

  /** Status and counts of a running rollout (undefined once it is no longer running). */
  state(
    rolloutId: string,
  ): { releaseId: string; status: RolloutStatus; open: number; canaryOpen: number; canaryFailed: number } | undefined {
    const run = this.running.get(rolloutId);
    return (
      run && {
        releaseId: run.releaseId,
        status: run.status,
        open: run.targets.size,
        canaryOpen: run.canaryOpen,
        canaryFailed: run.canaryFailed,
      }
    );
  }

  private runningOf(rolloutId: string, releaseId: string, status: RolloutStatus): Running {
    let run = this.running.get(rolloutId);
    if (!run) {
      run = { releaseId, status, targets: new Map(), canaryOpen: 0, canaryFailed: 0 };
      this.running.set(rolloutId, run);
    }
    return run;
  }

  private put(run: Running, rolloutId: string, screenId: string, stage: 'canary' | 'rest', state: OpenState): void {
    const t: OpenTarget = { rolloutId, releaseId: run.releaseId, stage, state };
    run.targets.set(screenId, t);
    if (stage === 'canary' && state !== 'waiting') run.canaryOpen++;
    const list = this.byScreen.get(screenId);
    if (list) list.push(t);
    else this.byScreen.set(screenId, [t]);
  }

  private remove(run: Running, screenId: string, t: OpenTarget): void {
    run.targets.delete(screenId);
    const list = this.byScreen.get(screenId);
    if (!list) return;
    const rest = list.filter((x) => x !== t);
    if (rest.length > 0) this.byScreen.set(screenId, rest);
    else this.byScreen.delete(screenId);
  }
}
