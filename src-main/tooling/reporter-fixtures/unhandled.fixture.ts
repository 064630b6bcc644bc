import { expect, it } from 'vitest';

// A test that passes while something it started rejects with nobody listening.
it('passes, but leaves a rejection behind', async () => {
  void Promise.reject(new Error('a timer failed after the test'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(true).toBe(true);
});
