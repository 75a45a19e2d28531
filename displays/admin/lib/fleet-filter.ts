/** Client-side fleet filters the API has no parameter for: last seen longer ago than N minutes. */
export interface SeenLike {
  screen: { lastSeen: number | null };
}

/** Entries not seen for at least `minutes` (never seen counts as long ago); 0 keeps all. */
export function seenBefore<E extends SeenLike>(entries: readonly E[], minutes: number, now: number): E[] {
  if (!(minutes > 0)) return [...entries];
  const limit = now - minutes * 60_000;
  return entries.filter((e) => e.screen.lastSeen === null || e.screen.lastSeen <= limit);
}

/** `rel-0123456789ab…` → `rel-01234567`: short enough for a table cell. */
export const shortRelease = (id: string | null): string => (id === null ? '—' : id.slice(0, 12));
