/**
 * Admin scenario overrides behind one small API: `use` prepends one (the newest wins), `take`
 * finds the first that applies to a new order's request and consumes it when it is `once`,
 * `reset` drops them all. The pipeline and the admin routes share this object; nothing splices
 * the list from outside.
 */
import { evaluate, type Predicate } from './predicates.ts';

export interface Override {
  id: string;
  scenarioId: string;
  /** only for orders created by this operation; absent = any */
  operation?: string;
  match?: Predicate;
  once: boolean;
  createdAt: number;
}

export interface Overrides {
  use(o: Omit<Override, 'id'>): Override;
  /** the first override for this request, consumed when `once`; undefined when none applies */
  take(input: { operation: string; fields: Record<string, unknown> }): Override | undefined;
  list(): readonly Override[];
  /** drop every override; returns how many there were */
  reset(): number;
}

/** `onChange` is told after each change to the list (one added, a once consumed, all dropped) */
export function createOverrides(onChange: () => void = () => undefined): Overrides {
  let list: Override[] = [];
  let seq = 0;
  return {
    use(o) {
      const override = { id: `ov_${o.createdAt.toString(36)}_${++seq}`, ...o };
      list.unshift(override);
      onChange();
      return override;
    },
    take(input) {
      if (!list.length) return undefined;
      const o = list.find(
        (x) => (!x.operation || x.operation === input.operation) && (!x.match || evaluate(x.match, input.fields)),
      );
      if (o?.once) {
        list = list.filter((x) => x !== o);
        onChange();
      }
      return o;
    },
    list: () => list,
    reset() {
      const n = list.length;
      list = [];
      if (n) onChange();
      return n;
    },
  };
}
