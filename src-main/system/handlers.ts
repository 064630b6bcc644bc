import { statSync } from 'node:fs';
import type { HandlersFor } from '../dispatch/handlers';
import type { EventBus } from '../dispatch/events';
import { rowCount } from '../db/counts';
import type { Db } from '../db/create-db';
import { seedShipments } from '../demo/seed';
import { ApiError } from '../../src-shared/api/envelope';
import type { CredentialStorage } from '../../src-shared/api/system';
import type { Clock } from '../platform/ports';
import { shipmentStats } from '../shipments';

export interface SystemDeps {
  db: Db;
  dbPath: string;
  dataDir: string | null;
  clock: Clock;
  events: EventBus;
  version: string;
  isOnline: () => boolean;
  upstreamUnreachableSince?: () => string | null;
  credentialStorage?: () => CredentialStorage;
  allowDemo: boolean;
}

/** Store size counts the WAL too: that is what the disk holds between checkpoints. */
const storeBytes = (dbPath: string): number =>
  [dbPath, `${dbPath}-wal`].reduce((sum, file) => {
    try {
      return sum + statSync(file).size;
    } catch {
      return sum;
    }
  }, 0);

export function systemHandlers(deps: SystemDeps): HandlersFor<'system' | 'demo'> {
  return {
    'system.status': () => ({
      online: deps.isOnline(),
      storeBytes: storeBytes(deps.dbPath),
      shipmentCount: rowCount(deps.db, 'shipments'),
      dataDir: deps.dataDir,
      version: deps.version,
      upstreamUnreachableSince: deps.upstreamUnreachableSince?.() ?? null,
      credentialStorage: deps.credentialStorage?.(),
    }),
    'system.stats': () => shipmentStats(deps.db),
    'demo.load': (arg) => {
      if (!deps.allowDemo) throw new ApiError('forbidden', 'Sample data cannot be loaded in an installed console.');
      const result = seedShipments(deps.db, { shipments: arg.shipments, now: deps.clock.now(), withEvents: true });
      deps.events.emit('shipments.changed', { reason: 'demo', count: result.shipments });
      return { shipments: result.shipments };
    },
  };
}
