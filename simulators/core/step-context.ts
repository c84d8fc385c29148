/**
 * The context an operation runs in: its fields, the order, the step, and the two things it may
 * do to orders (create the one it brings into being, move one through its state machine). A
 * class, so a request allocates one object and no closures: per-request closures were a
 * measurable share of the pipeline. It knows no channel; the channel's machines and onTransition
 * come in through the sim.
 */
import type { Decoded, NewOrderInit, Operation, OperationContext } from './channel.ts';
import type { Trace } from './run-step.ts';
import { newOrder, type Order, type OrderStore } from './order-store.ts';
import { canMove } from './outcome.ts';
import type { Cursor } from './scenario-engine.ts';
import type { Sim } from './sim.ts';
import type { Step } from '../../scenarios/schema.ts';

/** what a new order is bound to: the chosen scenario, why, and its cursor for this operation */
export interface Binding {
  scenarioId: string;
  why: string;
  cursor: Cursor;
}

export class StepContext<R> implements OperationContext<R> {
  order?: Order;

  constructor(
    private readonly sim: Sim<R>,
    readonly op: Operation<R>,
    readonly decoded: Decoded,
    readonly step: Step,
    readonly now: number,
    readonly baseUrl: string,
    private readonly trace: Trace,
    private readonly binding: Binding,
    existing: Order | undefined,
  ) {
    this.order = existing;
  }

  get fields() {
    return this.decoded.fields;
  }
  get runtime(): R {
    return this.sim.runtime;
  }
  get store(): OrderStore {
    return this.sim.store;
  }
  get warnings(): string[] {
    return this.trace.warnings;
  }

  next(sequence: string): number {
    return this.sim.ports.next(sequence);
  }
  once(set: string, key: string): boolean {
    return this.sim.ports.once(set, key);
  }

  createOrder<D extends object>(init: NewOrderInit<D>): Order<D> {
    const kind = typeof init.kind === 'string' ? init.kind : init.kind.name;
    const machine = this.sim.channel.machines[kind];
    if (!machine) throw new Error(`${this.sim.channel.name} has no state machine for order kind "${kind}"`);
    const order = newOrder<D>({
      key: init.key,
      kind,
      aliases: init.aliases,
      data: init.data,
      state: init.state ?? machine.initial,
      merchant: this.decoded.merchant,
      at: this.now,
      scenarioId: this.binding.scenarioId,
      scenarioWhy: this.binding.why,
      cursors: { [this.op.name]: this.binding.cursor },
    });
    this.order = order as unknown as Order;
    this.trace.orderKey = order.key;
    return order;
  }

  transition(order: Order, to: string, cause: string): boolean {
    const { channel, store, runtime } = this.sim;
    if (order.state === to) return true;
    if (!canMove(channel.machines[order.kind]!, order.state, to)) {
      this.trace.warnings.push(
        `${order.key}: ${order.state} → ${to} is not a move of the ${order.kind} state machine; ignored`,
      );
      return false;
    }
    const from = order.state;
    const now = this.now;
    order.state = to;
    order.updatedAt = now;
    order.history.push({ at: now, from, to, cause });
    channel.onTransition?.(order, from, to, { store, runtime, now });
    return true;
  }
}
