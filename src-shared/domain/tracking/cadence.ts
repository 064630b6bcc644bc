import type { TrackingStatus } from './status';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How often to ask a carrier about a parcel, by what it is doing (DOMAIN.md §6); configurable per carrier. */
export interface PollCadence {
  outForDeliveryMinutes: number;
  activeHours: number;
  createdHours: number;
  createdDays: number;
  createdLateHours: number;
  /** Parcels due today (or overdue) are polled this often in the morning, when carriers load their vans. */
  deliveryDayMinutes: number;
  deliveryDayWindowUtcHours: readonly [number, number];
  confirmAfterDeliveryHours: number;
  giveUpDays: number;
}

export const DEFAULT_CADENCE: PollCadence = {
  outForDeliveryMinutes: 30,
  activeHours: 3,
  createdHours: 4,
  createdDays: 3,
  createdLateHours: 12,
  deliveryDayMinutes: 15,
  deliveryDayWindowUtcHours: [10, 18],
  confirmAfterDeliveryHours: 24,
  giveUpDays: 60,
};

export interface PollSubject {
  status: TrackingStatus;
  labelCreatedAt: number;
  deliveredAt: number | null;
  /** YYYY-MM-DD, the carrier's current promise. */
  expectedDelivery: string | null;
}

/** When to poll next, or null when polling stops (terminal and confirmed, or given up). */
export function nextPollAt(subject: PollSubject, now: number, cadence: PollCadence = DEFAULT_CADENCE): number | null {
  if (now - subject.labelCreatedAt > cadence.giveUpDays * DAY) return null;
  switch (subject.status) {
    case 'out_for_delivery':
      return now + cadence.outForDeliveryMinutes * MINUTE;
    case 'delivered': {
      // One confirmation poll a day after delivery catches carriers that correct a mis-scan.
      const confirmAt = (subject.deliveredAt ?? now) + cadence.confirmAfterDeliveryHours * HOUR;
      return confirmAt > now ? confirmAt : null;
    }
    case 'returned':
    case 'cancelled':
      return null;
    case 'created':
      return now + (now - subject.labelCreatedAt < cadence.createdDays * DAY ? cadence.createdHours : cadence.createdLateHours) * HOUR;
    default: {
      const window = deliveryWindow(subject.expectedDelivery, now, cadence);
      if (window && now >= window.start && now < window.end) return now + cadence.deliveryDayMinutes * MINUTE;
      // Never sleep through the start of a parcel's delivery morning.
      const regular = now + cadence.activeHours * HOUR;
      return window && window.start > now ? Math.min(regular, window.start) : regular;
    }
  }
}

/** The morning a parcel is due (today, if it is already overdue), in UTC. */
function deliveryWindow(expected: string | null, now: number, cadence: PollCadence): { start: number; end: number } | null {
  if (!expected) return null;
  const today = new Date(now).toISOString().slice(0, 10);
  const day = Date.parse(`${expected < today ? today : expected}T00:00:00Z`);
  if (Number.isNaN(day)) return null;
  const [from, to] = cadence.deliveryDayWindowUtcHours;
  return { start: day + from * HOUR, end: day + to * HOUR };
}
