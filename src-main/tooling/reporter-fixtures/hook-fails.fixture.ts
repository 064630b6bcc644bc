import { beforeAll, expect, it } from 'vitest';

// A file whose setup fails: its tests never run, and the summary must still say it failed.
beforeAll(() => {
  throw new Error('the fake carrier server did not start');
});
it('would check a parcel', () => expect(1).toBe(1));
it('would check another parcel', () => expect(2).toBe(2));
