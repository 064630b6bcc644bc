import { ApiError } from '../../src-shared/api/envelope';
import { cadenceOverrides, DEFAULT_CADENCE, type CadenceOverrides, type PollCadence } from '../../src-shared/domain/tracking/cadence';
import { CARRIER_LABELS, TRACKING_ACCOUNTS, type TrackingAccount } from '../../src-shared/domain/tracking/carriers';
import { CARRIER_MANIFESTS } from '../carriers/registry';
import type { Db } from '../db/create-db';
import type { Row } from '../db/schema';
import type { SecretStore } from '../platform/ports';
import { carrierUrlProblem, credentialDestination } from './destination';

export interface CarrierAccount {
  carrier: TrackingAccount;
  environment: 'sandbox' | 'production' | 'custom';
  baseUrl: string;
  enabled: boolean;
  quotaPerMinute: number;
  configured: boolean;
  /** The defaults with this account's own settings over them. */
  cadence: PollCadence;
}

const ACCOUNT_COLUMNS = ['carrier', 'environment', 'base_url', 'enabled', 'quota_per_minute', 'secret_ref', 'cadence'] as const;
type AccountRecord = Pick<Row<'carrier_accounts'>, (typeof ACCOUNT_COLUMNS)[number]>;

const secretKey = (carrier: TrackingAccount) => `carrier:${carrier}`;

/** Account settings live in SQLite; credentials only in the secret store, referenced by key. */
export function createAccounts(db: Db, secrets: SecretStore, baseCadence: PollCadence = DEFAULT_CADENCE) {
  // Credentials and cadence left out of a save keep what was stored.
  const upsert = db.prepare(`INSERT INTO carrier_accounts (carrier, environment, base_url, enabled, quota_per_minute, secret_ref, cadence)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (carrier) DO UPDATE SET environment = excluded.environment, base_url = excluded.base_url,
      enabled = excluded.enabled, quota_per_minute = excluded.quota_per_minute, secret_ref = coalesce(excluded.secret_ref, secret_ref),
      cadence = coalesce(excluded.cadence, cadence)`);

  const toAccount = (carrier: TrackingAccount, record: AccountRecord | undefined): CarrierAccount => {
    const adapter = CARRIER_MANIFESTS[carrier];
    const environment = (record?.environment ?? 'production') as CarrierAccount['environment'];
    return {
      carrier,
      environment,
      baseUrl: record?.base_url ?? (environment === 'sandbox' ? adapter.sandboxUrl : adapter.productionUrl),
      enabled: record ? record.enabled === 1 : false,
      quotaPerMinute: record?.quota_per_minute ?? adapter.defaultQuotaPerMinute,
      configured: Boolean(record?.secret_ref),
      cadence: { ...baseCadence, ...(record?.cadence ? (JSON.parse(record.cadence) as CadenceOverrides) : {}) },
    };
  };

  return {
    list(): CarrierAccount[] {
      const records = new Map(db.all(db.kysely.selectFrom('carrier_accounts').select(ACCOUNT_COLUMNS).compile()).map((r) => [r.carrier, r]));
      return TRACKING_ACCOUNTS.map((carrier) => toAccount(carrier, records.get(carrier)));
    },
    async save(input: {
      carrier: TrackingAccount;
      environment: CarrierAccount['environment'];
      baseUrl?: string;
      credentials?: Record<string, string>;
      quotaPerMinute?: number;
      enabled: boolean;
      cadence?: CadenceOverrides;
    }): Promise<void> {
      const adapter = CARRIER_MANIFESTS[input.carrier];
      const label = CARRIER_LABELS[input.carrier];
      const baseUrl = input.environment === 'custom' ? (input.baseUrl ?? null) : null;
      const urlProblem = baseUrl === null ? null : carrierUrlProblem(baseUrl);
      if (urlProblem) throw new ApiError('invalid_argument', `${label}: ${urlProblem}`);
      // Stored credentials never follow a changed destination: whoever moves them must know them.
      const stored = db.first(
        db.kysely.selectFrom('carrier_accounts').select(['environment', 'base_url', 'secret_ref', 'cadence']).where('carrier', '=', input.carrier).compile(),
      );
      if (
        !input.credentials &&
        stored?.secret_ref &&
        credentialDestination(stored.environment, stored.base_url) !== credentialDestination(input.environment, baseUrl)
      ) {
        throw new ApiError('invalid_argument', `${label}: enter the credentials again to send them to a new environment or base URL`);
      }
      if (input.credentials) {
        const missing = adapter.credentialFields.filter((f) => !input.credentials?.[f]);
        if (missing.length) throw new ApiError('invalid_argument', `${label} needs ${missing.join(' and ')}`);
        const unknown = Object.keys(input.credentials).filter((f) => !adapter.credentialFields.includes(f));
        if (unknown.length) throw new ApiError('invalid_argument', `${label} has no credential field ${unknown.join(', ')}`);
        await secrets.set(secretKey(input.carrier), JSON.stringify(input.credentials));
      }
      // Settings left out keep what is stored: a form sends only the fields the person changed.
      const kept = stored?.cadence ? (JSON.parse(stored.cadence) as CadenceOverrides) : {};
      const cadence = input.cadence ? JSON.stringify(cadenceOverrides(baseCadence, { ...kept, ...input.cadence })) : null;
      upsert.run(
        input.carrier,
        input.environment,
        baseUrl,
        input.enabled ? 1 : 0,
        input.quotaPerMinute ?? null,
        input.credentials ? secretKey(input.carrier) : null,
        cadence,
      );
    },
    async credentials(carrier: TrackingAccount): Promise<Record<string, string> | null> {
      const stored = await secrets.get(secretKey(carrier));
      return stored ? (JSON.parse(stored) as Record<string, string>) : null;
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
