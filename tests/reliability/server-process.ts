/**
 * The real server entry (`server/main.ts`) as a child process on a temp DATA_DIR and free
 * loopback ports, killable (SIGKILL, no goodbye) and restartable on the same ports and data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../integration/devices/servers.js';

export interface ServerProcess {
  base: string;
  port: number;
  /** The embedded MQTT broker of the process. */
  mqttUrl: string;
  /** Unexpected exits (not caused by kill/stop). */
  crashes: number;
  /** Everything the process wrote (stdout + stderr), for log assertions. */
  output(): string;
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const mqttPort = await freePort();
  let proc: ChildProcess | undefined;
  let out = '';
  let expectedExit = false;
  const self: ServerProcess = {
    base: `http://127.0.0.1:${port}`,
    port,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    crashes: 0,
    output: () => out,
    start: async () => {
      expectedExit = false;
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: new URL('../../', import.meta.url).pathname,
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          DATA_DIR: dataDir,
          PORT: String(port),
          MQTT_PORT: String(mqttPort),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          SEED_DEMO: 'true',
          ADMIN_PASSWORD: 'reliability-admin-pw',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      proc = child;
      child.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.once('exit', () => {
        if (!expectedExit) self.crashes++;
      });
      const until = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null)
          throw new Error(`server exited at start (${child.exitCode}):\n${out.slice(-2000)}`);
        const ok = await fetch(`${self.base}/healthz`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) return;
        if (Date.now() > until) throw new Error(`server did not start:\n${out.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const p = proc;
      if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
      expectedExit = true;
      p.once('exit', () => resolve());
      p.kill(signal);
      setTimeout(() => p.kill('SIGKILL'), 10_000).unref();
    });
  await self.start();
  return self;
}
