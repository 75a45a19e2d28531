/**
 * `npm run bench -- <name>`: runs `tests/bench/<name>.ts`'s exported `run()`, which prints one
 * JSON line with its figures.
 */
import { z } from 'zod';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  process.stderr.write('usage: npm run bench -- <name>   (a file tests/bench/<name>.ts)\n');
  process.exit(2);
}
const mod = z.object({ run: z.function() }).parse(await import(`./${name}.ts`));
await mod.run();
