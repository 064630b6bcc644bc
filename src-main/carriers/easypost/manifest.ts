import type { CarrierManifest } from '../carrier-manifest';
import { createEasyPostClient, credentialFields, EASYPOST_PRODUCTION_BASE_URL, EASYPOST_SANDBOX_BASE_URL } from './client';
import { createEasyPostSpec } from './fake';
import { parseTracking } from './mapper';
import { EASYPOST_STATUS_TABLE } from './status-table';

export const easypost: CarrierManifest = {
  credentialFields,
  sandboxUrl: EASYPOST_SANDBOX_BASE_URL,
  productionUrl: EASYPOST_PRODUCTION_BASE_URL,
  defaultQuotaPerMinute: 300,
  create: createEasyPostClient,
  parse: { mapper: parseTracking, format: 'json', aliases: [] },
  statusTables: [EASYPOST_STATUS_TABLE],
  fake: createEasyPostSpec,
};
