import type { MethodName, MethodParsedArg, MethodResult } from '../../src-shared/api';

/** Who is calling: recorded with every change so the audit log can say which person at which station. */
export interface CallContext {
  transport: 'electron' | 'web' | 'in-process';
  operator?: string;
  station?: string;
}

export type Handler<N extends MethodName> = (arg: MethodParsedArg<N>, ctx: CallContext) => MethodResult<N> | Promise<MethodResult<N>>;

export type Handlers = { [N in MethodName]: Handler<N> };

/** The slice of the map one capability provides, e.g. HandlersFor<'shipments'>. */
export type HandlersFor<Domain extends string> = Pick<Handlers, Extract<MethodName, `${Domain}.${string}`>>;
