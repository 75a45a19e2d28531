/**
 * Lobby screen entry: registers the offline Service Worker, hooks errors into the reports,
 * starts the watchdog, and mounts `hcpv-player-app` (index.html holds the tag). A brand preview
 * frame (`?preview=<profile>`, see lib/preview.ts) gets none of the screen machinery.
 */
import { watchdogVerdict } from './lib/watchdog.js';
import { previewProfile } from './lib/preview.js';
import type { HcpvPlayerApp } from './elements/player-app.js';
import './elements/player-app.js';

if (location.pathname === '/display') location.replace('/display/' + location.search);

// A brand preview frame in the admin console is not a screen: no offline cache, no watchdog.
const preview = previewProfile(location.search) !== null;

if (!preview && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/display/sw.js', { scope: '/display/' }).catch((err: unknown) => {
    console.warn('service worker registration failed', err);
  });
}

// Load every weight the screen uses up front (Vietnamese and Latin subsets), so no text waits
// for a font mid-carousel and an offline boot finds them all in the Service Worker cache.
if ('fonts' in document) {
  for (const w of [400, 500, 600, 700, 800])
    void document.fonts.load(`${w} 16px "Be Vietnam Pro"`, 'Hành chính phục vụ – Thủ tục đăng ký Aa');
}

const app = (): HcpvPlayerApp | null => document.querySelector('hcpv-player-app');
const params = new URLSearchParams(location.search);
const speed = Number(params.get('speed') ?? '1');
const el = app();
if (el && Number.isFinite(speed) && speed > 0) el.speed = speed;

const startedAt = Date.now();
let lastFrameAt = startedAt;
let errors: number[] = [];
let lastRenderOkAt = startedAt;

const report = (message: string): void => {
  errors.push(Date.now());
  app()?.controller.reportError(message);
};
addEventListener('error', (e) => {
  report(`${e.message} @ ${e.filename}:${e.lineno}:${e.colno}`);
});
addEventListener('unhandledrejection', (e) => {
  const r: unknown = e.reason;
  report(`unhandled rejection: ${r instanceof Error ? `${r.message}` : String(r)}`);
});

const frame = (): void => {
  lastFrameAt = Date.now();
  if (app()?.shadowRoot?.firstElementChild) lastRenderOkAt = lastFrameAt;
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);

if (!preview)
  setInterval(() => {
    // Every heartbeat, ack and asset fetch leaves a timing entry; a page that runs for months keeps none.
    performance.clearResourceTimings();
    const now = Date.now();
    errors = errors.filter((t) => now - t < 60_000);
    const verdict = watchdogVerdict({
      now,
      lastFrameAt,
      visible: document.visibilityState === 'visible',
      recentErrors: errors.length,
      lastRenderOkAt,
      startedAt,
    });
    if (verdict.reload) {
      app()?.controller.reportError(`watchdog reload: ${verdict.reason}`);
      // Give the heartbeat a moment to carry the reason, then start afresh (the cache shows the last manifest).
      void app()
        ?.controller.heartbeat()
        .finally(() => location.reload());
    }
  }, 5_000);
