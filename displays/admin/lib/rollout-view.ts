/** Rollout progress as the console shows it, and who lags behind. */

export interface ProgressLike {
  status: string;
  targeted: number;
  acked: number;
  delivered: number;
  failed: number;
  offline: number;
  waiting: number;
}

export const FINISHED_ROLLOUT = new Set(['completed', 'halted', 'rolled-back']);

export const isRolloutFinished = (p: { status: string }): boolean => FINISHED_ROLLOUT.has(p.status);

/** Whole percent of targeted screens that acknowledged, 0 when nothing is targeted. */
export function ackedPercent(p: ProgressLike): number {
  return p.targeted > 0 ? Math.floor((p.acked / p.targeted) * 100) : 0;
}

export interface FleetEntryLike {
  screen: { id: string; name: string; siteId: string; releaseId: string | null; shownRelease: string | null };
  online: boolean;
}

/** Screens assigned the rollout's release that do not show it yet: offline ones first, then by name. */
export function laggards<E extends FleetEntryLike>(
  fleet: readonly E[],
  releaseId: string,
  targetIds?: ReadonlySet<string>,
): E[] {
  return fleet
    .filter(
      (e) =>
        (targetIds ? targetIds.has(e.screen.id) : e.screen.releaseId === releaseId) &&
        e.screen.shownRelease !== releaseId,
    )
    .sort((a, b) => Number(a.online) - Number(b.online) || a.screen.name.localeCompare(b.screen.name, 'vi'));
}

export interface TargetLike {
  orgId: string;
  units?: readonly string[] | undefined;
  tags?: readonly string[] | undefined;
}

/**
 * The entries of `fleet` a rollout target selects, as the server resolves it: screens at sites
 * under any of its units (or its root), carrying one of its tags when it names some.
 */
export function inTarget<E extends { screen: { siteId: string; tags: readonly string[] } }>(
  fleet: readonly E[],
  pathOf: (orgId: string) => string | undefined,
  target: TargetLike,
): E[] {
  const roots = (target.units ?? [target.orgId]).flatMap((id) => {
    const p = pathOf(id);
    return p === undefined ? [] : [p];
  });
  const tags = target.tags ?? [];
  return fleet.filter((e) => {
    const site = pathOf(e.screen.siteId);
    return (
      site !== undefined &&
      roots.some((r) => site.startsWith(r)) &&
      (tags.length === 0 || e.screen.tags.some((t) => tags.includes(t)))
    );
  });
}
