import type { CarrierManifest } from '../carrier-manifest';
import { createUpsClient, credentialFields, UPS_PRODUCTION_BASE_URL, UPS_SANDBOX_BASE_URL } from './client';
import { createUpsSpec } from './fake';
import { parseTracking } from './mapper';
import { UPS_STATUS_TABLE } from './status-table';

export const ups: CarrierManifest = {
  credentialFields,
  sandboxUrl: UPS_SANDBOX_BASE_URL,
  productionUrl: UPS_PRODUCTION_BASE_URL,
  defaultQuotaPerMinute: 250,
  create: createUpsClient,
  parse: { mapper: parseTracking, format: 'json', aliases: [] },
  statusTables: [UPS_STATUS_TABLE],
  fake: createUpsSpec,
};
