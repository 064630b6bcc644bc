import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root,
  test: {
    include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/e2e/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser specs each start Chromium and a web host; two cores cannot run many at once.
    maxWorkers: 2,
    reporters: ['default', './src-main/tooling/summary-reporter.ts'],
  },
});
