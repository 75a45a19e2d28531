/**
 * Brand preview mode (`/display/?preview=<profile>`): the brand editor embeds the real player in
 * an iframe and hands it the manifest a screen of that profile would get from the draft kit.
 * The player then shows it and nothing else: no token, no pairing, no stream, no ack, no reports.
 */
import { z } from 'zod';
import { SCREEN_PROFILES, type ScreenProfile } from '../../../brand-kit/profiles.js';
import { manifestSchema, type Manifest } from '../../shared/protocol.js';
import type { QueueCall } from './queue-board.js';

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

/** The profile named by `?preview=`, or null for a real screen. */
export function previewProfile(search: string): ScreenProfile | null {
  const p = new URLSearchParams(search).get('preview');
  return SCREEN_PROFILES.find((x) => x === p) ?? null;
}

/**
 * Take drafts from the embedding page only (same origin, `parent` as the sender), for this
 * profile only; then tell the page this frame is ready. Returns the unsubscribe function.
 */
export function listenForPreview(
  win: Window,
  profile: ScreenProfile,
  show: (manifest: Manifest, calls: readonly QueueCall[]) => void,
): () => void {
  const onMessage = (e: MessageEvent): void => {
    if (e.origin !== win.location.origin || e.source !== win.parent) return;
    const parsed = previewMessageSchema.safeParse(e.data);
    if (parsed.success && parsed.data.manifest.layout.profile === profile)
      show(parsed.data.manifest, parsed.data.calls ?? []);
  };
  win.addEventListener('message', onMessage);
  if (win.parent !== win) win.parent.postMessage({ type: PREVIEW_READY, profile }, win.location.origin);
  return () => win.removeEventListener('message', onMessage);
}
