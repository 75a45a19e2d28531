/**
 * Simulated lobby screens for browser journeys: each holds a real screen token and, like the
 * player, fetches its manifest (If-None-Match) and acknowledges the hash it now shows.
 * They poll instead of holding a push stream, which keeps a test's socket count small.
 */
import { z } from 'zod';
import type { TestApp } from '../../helpers/test-app.js';

const manifestHash = z.object({ hash: z.string(), brand: z.object({ releaseId: z.string().nullable() }) });

export interface SimScreens {
  ids: string[];
  /** Release each screen acknowledged last. */
  shown: Map<string, string | null>;
  stop(): Promise<void>;
}

export function startSimScreens(t: TestApp, base: string, siteIds: readonly string[], everyMs = 250): SimScreens {
  const screens = siteIds.flatMap((siteId) =>
    t.services.screens.store
      .list({ siteId })
      .map((sc) => ({ id: sc.id, token: t.services.screens.issueToken(sc.id), etag: '' })),
  );
  const shown = new Map<string, string | null>();
  let running = true;
  const loop = async (s: (typeof screens)[number]): Promise<void> => {
    while (running) {
      const headers: Record<string, string> = { authorization: `Bearer ${s.token}` };
      if (s.etag) headers['if-none-match'] = s.etag;
      const res = await fetch(`${base}/api/v1/display/manifest`, { headers });
      if (res.status === 200) {
        const m = manifestHash.parse(await res.json());
        s.etag = res.headers.get('etag') ?? '';
        const ack = await fetch(`${base}/api/v1/display/ack`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ hash: m.hash, errors: [] }),
        });
        if (ack.ok) shown.set(s.id, m.brand.releaseId);
      } else if (res.status !== 304) {
        throw new Error(`screen ${s.id}: manifest ${res.status}`);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };
  const done = Promise.all(screens.map((s) => loop(s)));
  return {
    ids: screens.map((s) => s.id),
    shown,
    stop: async () => {
      running = false;
      await done;
    },
  };
}
