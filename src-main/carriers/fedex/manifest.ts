import type { CarrierManifest } from '../carrier-manifest';
import { createFedexClient, credentialFields, FEDEX_PRODUCTION_BASE_URL, FEDEX_SANDBOX_BASE_URL } from './client';
import { createFedexSpec } from './fake';
import { parseTracking } from './mapper';
import { FEDEX_STATUS_TABLE } from './status-table';

export const fedex: CarrierManifest = {
  credentialFields,
  sandboxUrl: FEDEX_SANDBOX_BASE_URL,
  productionUrl: FEDEX_PRODUCTION_BASE_URL,
  defaultQuotaPerMinute: 100,
  create: createFedexClient,
  parse: { mapper: parseTracking, format: 'json', aliases: [] },
  statusTables: [FEDEX_STATUS_TABLE],
  fake: createFedexSpec,
};
