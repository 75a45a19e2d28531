import { defineConfig } from 'vitest/config';

// One runner for everything: unit (pure logic), integration (real SQLite, brokers, influxd,
// HTTP on port 0), e2e (Playwright driving Debian Chromium). `npm test` runs them all.
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
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
    ],
    pool: 'forks',
  },
});
