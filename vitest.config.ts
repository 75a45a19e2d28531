import { defineConfig } from 'vitest/config';

// One runner for everything: unit (pure logic), integration (real SQLite, brokers, influxd,
// HTTP on port 0), e2e (Playwright driving Debian Chromium). `npm test` runs those three
// (`--project` filters in package.json) including the fast reliability files (`*.fast.test.ts`);
// `npm run test:reliability` runs the whole reliability suite (faults with real processes,
// 100k-case fuzzing) and prints its table of figures.
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/reliability/**/*.fast.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          globalSetup: ['tests/reliability/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          // Real servers, brokers and 1,000 simulated screens: one file at a time on 2 cores.
          fileParallelism: false,
        },
      },
    ],
    pool: 'forks',
  },
});
