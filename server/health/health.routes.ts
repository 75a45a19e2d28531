/** Liveness and readiness, for load balancers and the ops team. */
import { Hono } from 'hono';
import type { AppEnv } from '../core/http.js';

export interface ReadinessProbe {
  name: string;
  /** Resolve true when usable. A throw or a timeout counts as not ready. */
  check(): boolean | Promise<boolean>;
}

const PROBE_TIMEOUT_MS = 2_000;

async function runProbe(p: ReadinessProbe): Promise<{ name: string; ok: boolean; error?: string }> {
  try {
    const ok = await Promise.race([
      Promise.resolve(p.check()),
      new Promise<boolean>((_, reject) => setTimeout(() => reject(new Error('timed out')), PROBE_TIMEOUT_MS).unref()),
    ]);
    return { name: p.name, ok };
  } catch (err) {
    return { name: p.name, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

export function healthRoutes(probes: readonly ReadinessProbe[]) {
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'alive' }, 200))
    .get('/readyz', async (c) => {
      const checks = await Promise.all(probes.map(runProbe));
      const failed = checks.filter((r) => !r.ok).map((r) => r.name);
      return c.json({ status: failed.length ? 'not-ready' : 'ready', checks, failed }, failed.length ? 503 : 200);
    });
}
