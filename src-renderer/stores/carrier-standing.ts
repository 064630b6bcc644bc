import type { CarrierHealth } from '../../src-shared/api';

/** How long a carrier may stay unreachable before every view says so in a banner. */
export const CARRIER_BANNER_AFTER_MS = 15 * 60_000;

const FAILING_STATES: ReadonlySet<CarrierHealth['state']> = new Set(['offline', 'circuit_open', 'backing_off', 'auth_failed']);

/** Set up, switched on, and its last attempts failed: what "unreachable" means at a glance. */
export const isFailing = (c: CarrierHealth): boolean =>
  c.configured && c.enabled && (FAILING_STATES.has(c.state) || (c.consecutiveFailures > 0 && (c.lastSuccessAt ?? '') < (c.lastFailureAt ?? '')));

/** The accounts a warehouse actually polls with. */
export const polled = (carriers: readonly CarrierHealth[]): CarrierHealth[] => carriers.filter((c) => c.configured && c.enabled);

/**
 * Since when a failing carrier has not answered: its last success, or, for one that never answered, the first
 * time this window saw it failing (`seen`).
 */
export const failingSince = (c: CarrierHealth, seen: number | undefined, now: number): number =>
  c.lastSuccessAt ? Date.parse(c.lastSuccessAt) : (seen ?? now);
