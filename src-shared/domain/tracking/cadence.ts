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

/**
 * What staff may set per carrier account, and the bounds that keep one careless number from spending a
 * carrier's quota on a single parcel or from forgetting parcels altogether. 0 confirmation hours: no confirmation poll.
 */
export const CADENCE_LIMITS = {
  outForDeliveryMinutes: { min: 5, max: 240, label: 'Out for delivery, every (minutes)' },
  deliveryDayMinutes: { min: 5, max: 240, label: 'Due today, every (minutes)' },
  activeHours: { min: 0.25, max: 48, label: 'In transit or exception, every (hours)' },
  createdHours: { min: 0.25, max: 48, label: 'Label created, every (hours)' },
  createdDays: { min: 0, max: 30, label: '…for the first (days)' },
  createdLateHours: { min: 0.25, max: 168, label: '…then every (hours)' },
  confirmAfterDeliveryHours: { min: 0, max: 168, label: 'Confirm delivery after (hours)' },
  giveUpDays: { min: 1, max: 365, label: 'Give up after (days)' },
} as const satisfies Partial<Record<keyof PollCadence, { min: number; max: number; label: string }>>;

export type CadenceSetting = keyof typeof CADENCE_LIMITS;
export type CadenceOverrides = Partial<Record<CadenceSetting, number>>;
export const CADENCE_SETTINGS = Object.keys(CADENCE_LIMITS) as CadenceSetting[];

/** The settings of `cadence` that differ from `base`: what an account stores, so later default changes reach it. */
export function cadenceOverrides(base: PollCadence, cadence: CadenceOverrides): CadenceOverrides {
  return Object.fromEntries(CADENCE_SETTINGS.filter((k) => cadence[k] !== undefined && cadence[k] !== base[k]).map((k) => [k, cadence[k]]));
}

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

/**
 * When a parcel due at `dueAt` has missed a whole turn: when its next poll would be due had it been asked on
 * time. Asking the earliest deadline first spends a short quota (or the catch-up after an outage) on the parcels
 * polled most often, whose news is the most pressing, before parcels a few minutes late on a 3-hour turn.
 * A parcel with no next turn (a confirmation poll, given up) has a day.
 */
export function pollDeadline(subject: PollSubject, dueAt: number, cadence: PollCadence = DEFAULT_CADENCE): number {
  return nextPollAt(subject, dueAt, cadence) ?? dueAt + DAY;
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
