/**
 * The brand preview's messages between the admin console (which embeds the player at
 * `/display/?preview=<profile>`) and the player in that frame: both import them from here.
 */
import { z } from 'zod';
import { manifestSchema } from './protocol.js';

/** Sent by a preview frame to the page that embeds it once it listens. */
export const PREVIEW_READY = 'hcpv-preview-ready';

export const previewMessageSchema = z.object({
  type: z.literal('hcpv-preview'),
  manifest: manifestSchema,
  /** Sample calls for the now-serving board (a real screen gets them live). */
  calls: z
    .array(z.object({ counter: z.number().int(), ticket: z.string(), service: z.string().optional(), at: z.number() }))
    .max(50)
    .optional(),
});
export type PreviewMessage = z.infer<typeof previewMessageSchema>;
