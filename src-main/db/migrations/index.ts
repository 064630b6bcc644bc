import { initialSchema } from './001-initial';
import { syncSchema } from './002-sync';
import { exceptionsSchema } from './003-exceptions';
import { carrierCadenceSchema } from './004-carrier-cadence';
import { runOwnerSchema } from './005-run-owner';
import { carrierStandingSchema } from './006-carrier-standing';
import { gridIndexesSchema } from './007-grid-indexes';
import { scanClientIdSchema } from './008-scan-client-id';
import { changesSchema } from './009-changes';
import { hubSchema } from './010-hub';
import { rulesDueSchema } from './011-rules-due';
import { carrierAuthStopSchema } from './012-carrier-auth-stop';
import type { Migration } from './runner';

/** Forward-only and never edited once landed: add a new entry instead. */
export const migrations: readonly Migration[] = [
  initialSchema,
  syncSchema,
  exceptionsSchema,
  carrierCadenceSchema,
  runOwnerSchema,
  carrierStandingSchema,
  gridIndexesSchema,
  scanClientIdSchema,
  changesSchema,
  hubSchema,
  rulesDueSchema,
  carrierAuthStopSchema,
];
