import { CARRIERS } from '../../../../src-shared/domain/tracking/status';

const COLORS = ['#1f5fbf', '#c2571a', '#2f8f46', '#8e44ad', '#b3261e', '#00838f', '#6d4c41', '#5c6bc0', '#9e9d24', '#ad1457', '#546e7a'];

/** One steady color per carrier, so the same carrier reads the same in every chart. */
export const carrierColor = (carrier: string): string => {
  const index = (CARRIERS as readonly string[]).indexOf(carrier.toLowerCase());
  return COLORS[(index < 0 ? CARRIERS.length : index) % COLORS.length];
};
