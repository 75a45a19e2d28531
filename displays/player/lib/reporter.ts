/**
 * Buffers what the screen reports (errors for the next heartbeat, proof-of-play items) with
 * hard caps, so a screen offline for a week neither loses the recent record nor grows without
 * bound. Pure apart from the clock it is given.
 */
import type { ProofOfPlayBody } from '../../shared/protocol.js';

export type PlayItem = ProofOfPlayBody['items'][number];

export const MAX_ERRORS = 50;
export const MAX_PLAYS = 1000;

export class ReportBuffer {
  private errors: string[] = [];
  private plays: PlayItem[] = [];
  droppedErrors = 0;
  droppedPlays = 0;

  addError(message: string): void {
    this.errors.push(message.slice(0, 500));
    if (this.errors.length > MAX_ERRORS) {
      this.errors.shift();
      this.droppedErrors++;
    }
  }

  addPlay(item: PlayItem): void {
    if (item.durationMs <= 0) return;
    this.plays.push({ ...item, item: item.item.slice(0, 200), durationMs: Math.min(item.durationMs, 86_400_000) });
    if (this.plays.length > MAX_PLAYS) {
      this.plays.shift();
      this.droppedPlays++;
    }
  }

  /** Take the errors to send; `restore` puts them back if sending failed. */
  takeErrors(): string[] {
    const e = this.errors;
    this.errors = [];
    return e;
  }

  takePlays(): PlayItem[] {
    const p = this.plays;
    this.plays = [];
    return p;
  }

  restoreErrors(e: readonly string[]): void {
    this.errors = [...e, ...this.errors].slice(-MAX_ERRORS);
  }

  restorePlays(p: readonly PlayItem[]): void {
    this.plays = [...p, ...this.plays].slice(-MAX_PLAYS);
  }

  get pendingPlays(): number {
    return this.plays.length;
  }
}
