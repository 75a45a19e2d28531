/**
 * The chart of each report: one bar per site (or key) with the report's headline figure, worst
 * first, so the sites where citizens suffer most lead.
 */
export interface Bar {
  key: string;
  value: number;
  /** 0–1 share of the longest bar. */
  share: number;
  bad: boolean;
}

interface Figure {
  key: string;
  value: number | null;
  bad: boolean;
}

function bars(figures: readonly Figure[], worstFirst: 'low' | 'high', limit: number, scaleMax?: number): Bar[] {
  const have = figures.filter((f): f is Figure & { value: number } => f.value !== null && Number.isFinite(f.value));
  have.sort((a, b) => (worstFirst === 'low' ? a.value - b.value : b.value - a.value) || a.key.localeCompare(b.key));
  const top = have.slice(0, limit);
  const max = scaleMax ?? Math.max(1e-9, ...top.map((f) => Math.abs(f.value)));
  return top.map((f) => ({ key: f.key, value: f.value, share: Math.min(1, Math.abs(f.value) / max), bad: f.bad }));
}

export const availabilityBars = (rows: readonly { key: string; availabilityPct: number | null }[], limit = 15): Bar[] =>
  bars(
    rows.map((r) => ({ key: r.key, value: r.availabilityPct, bad: (r.availabilityPct ?? 100) < 95 })),
    'low',
    limit,
    100,
  );

export const mttrBars = (rows: readonly { key: string; mttrHours: number | null }[], limit = 15): Bar[] =>
  bars(
    rows.map((r) => ({ key: r.key, value: r.mttrHours, bad: (r.mttrHours ?? 0) > 8 })),
    'high',
    limit,
  );

export const slaBars = (rows: readonly { key: string; compliancePct: number | null }[], limit = 15): Bar[] =>
  bars(
    rows.map((r) => ({ key: r.key, value: r.compliancePct, bad: (r.compliancePct ?? 100) < 90 })),
    'low',
    limit,
    100,
  );

export const impactBars = (rows: readonly { siteId: string; waitDeltaMin: number | null }[], limit = 15): Bar[] =>
  bars(
    rows.map((r) => ({ key: r.siteId, value: r.waitDeltaMin, bad: (r.waitDeltaMin ?? 0) > 0 })),
    'high',
    limit,
  );

export const complianceBars = (rows: readonly { siteId: string; problems: readonly string[] }[], limit = 15): Bar[] =>
  bars(
    rows.map((r) => ({ key: r.siteId, value: r.problems.length, bad: r.problems.length > 0 })),
    'high',
    limit,
  );
