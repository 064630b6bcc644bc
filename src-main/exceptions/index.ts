import type { Capability, CoreContext } from '../dispatch/capability';
import { createExceptionsService, type ExceptionsService } from './service';

export type { ExceptionsService } from './service';
export { streamParcels } from './queue';

export interface ExceptionsOptions {
  /** How often rules re-run as time passes (stalled, late ...); 0 leaves it to explicit ticks (tests, CLI). */
  rulesTickMs: number;
  /** On a hub: rules run on events only while this station leads them. */
  ledByHub?: boolean;
}

/** The exception queue: rules that flag shipments, the people who work them, and the audit trail of both. */
export function exceptionsCapability(ctx: CoreContext, options: ExceptionsOptions): Capability<ExceptionsService> {
  const exceptions = createExceptionsService({ ...ctx, tickMs: options.rulesTickMs, ledByHub: options.ledByHub });
  return {
    name: 'exceptions',
    handlers: exceptions.handlers,
    events: ['exceptions.changed'],
    tables: { exceptions: 'replicated', rules_due: 'local' },
    start: () => exceptions.start(),
    dispose: () => exceptions.stop(),
    service: exceptions,
  };
}
