import type { Capability, CoreContext } from '../dispatch/capability';
import { createReconcileService } from './handlers';
import type { ScanRecorder } from './recorder';

export type { ScanRecorder } from './recorder';
export { findSession, openSession } from './sessions';
export { getStationSettings } from './station-settings';

/** Packing stations: scan sessions, instant verdicts, the reconciliation board and the carrier handoff manifest. */
export function reconcileCapability(ctx: CoreContext): Capability<{ recorder: ScanRecorder }> {
  const { handlers, recorder } = createReconcileService(ctx);
  return {
    name: 'reconcile',
    handlers,
    events: ['reconcile.scanned'],
    tables: { scans: 'replicated', scan_sessions: 'replicated', handoff_closes: 'replicated' },
    service: { recorder },
  };
}
