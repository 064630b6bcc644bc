import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Two projects: `unit` (Node: domain, store, contract, CLI) runs first and fast; `browser` (Playwright driving
 * Chromium against browser mode) after it. `vitest run --project unit` (or `browser`) runs one alone.
 */
export default defineConfig({
  root,
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser specs each start Chromium and a web host; two cores cannot run many at once.
    maxWorkers: 2,
    reporters: ['default', './src-main/tooling/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'browser', include: ['src-renderer/e2e/**/*.spec.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
