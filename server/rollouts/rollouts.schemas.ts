/** Rollouts API shapes, free of server code so the admin console imports them too. */
import { z } from '@hono/zod-openapi';
import { orgIdSchema } from '../org/org.schemas.js';
import { screenIdSchema } from '../screens/screens.schemas.js';

export const ROLLOUT_STATUSES = ['canary', 'rolling', 'completed', 'halted', 'rolled-back'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];

export const createRolloutSchema = z
  .strictObject({
    releaseId: z.string().min(1).max(200),
    target: z.strictObject({
      /** Root of the rollout: it belongs to this unit, and every unit below must lie within it. */
      orgId: orgIdSchema,
      /** Several subtrees at once (each within `orgId`); absent: the whole of `orgId`. */
      units: z.array(orgIdSchema).min(1).max(500).optional(),
      /** Only screens carrying at least one of these tags. */
      tags: z.array(z.string().max(41)).max(20).optional(),
      screenIds: z.array(screenIdSchema).min(1).max(20_000).optional(),
    }),
    canary: z.array(screenIdSchema).max(100).optional(),
  })
  .openapi('CreateRollout');

export const rolloutSchema = z
  .object({
    id: z.string(),
    releaseId: z.string(),
    orgId: z.string(),
    target: z.object({
      orgId: z.string(),
      units: z.array(z.string()).optional(),
      tags: z.array(z.string()).optional(),
      screenIds: z.array(z.string()).optional(),
    }),
    canary: z.array(z.string()),
    status: z.enum(ROLLOUT_STATUSES),
    createdBy: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('Rollout');

export const progressSchema = z
  .object({
    rolloutId: z.string(),
    status: z.enum(ROLLOUT_STATUSES),
    targeted: z.number(),
    waiting: z.number(),
    delivered: z.number(),
    acked: z.number(),
    failed: z.number(),
    offline: z.number(),
    failures: z.array(z.object({ screenId: z.string(), error: z.string().nullable() })),
  })
  .openapi('RolloutProgress');

/** What a target would select, before starting: the console's live count and tag chooser. */
export const targetPreviewRequestSchema = z
  .strictObject({ target: createRolloutSchema.shape.target })
  .openapi('RolloutTargetPreviewRequest');

export const targetPreviewSchema = z
  .object({
    /** Active screens the target selects (units and tags applied). */
    targeted: z.number(),
    /** Sites those screens are at. */
    sites: z.number(),
    /** Tags on the active screens of the chosen units (before the tag filter), with counts. */
    tags: z.array(z.object({ tag: z.string(), screens: z.number() })),
  })
  .openapi('RolloutTargetPreview');
