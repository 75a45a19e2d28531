/**
 * Brand preview mode (`/display/?preview=<profile>`): the brand editor embeds the real player in
 * an iframe and hands it the manifest a screen of that profile would get from the draft kit.
 * The player then shows it and nothing else: no token, no pairing, no stream, no ack, no reports.
 */
import { SCREEN_PROFILES, type ScreenProfile } from '../../../brand-kit/profiles.js';
import type { Manifest } from '../../shared/protocol.js';
import { PREVIEW_READY, previewMessageSchema } from '../../shared/preview-protocol.js';
import type { QueueCall } from './queue-board.js';

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
