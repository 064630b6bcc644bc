import type { CarrierManifest } from '../carrier-manifest';
import { createDhlClient, credentialFields, DHL_PRODUCTION_BASE_URL, DHL_SANDBOX_BASE_URL } from './client';
import { createDhlSpec } from './fake';
import { parseTracking } from './mapper';
import { DHL_STATUS_TABLE } from './status-table';

export const dhl: CarrierManifest = {
  credentialFields,
  sandboxUrl: DHL_SANDBOX_BASE_URL,
  productionUrl: DHL_PRODUCTION_BASE_URL,
  // DHL's default key: about 250 calls a day and one call every 5 s.
  defaultQuotaPerMinute: 0.17,
  create: createDhlClient,
  parse: { mapper: parseTracking, format: 'json', aliases: ['dhl_unified'] },
  statusTables: [DHL_STATUS_TABLE],
  fake: createDhlSpec,
};
