import type { z } from 'zod';
import type { MethodSpec } from './define';
import { shipmentsMethods } from './shipments';
import { systemMethods } from './system';

export * from './envelope';
export * from './shipments';
export * from './system';
export * from './events';
export * from './transport';

/** The allowlist: a name not in this map is refused by the dispatcher before anything runs. */
export const methods = {
  ...systemMethods,
  ...shipmentsMethods,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodArg<N extends MethodName> = z.input<Methods[N]['arg']>;
export type MethodParsedArg<N extends MethodName> = z.output<Methods[N]['arg']>;
export type MethodResult<N extends MethodName> = Methods[N] extends MethodSpec<z.ZodType, infer R> ? R : never;

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name);
