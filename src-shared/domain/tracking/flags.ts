import { FLAGS, type Flag } from './status';

/** Flags are stored as a bit mask so one integer column holds all four and SQL can filter on them. */
export const flagBit = (flag: Flag): number => 1 << FLAGS.indexOf(flag);

export const flagsFromMask = (mask: number): Flag[] => FLAGS.filter((flag) => (mask & flagBit(flag)) !== 0);

export const maskFromFlags = (flags: readonly Flag[]): number => flags.reduce((mask, flag) => mask | flagBit(flag), 0);
