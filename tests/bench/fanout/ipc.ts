/** Messages between the fanout bench orchestrator and its child processes, parsed with zod. */
import { fork, type ChildProcess } from 'node:child_process';
import { z } from 'zod';

export const toServer = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('publish') }),
  z.object({ cmd: z.literal('count') }),
  /** Forget which screens have acked (before the clients connect again, for the warm-up count). */
  z.object({ cmd: z.literal('reset') }),
  /** Start counting distinct acks (any hash) from now; report when `n` screens have acked. */
  z.object({ cmd: z.literal('watch-resync'), n: z.number() }),
]);
export type ToServer = z.infer<typeof toServer>;

export const fromServer = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    port: z.number(),
    tokensFile: z.string(),
    screens: z.number(),
    /** The floors: the size of the manifest they serve. HCPV: the sample it wrote for them (fresh seed). */
    manifestBytes: z.number().optional(),
    manifestSample: z.string().optional(),
  }),
  z.object({ type: z.literal('count'), acked: z.number(), connected: z.number() }),
  z.object({
    type: z.literal('result'),
    acked: z.number(),
    p50_ms: z.number(),
    p99_ms: z.number(),
    peak_rss_mb: z.number(),
  }),
  z.object({ type: z.literal('resynced'), n: z.number(), at: z.number() }),
]);
export type FromServer = z.infer<typeof fromServer>;

/** A screen's push channel: an SSE stream (as HCPV serves) or a WebSocket (the WS floor only). */
export const transport = z.enum(['sse', 'ws']);
export type Transport = z.infer<typeof transport>;

export const toClient = z.discriminatedUnion('cmd', [
  /** Open every screen's push channel on `port`; SSE when `transport` is left out. */
  z.object({ cmd: z.literal('connect'), port: z.number(), transport: transport.optional() }),
  /** Close every stream but the first `keep` and stop reconnecting them. */
  z.object({ cmd: z.literal('keep'), keep: z.number() }),
  z.object({ cmd: z.literal('port'), port: z.number() }),
  /** Close every channel and keep-alive socket and forget the server (hashes, event ids). */
  z.object({ cmd: z.literal('disconnect') }),
  z.object({ cmd: z.literal('stop') }),
]);
export type ToClient = z.infer<typeof toClient>;

export const fromClient = z.discriminatedUnion('type', [
  /** Listening on IPC (messages sent before a child listens are lost). */
  z.object({ type: z.literal('listening') }),
  z.object({ type: z.literal('connected'), n: z.number() }),
  z.object({ type: z.literal('disconnected') }),
  z.object({ type: z.literal('stats'), connected: z.number(), errors: z.number() }),
]);
export type FromClient = z.infer<typeof fromClient>;

/**
 * The V8 flag `npm start` runs the server with (package.json): a 32 MB young generation, so a
 * burst of short-lived request objects is collected young instead of promoted (measured here:
 * server CPU in the publish 1.62-1.79 s → 1.45-1.50 s). Every server of the bench gets it, the
 * floors too, so they run on the same runtime settings; the simulated screens do not.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];

/** Fork a TypeScript child through tsx, with the given open-file limit already in place. */
export function forkTs(file: string, args: string[], nodeFlags: readonly string[] = []): ChildProcess {
  return fork(file, args, {
    execArgv: ['--import', 'tsx', '--max-old-space-size=2048', ...nodeFlags],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Next IPC message from `child` that parses with `schema` and passes `pred`. */
export function nextMessage<T>(
  child: ChildProcess,
  schema: z.ZodType<T>,
  pred: (m: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`no matching message within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (raw: unknown) => {
      const parsed = schema.safeParse(raw);
      if (parsed.success && pred(parsed.data)) {
        clearTimeout(timer);
        child.off('message', on);
        resolve(parsed.data);
      }
    };
    child.on('message', on);
  });
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

/** Parse a message arriving on this process's IPC channel. */
export function onParentMessage<T>(schema: z.ZodType<T>, handler: (m: T) => void): void {
  process.on('message', (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) handler(parsed.data);
  });
}

export function send(m: FromServer | FromClient): void {
  process.send?.(m);
}
