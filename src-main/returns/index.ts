import type { Capability, CoreContext } from '../dispatch/capability';
import type { ScanRecorder } from '../reconcile';
import { createReturnsService, type ReturnsService } from './service';

export type { ReturnsService } from './service';

export interface ReturnsOptions {
  /** The reconciliation desk's scan recorder: receiving scans are parsed, judged and stored by the same code. */
  recorder: ScanRecorder;
  /** How often the returns clock ticks in the running app; 0 leaves ticking to explicit calls (tests, CLI). */
  tickIntervalMs: number;
  ledByHub?: boolean;
}

/** Expected returns, carrier pickups and the dock's receiving station. */
export function returnsCapability(ctx: CoreContext, options: ReturnsOptions): Capability<Pick<ReturnsService, 'tick' | 'ledBy'>> {
  const returns = createReturnsService({ ...ctx, ...options });
  return {
    name: 'returns',
    handlers: returns.handlers,
    events: ['returns.changed', 'exceptions.changed', 'shipments.changed'],
    tables: { returns: 'replicated', pickups: 'replicated' },
    start: returns.start,
    dispose: returns.stop,
    service: { tick: returns.tick, ledBy: returns.ledBy },
  };
}
