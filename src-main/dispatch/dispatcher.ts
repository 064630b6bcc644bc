import { ApiError, isMethodName, methods, type Envelope, type MethodArg, type MethodName, type MethodResult } from '../../src-shared/api';
import { asStoreBusy } from '../db/transaction';
import type { CallContext, Handlers } from './handlers';

/** What a transport hands over: a name and an argument nobody has checked yet. */
export type UntrustedDispatch = (name: unknown, arg: unknown, ctx?: CallContext) => Promise<Envelope<unknown>>;

/** The same dispatcher seen from code in this process: the contract types the argument and the result. */
export type Dispatch = <N extends MethodName>(name: N, arg: MethodArg<N>, ctx?: CallContext) => Promise<Envelope<MethodResult<N>>>;

export interface DispatchLog {
  error(message: string, detail: unknown): void;
}

/** Validates the name against the allowlist and the argument against its schema before any handler runs. */
export function createDispatcher(handlers: Handlers, log: DispatchLog): UntrustedDispatch {
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

/** The one place the result type is asserted: the handler map is typed by the same contract (Handlers). */
export const typedDispatch = (dispatch: UntrustedDispatch): Dispatch => dispatch as Dispatch;
