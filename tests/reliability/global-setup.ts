/** Global setup of the reliability project: a directory for figures, printed as a table at the end. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { figureSchema, formatTable } from './figures.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hcpv-reliability-figures-'));
  project.provide('reliabilityFiguresDir', dir);
  return () => {
    const rows = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => figureSchema.parse(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
    const table = formatTable(rows);
    // Also kept beside the build output so CI can attach it.
    writeFileSync(join(tmpdir(), 'hcpv-reliability-figures.md'), `${table}\n`);
    process.stdout.write(`\nReliability figures (${rows.length} scenarios)\n${table}\n\n`);
    rmSync(dir, { recursive: true, force: true });
  };
}
