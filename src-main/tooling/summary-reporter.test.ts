import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/spawn-cli';

it('counts a file whose beforeAll fails, and an unhandled rejection, as failures in the closing line', () => {
  const run = spawnSync(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'src-main/tooling/reporter-fixtures/vitest.fixture.config.mts'],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    },
  );
  expect(run.status).toBe(1);
  // fine: 1 passed; unhandled: 1 passed + its rejection; hook-fails: 2 tests never ran + the failed file.
  expect(run.stdout.trim().split('\n').at(-1)).toBe('2 passed, 2 failed, 2 skipped');
});
