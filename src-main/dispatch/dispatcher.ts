import { ApiError, isMethodName, methods, type Envelope } from '../../src-shared/api';
import { asStoreBusy } from '../db/transaction';
import type { CallContext, Handlers } from './handlers';

export type Dispatch = (name: string, arg: unknown, ctx?: CallContext) => Promise<Envelope<unknown>>;

export interface DispatchLog {
  error(message: string, detail: unknown): void;
}

/** Validates the name against the allowlist and the argument against its schema before any handler runs. */
export function createDispatcher(handlers: Handlers, log: DispatchLog): Dispatch {
  return async (name, arg, ctx = { transport: 'in-process' }) => {
    // A transport may hand over anything; an object whose toString throws must not become a rejection.
    if (typeof name !== 'string') return { ok: false, error: { code: 'unknown_method', message: 'Unknown method: the method name must be a string' } };
    if (!isMethodName(name)) return { ok: false, error: { code: 'unknown_method', message: `Unknown method: ${name.slice(0, 80)}` } };
    try {
      const parsed = methods[name].arg.safeParse(arg ?? undefined);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
        return { ok: false, error: { code: 'invalid_argument', message: `${name}: ${where}${issue?.message ?? 'invalid argument'}` } };
      }
      const handler = handlers[name] as (a: unknown, c: CallContext) => unknown;
      return { ok: true, value: await handler(parsed.data, ctx) };
    } catch (thrown) {
      // A write outside db.write can still meet a busy store: that is contention, not a bug.
      const error = asStoreBusy(thrown);
      if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message } };
      log.error(`${name} failed`, error);
      return { ok: false, error: { code: 'internal', message: `${name} failed unexpectedly; see the application log.` } };
    }
  };
}
