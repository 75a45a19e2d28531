/** Device types of DESIGN.md's topic contract. Payload schemas per type live in devices/. */
export const DEVICE_TYPES = [
  'queue-kiosk',
  'counter-terminal',
  'rating-terminal',
  'occupancy-sensor',
  'env-sensor',
  'lookup-kiosk',
  'lobby-screen',
  'air-conditioner',
  'printer',
  'scanner',
  'computer',
  'camera',
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];
