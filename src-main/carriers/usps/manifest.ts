import type { CarrierManifest } from '../carrier-manifest';
import { createUspsClient, credentialFields, USPS_PRODUCTION_BASE_URL, USPS_SANDBOX_BASE_URL } from './client';
import { createUspsSpec } from './fake';
import { parseTracking } from './mapper';
import { USPS_CATEGORY_TABLE, USPS_EVENT_TABLE } from './status-table';

export const usps: CarrierManifest = {
  credentialFields,
  sandboxUrl: USPS_SANDBOX_BASE_URL,
  productionUrl: USPS_PRODUCTION_BASE_URL,
  // USPS grants 60 requests an hour by default; more must be requested from USPS.
  defaultQuotaPerMinute: 1,
  create: createUspsClient,
  parse: { mapper: parseTracking, format: 'json', aliases: ['usps_v3'] },
  statusTables: [USPS_EVENT_TABLE, USPS_CATEGORY_TABLE],
  fake: createUspsSpec,
};
