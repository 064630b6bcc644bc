import type { CarrierManifest } from '../carrier-manifest';
import { CANADA_POST_PRODUCTION_BASE_URL, CANADA_POST_SANDBOX_BASE_URL, createCanadaPostClient, credentialFields } from './client';
import { createCanadaPostSpec } from './fake';
import { parseTracking } from './mapper';
import { CANADA_POST_STATUS_TABLE } from './status-table';

export const canadaPost: CarrierManifest = {
  credentialFields,
  sandboxUrl: CANADA_POST_SANDBOX_BASE_URL,
  productionUrl: CANADA_POST_PRODUCTION_BASE_URL,
  // Canada Post publishes no per-minute figure for tracking either: a modest start, to raise to the account's allowance.
  defaultQuotaPerMinute: 60,
  create: createCanadaPostClient,
  parse: { mapper: parseTracking, format: 'xml', aliases: ['canadapost'] },
  statusTables: [CANADA_POST_STATUS_TABLE],
  fake: createCanadaPostSpec,
};
