/** Progress of a procedure import job as the wizard shows it. */
export interface JobLike {
  state: 'queued' | 'parsing' | 'validating' | 'applying' | 'done' | 'failed';
  processed: number;
  total: number | null;
}

export const isFinished = (job: JobLike): boolean => job.state === 'done' || job.state === 'failed';

/** 0–100; unknown total counts as 0 until the file is parsed; a finished job is 100. */
export function jobPercent(job: JobLike): number {
  if (isFinished(job)) return 100;
  if (job.total === null || job.total === 0) return 0;
  return Math.max(0, Math.min(100, Math.floor((job.processed / job.total) * 100)));
}

/** Wait between polls: quick at first, then backing off to 1 s. */
export const pollDelayMs = (attempt: number): number => Math.min(1000, 100 * 2 ** attempt);
