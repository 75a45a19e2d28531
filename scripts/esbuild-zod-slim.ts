/**
 * esbuild plugin for the lobby-screen bundle: zod's classic `z` namespace keeps every module
 * reachable (all ~40 locales, JSON Schema conversion, the `z.compile` JIT), which alone would
 * be ~110 KB gzip. A screen only parses, so those modules are replaced by stubs with the same
 * export names that throw if ever called, and the locales by English only. Parsing is
 * untouched (the e2e tests parse every manifest and push message through the shared schemas).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

const require = createRequire(import.meta.url);
const ZOD_V4 = join(dirname(require.resolve('zod/package.json')), 'v4');
const STUBBED = [
  'core/compile.js',
  'core/to-json-schema.js',
  'core/json-schema-processors.js',
  'core/json-schema-generator.js',
  'classic/from-json-schema.js',
].map((f) => join(ZOD_V4, f));
const LOCALES = join(ZOD_V4, 'locales', 'index.js');

export function zodSlim(): Plugin {
  return {
    name: 'zod-slim',
    setup(b) {
      b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/].*\.js$/ }, async (args) => {
        if (args.path === LOCALES) {
          return {
            contents: `export { default as en } from ${JSON.stringify(join(ZOD_V4, 'locales', 'en.js'))};`,
            loader: 'js',
          };
        }
        if (!STUBBED.includes(args.path)) return undefined;
        const mod: unknown = await import(args.path);
        const lines = Object.keys(typeof mod === 'object' && mod !== null ? mod : {}).map((name) =>
          name === 'default'
            ? 'export default function stub() { throw new Error("zod: not in the screen bundle"); }'
            : `export const ${name} = function stub() { throw new Error("zod ${name}: not in the screen bundle"); };`,
        );
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}
