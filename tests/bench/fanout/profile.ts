/**
 * Optional CPU profile of a bench window: with FANOUT_CPU_PROF=<dir> set, `startProfile`
 * records a V8 CPU profile (open it in Chrome DevTools) until the returned stop is called.
 * Without it, both are no-ops. Only the timed window is profiled, not seeding or warm-up.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function startProfile(name: string): Promise<() => Promise<void>> {
  const dir = process.env['FANOUT_CPU_PROF'];
  if (!dir) return () => Promise.resolve();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}
