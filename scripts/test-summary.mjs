// Prints `tests: N passed, N failed` from vitest's JSON report (CI's closing line).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
try {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const failed = r.numFailedTests ?? 0;
  const suitesFailed = (r.testResults ?? []).filter(
    (s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0,
  ).length;
  console.log(`tests: ${r.numPassedTests ?? 0} passed, ${failed + suitesFailed} failed`);
} catch (err) {
  console.log(`no test report at ${file}: ${err instanceof Error ? err.message : String(err)}`);
  console.log('tests: 0 passed, 1 failed');
}
