import type { CarrierManifest } from '../carrier-manifest';
import { AUSTRALIA_POST_PRODUCTION_BASE_URL, AUSTRALIA_POST_SANDBOX_BASE_URL, createAustraliaPostClient, credentialFields } from './client';
import { createAustraliaPostSpec } from './fake';
import { parseTracking } from './mapper';
import { AUSTRALIA_POST_EVENT_TABLE, AUSTRALIA_POST_ITEM_STATUS_TABLE } from './status-table';

export const australiaPost: CarrierManifest = {
  credentialFields,
  sandboxUrl: AUSTRALIA_POST_SANDBOX_BASE_URL,
  productionUrl: AUSTRALIA_POST_PRODUCTION_BASE_URL,
  // Australia Post publishes no single figure (limits vary by plan and come back in X-RateLimit-* headers): start low.
  defaultQuotaPerMinute: 10,
  create: createAustraliaPostClient,
  parse: { mapper: parseTracking, format: 'json', aliases: ['australiapost'] },
  statusTables: [AUSTRALIA_POST_ITEM_STATUS_TABLE, AUSTRALIA_POST_EVENT_TABLE],
  fake: createAustraliaPostSpec,
};
