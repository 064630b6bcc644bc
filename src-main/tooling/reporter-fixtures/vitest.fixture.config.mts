import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Runs only the reporter's fixture files, with only the summary reporter: summary-reporter.test.ts reads its line. */
export default defineConfig({
  root: fileURLToPath(new URL('../../..', import.meta.url)),
  test: {
    include: ['src-main/tooling/reporter-fixtures/*.fixture.ts'],
    reporters: ['./src-main/tooling/summary-reporter.ts'],
  },
});
