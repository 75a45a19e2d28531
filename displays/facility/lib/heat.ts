/**
 * Occupancy heat tint for a zone: people / capacity mapped from calm blue-green through amber
 * to red; a zone with no reading stays neutral grey.
 */
const STOPS: readonly [number, [number, number, number]][] = [
  [0, [0xd8, 0xef, 0xe4]],
  [0.5, [0x9f, 0xd8, 0xb2]],
  [0.8, [0xf4, 0xc4, 0x5a]],
  [1, [0xe5, 0x73, 0x5a]],
  [1.3, [0xc6, 0x28, 0x28]],
];
export const NO_READING_COLOUR = 0xe4e8ee;

export function occupancyRatio(people: number | undefined, capacity: number): number | undefined {
  if (people === undefined || !Number.isFinite(people)) return undefined;
  if (capacity <= 0) return people > 0 ? 1.3 : 0;
  return Math.max(0, people / capacity);
}

/** Heat colour as 0xRRGGBB. */
export function heatColour(ratio: number | undefined): number {
  if (ratio === undefined) return NO_READING_COLOUR;
  const r = Math.min(ratio, 1.3);
  for (let i = 1; i < STOPS.length; i++) {
    const [hi, ch] = STOPS[i] ?? [1, [0, 0, 0]];
    const [lo, cl] = STOPS[i - 1] ?? [0, [0, 0, 0]];
    if (r <= hi) {
      const f = (r - lo) / (hi - lo);
      const mix = (k: 0 | 1 | 2) => Math.round(cl[k] + (ch[k] - cl[k]) * f);
      return (mix(0) << 16) | (mix(1) << 8) | mix(2);
    }
  }
  return 0xc62828;
}

export const toCssColour = (c: number): string => `#${c.toString(16).padStart(6, '0')}`;
