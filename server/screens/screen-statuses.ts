/** Status vocabularies of screens, in a leaf module so browser code (the admin console) can import them. */
export const SCREEN_STATUSES = ['active', 'revoked'] as const;
export type ScreenStatus = (typeof SCREEN_STATUSES)[number];

export const FLEET_STATUSES = ['online', 'offline', 'outdated', 'error', 'revoked'] as const;
export type FleetStatus = (typeof FLEET_STATUSES)[number];
