/** HTTP schemas of the screens feature (the display protocol itself is displays/shared/protocol.ts). */
import { z } from '@hono/zod-openapi';
import { SCREEN_COMMANDS, pairingCodeSchema, screenProfileSchema } from '../../displays/shared/protocol.js';
import { orgIdSchema } from '../org/org.schemas.js';
import { FLEET_STATUSES, SCREEN_STATUSES } from './screen-statuses.js';

export const screenIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,79}$/, 'a screen id');
const tag = z.string().regex(/^[a-z0-9][a-z0-9:_-]{0,40}$/, 'a tag of lower-case letters, digits, : _ -');

export const claimScreenSchema = z
  .strictObject({
    code: pairingCodeSchema,
    siteId: orgIdSchema,
    zoneId: z.string().min(1).max(41),
    profile: screenProfileSchema,
    name: z.string().trim().min(2).max(120),
    counter: z.number().int().min(1).max(999).optional(),
    tags: z.array(tag).max(20).optional(),
    screenId: screenIdSchema.optional(),
  })
  .openapi('ClaimScreen');

export const screenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    siteId: z.string(),
    zoneId: z.string(),
    profile: screenProfileSchema,
    counter: z.number().nullable(),
    tags: z.array(z.string()),
    status: z.enum(SCREEN_STATUSES),
    releaseId: z.string().nullable(),
    shownRelease: z.string().nullable(),
    ackedAt: z.number().nullable(),
    lastSeen: z.number().nullable(),
    uptimeS: z.number().nullable(),
    memoryMb: z.number().nullable(),
    lastErrors: z.array(z.string()),
    errorCount: z.number(),
  })
  .openapi('Screen');

export const fleetEntrySchema = z
  .object({
    screen: screenSchema,
    status: z.enum(FLEET_STATUSES),
    online: z.boolean(),
    offlineSince: z.number().nullable(),
    expectedHash: z.string().nullable(),
    shownHash: z.string().nullable(),
    upToDate: z.boolean(),
  })
  .openapi('FleetEntry');

export const fleetQuerySchema = z.strictObject({
  siteId: orgIdSchema.optional(),
  under: orgIdSchema.optional(),
  status: z.enum(FLEET_STATUSES).optional(),
  releaseId: z.string().max(200).optional(),
});

export const commandSchema = z.strictObject({ command: z.enum(SCREEN_COMMANDS) }).openapi('ScreenCommand');

export const sourcesWiringSchema = z.record(z.string(), z.enum(['service', 'fallback']));
