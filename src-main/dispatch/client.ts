import { ApiError, type MethodArg, type MethodName, type MethodResult } from '../../src-shared/api';
import type { Dispatch } from './dispatcher';
import { CommandUsage } from '../platform/cli-usage';
import type { CallContext } from './handlers';

/** For the CLI, benchmarks and tests: the method's result, or its error envelope thrown as the ApiError it was. */
export async function call<N extends MethodName>(dispatch: Dispatch, name: N, arg: MethodArg<N>, ctx?: CallContext): Promise<MethodResult<N>> {
  const envelope = await dispatch(name, arg, ctx);
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message);
  return envelope.value;
}

/** The CLI audits as the machine's user at station `cli`, so its changes read like anyone else's. */
export const cliContext = (): CallContext => ({ transport: 'in-process', operator: process.env.USER ?? process.env.USERNAME ?? 'cli', station: 'cli' });

/** The CLI's call: an argument the contract refuses is a usage error (exit 2, its message says what is wrong). */
export async function callFromCli<N extends MethodName>(dispatch: Dispatch, name: N, arg: MethodArg<N>): Promise<MethodResult<N>> {
  try {
    return await call(dispatch, name, arg, cliContext());
  } catch (error) {
    throw error instanceof ApiError && error.code === 'invalid_argument' ? new CommandUsage(error.message) : error;
  }
}
