import { z } from 'zod';
import { CADENCE_LIMITS, CADENCE_SETTINGS, type CadenceSetting } from '../domain/tracking/cadence';
import { TRACKING_ACCOUNTS, type TrackingAccount } from '../domain/tracking/carriers';
import type { TrackingStatus } from '../domain/tracking/status';
import { defineMethod } from './define';

export { TRACKING_ACCOUNTS, type TrackingAccount };

export type CarrierHealthState = 'ok' | 'unconfigured' | 'disabled' | 'auth_failed' | 'rate_limited' | 'backing_off' | 'circuit_open' | 'offline';

export interface CarrierHealth {
  carrier: TrackingAccount;
  label: string;
  configured: boolean;
  enabled: boolean;
  environment: 'sandbox' | 'production' | 'custom';
  baseUrl: string;
  credentialFields: string[];
  quotaPerMinute: number;
  quotaLeft: number;
  state: CarrierHealthState;
  circuit: 'closed' | 'open' | 'half_open';
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastFailure: string | null;
  lastFailureAt: string | null;
  pausedUntil: string | null;
  nextPollAt: string | null;
  dueNow: number;
  /** How often this account asks about a parcel, by what the parcel is doing: the defaults with its own settings over them. */
  cadence: Record<CadenceSetting, number>;
}

export interface TimelineEvent {
  occurredAt: string | null;
  localTime: string | null;
  status: TrackingStatus | null;
  substatus: string | null;
  rawCode: string;
  rawText: string;
  location: string | null;
}

const account = z.enum(TRACKING_ACCOUNTS);
/** Parcels one "Refresh now" call may name; a longer selection is sent in several calls. */
export const MAX_REFRESH_IDS = 5000;

/** On a hub, a carrier account another station polls: a manual refresh here leaves it to that station. */
export interface PolledElsewhere {
  carrier: TrackingAccount;
  label: string;
  /** The station polling it, by name; null when none does right now (the hub out of reach, or no station holds its credentials). */
  station: string | null;
}

/** `unpolled`: of the parcels queued, how many no set-up carrier account can ask about; `elsewhere`: the accounts left to another station. */
export interface RefreshResult {
  queued: number;
  unpolled: number;
  elsewhere: PolledElsewhere[];
}
const credentialValue = z.string().trim().min(1).max(512);
const cadence = z
  .object(
    Object.fromEntries(
      CADENCE_SETTINGS.map((k) => {
        const { min, max, label } = CADENCE_LIMITS[k];
        return [
          k,
          z
            .number({ error: `${label}: enter a number` })
            .min(min, `${label}: at least ${min}`)
            .max(max, `${label}: at most ${max}`)
            .optional(),
        ];
      }),
    ) as Record<CadenceSetting, z.ZodOptional<z.ZodNumber>>,
  )
  .strict();

export const trackingMethods = {
  'carriers.list': defineMethod<CarrierHealth[]>()(z.object({}).strict().default({})),
  'carriers.save': defineMethod<CarrierHealth>()(
    z
      .object({
        carrier: account,
        environment: z.enum(['sandbox', 'production', 'custom']),
        baseUrl: z
          .url({ protocol: /^https?$/ })
          .max(300)
          .optional(),
        /** Write-only: credentials go to the secret store and never come back to a window. */
        credentials: z.record(z.string().regex(/^[a-zA-Z]{2,32}$/), credentialValue).optional(),
        quotaPerMinute: z.number().positive().max(100_000).optional(),
        enabled: z.boolean().default(true),
        /** Left out: keep what is stored. */
        cadence: cadence.optional(),
      })
      .strict()
      .refine((a) => a.environment !== 'custom' || a.baseUrl !== undefined, { message: 'a custom environment needs a base URL' }),
  ),
  /**
   * Tests what is in the form: its environment or base URL, with the credentials typed there. Without typed
   * credentials the saved ones are used, and only where they were saved to (never to an address typed since).
   */
  'carriers.testConnection': defineMethod<{ ok: boolean; message: string }>()(
    z
      .object({
        carrier: account,
        environment: z.enum(['sandbox', 'production', 'custom']).optional(),
        baseUrl: z.string().trim().max(300).optional(),
        credentials: z.record(z.string().regex(/^[a-zA-Z]{2,32}$/), credentialValue).optional(),
      })
      .strict(),
  ),
  'carriers.resume': defineMethod<CarrierHealth>()(z.object({ carrier: account }).strict()),
  'tracking.refresh': defineMethod<RefreshResult>()(
    z
      .object({
        shipmentIds: z.array(z.number().int().positive()).min(1).max(MAX_REFRESH_IDS).optional(),
        /** Every active parcel this carrier account polls (for EasyPost: the carriers it stands in for). */
        carrier: account.optional(),
      })
      .strict()
      .refine((a) => (a.shipmentIds === undefined) !== (a.carrier === undefined), { message: 'give either shipmentIds or carrier' }),
  ),
};
