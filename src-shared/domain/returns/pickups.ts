/** A carrier collection of return parcels (DOMAIN.md §5). */
export const PICKUP_STATES = ['scheduled', 'picked_up', 'missed', 'cancelled'] as const;
export type PickupState = (typeof PICKUP_STATES)[number];

const ALLOWED: Readonly<Record<PickupState, readonly PickupState[]>> = {
  scheduled: ['picked_up', 'missed', 'cancelled'],
  // A missed pickup is rescheduled (back to scheduled) or given up; the carrier's late scan does not make it on time.
  missed: ['scheduled', 'cancelled'],
  picked_up: [],
  cancelled: [],
};

export const canMovePickup = (from: PickupState, to: PickupState): boolean => ALLOWED[from].includes(to);

export interface PickupWindow {
  state: PickupState;
  windowStart: string;
  windowEnd: string;
}

/** ISO instants compare as instants only once normalized to UTC; stored windows and scans always are. */
const inWindow = (at: string, w: PickupWindow): boolean => at >= w.windowStart && at <= w.windowEnd;

/**
 * What carrier news and the clock say about a scheduled pickup: `picked_up` once any attached parcel's first
 * carrier scan falls inside the window; `missed` once the window has ended without one; null while still open.
 * A first scan outside the window (a drop-off, a late driver) is not this pickup happening.
 */
export function pickupOutcome(pickup: PickupWindow, firstScans: readonly (string | null)[], now: string): 'picked_up' | 'missed' | null {
  if (pickup.state !== 'scheduled') return null;
  if (firstScans.some((at) => at !== null && inWindow(at, pickup))) return 'picked_up';
  return now >= pickup.windowEnd ? 'missed' : null;
}

/** Overdue: the window has ended and the parcels are still waiting (scheduled past its end, or missed). */
export const isPickupOverdue = (pickup: PickupWindow, now: string): boolean =>
  (pickup.state === 'scheduled' || pickup.state === 'missed') && now >= pickup.windowEnd;

/** A return goes out with the carrier that printed its label; one truck, one carrier. */
export function attachProblem(pickupCarrier: string, ret: { carrier: string | null; label: string }): string | null {
  if (ret.carrier !== null && ret.carrier !== pickupCarrier) return `${ret.label} goes back with ${ret.carrier}; this pickup is ${pickupCarrier}.`;
  return null;
}

const DAY_MS = 86_400_000;

/** The `r` key's reschedule: the same hours on the next day whose window still lies ahead (at least one day on). */
export function nextDayWindow(w: Pick<PickupWindow, 'windowStart' | 'windowEnd'>, now: number): { windowStart: string; windowEnd: string } {
  const start = Date.parse(w.windowStart);
  const end = Date.parse(w.windowEnd);
  const days = Math.max(1, Math.floor((now - end) / DAY_MS) + 1);
  return { windowStart: new Date(start + days * DAY_MS).toISOString(), windowEnd: new Date(end + days * DAY_MS).toISOString() };
}
