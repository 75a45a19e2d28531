/**
 * Lobby screen entry: registers the offline Service Worker, hooks errors into the reports,
 * starts the watchdog, and mounts `hcpv-player-app` (index.html holds the tag).
 */
import { watchdogVerdict } from './lib/watchdog.js';
import type { HcpvPlayerApp } from './elements/player-app.js';
import './elements/player-app.js';

if (location.pathname === '/display') location.replace('/display/' + location.search);

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/display/sw.js', { scope: '/display/' }).catch((err: unknown) => {
    console.warn('service worker registration failed', err);
  });
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

setInterval(() => {
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
