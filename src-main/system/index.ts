import type { Capability, CoreContext } from '../dispatch/capability';
import { systemHandlers, type SystemDeps } from './handlers';

export type SystemOptions = Pick<SystemDeps, 'version' | 'allowDemo' | 'isOnline' | 'upstreamUnreachableSince'>;

/** The store's health and size, the console's version, sample data, and the key-value settings every desk keeps. */
export function systemCapability(ctx: CoreContext, options: SystemOptions): Capability {
  return {
    name: 'system',
    handlers: systemHandlers({ ...ctx, ...options, credentialStorage: ctx.secrets.storage?.bind(ctx.secrets) }),
    events: ['shipments.changed'],
    tables: { settings: 'replicated', warehouses: 'replicated' },
    service: undefined,
  };
}
