/** What an alert for a subtree will take over, so the confirmation can say it in numbers. */
export interface FleetLike {
  screen: { siteId: string; status: string };
}

export interface TakeOver {
  screens: number;
  sites: number;
}

/** Active (not revoked) screens and the distinct sites they are in. */
export function takeOverOf(entries: readonly FleetLike[]): TakeOver {
  const active = entries.filter((e) => e.screen.status !== 'revoked');
  return { screens: active.length, sites: new Set(active.map((e) => e.screen.siteId)).size };
}
