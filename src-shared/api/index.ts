import type { z } from 'zod';
import type { MethodSpec } from './define';
import { exceptionsMethods } from './exceptions';
import { hubMethods } from './hub';
import { shipmentsMethods } from './shipments';
import { reconcileMethods } from './reconcile';
import { reportsMethods } from './reports';
import { returnsMethods } from './returns';
import { systemMethods } from './system';
import { syncMethods } from './sync';
import { trackingMethods } from './tracking';
import { updatesMethods } from './updates';

export * from './envelope';
export * from './shipments';
export * from './exceptions';
export * from './hub';
export * from './reconcile';
export * from './reports';
export * from './returns';
export * from './system';
export * from './sync';
export * from './tracking';
export * from './updates';
export * from './events';
export * from './transport';

/** The allowlist: a name not in this map is refused by the dispatcher before anything runs. */
export const methods = {
  ...systemMethods,
  ...syncMethods,
  ...shipmentsMethods,
  ...exceptionsMethods,
  ...trackingMethods,
  ...updatesMethods,
  ...reconcileMethods,
  ...reportsMethods,
  ...returnsMethods,
  ...hubMethods,
};

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodArg<N extends MethodName> = z.input<Methods[N]['arg']>;
export type MethodParsedArg<N extends MethodName> = z.output<Methods[N]['arg']>;
export type MethodResult<N extends MethodName> = Methods[N] extends MethodSpec<z.ZodType, infer R> ? R : never;

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(methods, name);

export const methodNames = Object.keys(methods) as MethodName[];
