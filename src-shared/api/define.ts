import type { z } from 'zod';

/** A method is its argument schema plus a phantom result type; the map of them is the whole API. */
export interface MethodSpec<A extends z.ZodType, R> {
  arg: A;
  /** Type-only marker; never read at run time. */
  result?: R;
}

export const defineMethod =
  <R>() =>
  <A extends z.ZodType>(arg: A): MethodSpec<A, R> => ({ arg });
