/**
 * Whether a pay-in run left the store with the orders its answers account for: every success
 * one new order, and a request cut off at the end of a slice perhaps stored without its answer
 * counted (at most one per connection per slice). A store that reached its cap evicts one order
 * per new one (the oldest finished first, README "Orders"), so there it holds exactly the cap and
 * the successes must be at least that many.
 */
import { DEFAULT_MAX_ORDERS } from '../simulators/core/order-store.ts';

export function orderCount(
  orders: number,
  kept: number,
  successes: number,
  slack: number,
): { note: string; problem?: string } {
  if (orders === DEFAULT_MAX_ORDERS)
    return {
      note: `the store held at its cap (${DEFAULT_MAX_ORDERS} orders, the oldest evicted): ${successes} successes`,
      problem: successes + kept < orders ? `${orders} orders for only ${successes} successes` : undefined,
    };
  const unanswered = orders - kept - successes;
  return {
    note: `${successes} successes, ${unanswered} cut off at the end of a slice`,
    problem:
      unanswered < 0 || unanswered > slack
        ? `order count mismatch: ${orders} orders for ${successes} successes`
        : undefined,
  };
}
