/**
 * Request bodies that may be sent only once (a new order number each): served from a pool signed
 * before the run, and signed on the spot past its end — counted, because signing in the load
 * generator would slow the generator and skew the measurement.
 */
import type { Context } from './load-run.ts';

export interface FreshBodies {
  inlineSigned(): number;
  used(): number;
  next(ctx: Context): Buffer;
}

/** `label(n, ctx)` records the n-th request's order number for the checks; `sign(n)` makes body n */
export function freshBodies(
  pool: (Buffer | undefined)[],
  label: (n: number, ctx: Context) => void,
  sign: (n: number) => Buffer,
): FreshBodies {
  let i = 0;
  let inline = 0;
  return {
    inlineSigned: () => inline,
    used: () => i,
    next(ctx) {
      const n = i++;
      label(n, ctx);
      const body = pool[n];
      if (body) {
        pool[n] = undefined; // sent once: let it go
        return body;
      }
      inline++;
      return sign(n);
    },
  };
}
