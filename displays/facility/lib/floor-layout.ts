/**
 * Floor plan of a site from its layout: each zone becomes a rectangle whose area is its m²
 * (a squarified treemap, so rooms stay close to square), counters line the far wall of their
 * zone, devices sit at their 0–1 position inside their zone. Units are metres; x runs east,
 * z runs south, the floor is y = 0.
 */
export interface PlanZone {
  id: string;
  kind: string;
  name: string;
  areaM2: number;
  capacity: number;
}

export interface PlanCounter {
  number: number;
  zoneId: string;
}

export interface PlanDevice {
  id: string;
  type: string;
  zoneId: string;
  position: { x: number; y: number };
}

export interface Rect {
  x: number;
  z: number;
  w: number;
  d: number;
}

export interface FloorPlan {
  width: number;
  depth: number;
  zones: (PlanZone & { rect: Rect })[];
  counters: { number: number; zoneId: string; x: number; z: number }[];
  devices: { id: string; type: string; zoneId: string; x: number; z: number }[];
}

/** The order zones are laid out in: a citizen walks in at reception and goes deeper. */
const KIND_ORDER = ['reception', 'waiting', 'counters', 'lookup', 'support', 'other'];
const ASPECT = 1.6;
/** Walls keep a little margin so devices never sit on a zone's edge. */
const INSET = 0.08;

function worst(row: readonly number[], side: number): number {
  const sum = row.reduce((a, b) => a + b, 0);
  const max = Math.max(...row);
  const min = Math.min(...row);
  return Math.max((side * side * max) / (sum * sum), (sum * sum) / (side * side * min));
}

/** Squarified treemap (Bruls et al.): rectangles of exactly the given areas tiling `bounds`. */
export function squarify(areas: readonly number[], bounds: Rect): Rect[] {
  const out: Rect[] = [];
  let free = { ...bounds };
  let i = 0;
  while (i < areas.length) {
    const side = Math.min(free.w, free.d);
    const row: number[] = [];
    while (i < areas.length) {
      const next = areas[i] ?? 0;
      if (row.length > 0 && worst([...row, next], side) > worst(row, side)) break;
      row.push(next);
      i++;
    }
    const sum = row.reduce((a, b) => a + b, 0);
    if (free.w >= free.d) {
      // Lay the row as a column on the west side.
      const colW = sum / free.d;
      let z = free.z;
      for (const a of row) {
        const d = a / colW;
        out.push({ x: free.x, z, w: colW, d });
        z += d;
      }
      free = { x: free.x + colW, z: free.z, w: free.w - colW, d: free.d };
    } else {
      const rowD = sum / free.w;
      let x = free.x;
      for (const a of row) {
        const w = a / rowD;
        out.push({ x, z: free.z, w, d: rowD });
        x += w;
      }
      free = { x: free.x, z: free.z + rowD, w: free.w, d: free.d - rowD };
    }
  }
  return out;
}

/** Build the floor plan; zones with no area get a token 1 m² so they still show. */
export function planFloor(
  zones: readonly PlanZone[],
  counters: readonly PlanCounter[],
  devices: readonly PlanDevice[],
): FloorPlan {
  const ordered = [...zones].sort(
    (a, b) => rank(a.kind) - rank(b.kind) || b.areaM2 - a.areaM2 || a.id.localeCompare(b.id),
  );
  const areas = ordered.map((z) => Math.max(1, z.areaM2));
  const total = areas.reduce((a, b) => a + b, 0) || 1;
  const width = Math.sqrt(total * ASPECT);
  const depth = total / width;
  // Squarify wants areas in decreasing order; keep the kind order by sorting indices only.
  const byArea = areas.map((a, i) => ({ a, i })).sort((p, q) => q.a - p.a);
  const rects = squarify(
    byArea.map((p) => p.a),
    { x: -width / 2, z: -depth / 2, w: width, d: depth },
  );
  const rectOf = new Map<string, Rect>();
  byArea.forEach((p, k) => {
    const zone = ordered[p.i];
    const rect = rects[k];
    if (zone && rect) rectOf.set(zone.id, rect);
  });
  const planZones = ordered.flatMap((z) => {
    const rect = rectOf.get(z.id);
    return rect ? [{ ...z, rect }] : [];
  });

  const planCounters: FloorPlan['counters'] = [];
  const byZone = new Map<string, PlanCounter[]>();
  for (const c of [...counters].sort((a, b) => a.number - b.number)) {
    byZone.set(c.zoneId, [...(byZone.get(c.zoneId) ?? []), c]);
  }
  for (const [zoneId, list] of byZone) {
    const r = rectOf.get(zoneId);
    if (!r) continue;
    list.forEach((c, k) => {
      planCounters.push({ number: c.number, zoneId, x: r.x + ((k + 0.5) / list.length) * r.w, z: r.z + r.d * 0.2 });
    });
  }

  const planDevices = devices.flatMap((d) => {
    const r = rectOf.get(d.zoneId);
    if (!r) return [];
    const px = INSET + clamp01(d.position.x) * (1 - 2 * INSET);
    const pz = INSET + clamp01(d.position.y) * (1 - 2 * INSET);
    return [{ id: d.id, type: d.type, zoneId: d.zoneId, x: r.x + px * r.w, z: r.z + pz * r.d }];
  });
  return { width, depth, zones: planZones, counters: planCounters, devices: planDevices };
}

const rank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i === -1 ? KIND_ORDER.length : i;
};
const clamp01 = (v: number): number => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0.5));
