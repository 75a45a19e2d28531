/**
 * Camera orbit as plain numbers: azimuth, elevation and distance around a target. Pointer
 * drags and wheel steps turn into new states; the scene only reads `cameraPosition`.
 */
export interface Orbit {
  azimuth: number;
  elevation: number;
  distance: number;
  target: { x: number; y: number; z: number };
}

const MIN_ELEVATION = 0.15;
const MAX_ELEVATION = Math.PI / 2 - 0.02;

/** A view that shows the whole floor from the south-east, looking down. */
export function defaultOrbit(width: number, depth: number): Orbit {
  return {
    azimuth: Math.PI / 9,
    elevation: 1.0,
    distance: Math.max(width, depth) * 1.05 + 4,
    target: { x: 0, y: 0, z: 0 },
  };
}

/** Drag by (dx, dy) pixels; one canvas width turns half a circle. */
export function rotate(o: Orbit, dx: number, dy: number, widthPx: number): Orbit {
  const k = Math.PI / Math.max(1, widthPx);
  return {
    ...o,
    azimuth: o.azimuth - dx * k,
    elevation: Math.min(MAX_ELEVATION, Math.max(MIN_ELEVATION, o.elevation + dy * k)),
  };
}

/** Wheel zoom: positive delta moves away; distance stays within [min, max]. */
export function zoom(o: Orbit, delta: number, min: number, max: number): Orbit {
  const f = Math.exp(delta * 0.001);
  return { ...o, distance: Math.min(max, Math.max(min, o.distance * f)) };
}

export function cameraPosition(o: Orbit): { x: number; y: number; z: number } {
  const h = o.distance * Math.cos(o.elevation);
  return {
    x: o.target.x + h * Math.sin(o.azimuth),
    y: o.target.y + o.distance * Math.sin(o.elevation),
    z: o.target.z + h * Math.cos(o.azimuth),
  };
}
