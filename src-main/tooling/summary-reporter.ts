import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface RunSummary {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Counts a run as a person reading it would: a file that could not run its tests (a failing beforeAll or
 * afterAll, an import error) is a failure even though none of its tests "failed", and so is every unhandled error.
 */
export function summarize(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): RunSummary {
  const summary: RunSummary = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
  for (const mod of testModules) {
    let failedHere = 0;
    for (const test of mod.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') summary.passed++;
      else if (state === 'failed') failedHere++;
      else summary.skipped++;
    }
    // The file's own errors (hooks, imports) stand for one failure when no test of it carries them.
    summary.failed += failedHere > 0 ? failedHere : mod.state() === 'failed' || mod.errors().length > 0 ? 1 : 0;
  }
  return summary;
}

/** CI reads a plain "N passed, N failed" closing line; vitest's own summary is not recognised there. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const { passed, failed, skipped } = summarize(testModules, unhandledErrors);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
