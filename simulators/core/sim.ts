/**
 * One simulator's running state, assembled once per channel server: the channel and its runtime,
 * the ports (clock, store, journal, send), the dispatcher, the scenarios and admin overrides, and
 * runEvent() for outside-world events. buildServer() wires it to Fastify; tests reach it only
 * through the wire and the admin API.
 */
import { createCallbackBuilder } from './callback-builder.ts';
import type { AnyChannel, Channel, ChannelApi, ChannelConfig, Decoded } from './channel.ts';
import { createClock, type Clock, type TimerHandle } from './clock.ts';
import { loadChannelCredentials } from './credentials-file.ts';
import { createDispatcher, type Dispatcher } from './callback-dispatcher.ts';
import { SimError, toSimError } from './errors.ts';
import { runStep, type Trace } from './run-step.ts';
import { createJournal, type Journal } from './journal.ts';
import { createChangeFeed, notifyingJournal, type ChangeFeed } from './change-feed.ts';
import { createMemoryOrderStore, finishedIn, newOrder, type Order, type OrderStore } from './order-store.ts';
import { createOverrides, type Overrides } from './overrides.ts';
import { REALISTIC_SCHEDULE } from './retry-schedule.ts';
import { createPorts, type Ports } from './runtime-ports.ts';
import { resolveScenarioId, type ScenarioSet } from './scenario-engine.ts';
import { httpSend, type Send } from './send.ts';
import { silentLogger, type SimLogger } from './logger.ts';

export interface SimDeps {
  scenarios: ScenarioSet;
  config: ChannelConfig;
  clock?: Clock;
  store?: OrderStore;
  journal?: Journal;
  send?: Send;
  /** multiplies callback waits and timed scenario events (0.001: a day in ~90 s) */
  timeScale?: number;
  /** most orders the default store keeps (oldest finished evicted first; default 100,000) */
  maxOrders?: number;
  /** most bytes the default journal keeps, estimated (default 64 MiB) */
  journalMaxBytes?: number;
  /** how long a `timeout` fault holds a connection */
  faultTimeoutMs?: number;
  /** told after state changed outside a request (a callback attempt, a timed event): the
   *  server notices requests itself; persistence saves on either */
  onChange?: () => void;
  /** the log a person reads (request lines, callback attempts, refusals); default: silent */
  log?: SimLogger;
  /** send every callback to this base URL instead, keeping the merchant URL's path and query */
  forwardCallbacks?: string;
}

/** a timed scenario event (a step's `later`) waiting for its time */
export interface LaterEvent {
  orderKey: string;
  event: string;
  at: number;
}

export interface Sim<R = unknown> {
  channel: Channel<R>;
  runtime: R;
  config: ChannelConfig;
  clock: Clock;
  store: OrderStore;
  journal: Journal;
  /** told of every journal entry and clear: what a live view (the dashboard) listens to */
  changes: ChangeFeed;
  dispatcher: Dispatcher;
  /** replaced when a scenario file changes and the new set validates (watch-scenarios.ts) */
  scenarios: ScenarioSet;
  overrides: Overrides;
  /** sequences and seen-sets the channel's operations use (persisted with the orders) */
  ports: Ports;
  timeScale: number;
  faultTimeoutMs: number;
  log: SimLogger;
  /** fire an event operation on an order after ms (scaled) */
  later(orderKey: string, event: string, afterMs: number): void;
  /** the timed events still waiting, oldest first (persistence) */
  laterEvents(): LaterEvent[];
  /** wait for a timed event again after a restart: at its time, or at once when it has passed */
  restoreLater(e: LaterEvent): void;
  runEvent(keyOrAlias: string, event: string, source: string, fields?: Record<string, unknown>): Promise<Order>;
  createOrder: ChannelApi<R>['createOrder'];
  reset(): void;
}

export function createSim<R>(channel: Channel<R> | AnyChannel, deps: SimDeps): Sim<R> {
  const clock = deps.clock ?? createClock();
  const store =
    deps.store ?? createMemoryOrderStore({ maxOrders: deps.maxOrders, isFinished: finishedIn(channel.machines) });
  const changes = createChangeFeed();
  const journal = notifyingJournal(
    deps.journal ?? createJournal({ maxBytes: deps.journalMaxBytes, text: channel.wire.text }),
    changes,
  );
  const runtime = createChannelRuntime(channel, deps.config, clock) as R;
  const timeScale = deps.timeScale ?? 1;
  const log = deps.log?.child({ channel: channel.name }) ?? silentLogger;
  const laterTimers = new Map<TimerHandle, LaterEvent>();
  const callbacks = channel.callbacks
    ? {
        schedule: channel.callbacks.schedule,
        isAck: channel.callbacks.isAck,
        build: createCallbackBuilder<R>(channel.callbacks),
      }
    : { schedule: REALISTIC_SCHEDULE, isAck: () => false, build: () => undefined };
  const dispatcher = createDispatcher<R>({
    channel: channel.name,
    callbacks,
    runtime,
    clock,
    store,
    journal,
    send: deps.send ?? httpSend,
    timeScale,
    onChange: deps.onChange,
    log,
    forwardTo: deps.forwardCallbacks,
  });

  let scenarios = deps.scenarios;
  const sim: Sim<R> = {
    channel: channel as Channel<R>,
    runtime,
    config: deps.config,
    clock,
    store,
    journal,
    changes,
    dispatcher,
    // a new set (a scenario file changed) and an override added, consumed or dropped are changes
    // the dashboard shows: told to the feed like journal entries
    get scenarios() {
      return scenarios;
    },
    set scenarios(set: ScenarioSet) {
      scenarios = set;
      changes.publish({ type: 'scenarios' });
    },
    overrides: createOverrides(() => changes.publish({ type: 'overrides' })),
    ports: createPorts(),
    timeScale,
    faultTimeoutMs: deps.faultTimeoutMs ?? 65_000,
    log,
    later(orderKey, event, afterMs) {
      scheduleLater({ orderKey, event, at: clock.now() + Math.max(0, Math.round(afterMs * timeScale)) });
    },
    laterEvents: () => [...laterTimers.values()],
    restoreLater: (e) => scheduleLater({ ...e, at: Math.max(e.at, clock.now()) }),
    async runEvent(keyOrAlias, event, source, fields = {}) {
      const op = channel.operations.find((o) => o.name === event && !o.path);
      if (!op)
        throw new SimError(
          'SIM_ERR_ADMIN_NOT_FOUND',
          `${channel.name} has no event "${event}" (events: ${eventNames(channel).join(', ')})`,
        );
      const order = store.get(keyOrAlias);
      if (!order) throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `no order "${keyOrAlias}"`, { kind: op.kind });
      const decoded: Decoded = { merchant: order.merchant, fields, warnings: [] };
      const trace: Trace = { warnings: [] };
      const at = clock.now();
      try {
        const run = runStep(
          sim,
          { op, decoded, identity: { key: order.key, kind: op.kind }, baseUrl: deps.config.publicUrl ?? '' },
          trace,
        );
        return run.order ?? order;
      } catch (e) {
        const err = toSimError(e);
        trace.warnings.push(err.message);
        throw err;
      } finally {
        journal.add({
          at,
          kind: 'event',
          channel: channel.name,
          operation: event,
          orderKey: order.key,
          scenario: trace.scenario,
          why: `${source}; ${trace.why ?? ''}`,
          step: trace.step,
          warnings: trace.warnings,
        });
      }
    },
    createOrder(init, scenarioName) {
      const scenario = scenarioName ? resolveScenarioId(sim.scenarios, scenarioName) : sim.scenarios.fallback;
      if (!scenario) throw new SimError('SIM_ERR_ADMIN_NOT_FOUND', `no scenario "${scenarioName}"`);
      if (store.get(init.key))
        throw new SimError('SIM_ERR_ORDER_DUPLICATE', `${init.key} exists already`, { kind: init.kind });
      const machine = channel.machines[init.kind];
      if (!machine) throw new SimError('SIM_ERR_ADMIN_BAD_REQUEST', `${channel.name} has no order kind "${init.kind}"`);
      const now = clock.now();
      const order = newOrder({
        ...init,
        state: init.state ?? machine.initial,
        at: now,
        scenarioId: scenario.id,
        scenarioWhy: scenarioName ? 'admin API' : 'default (admin API)',
      });
      store.put(order as Order);
      journal.add({
        at: now,
        kind: 'event',
        channel: channel.name,
        operation: 'create',
        orderKey: order.key,
        scenario: scenario.id,
        why: 'admin API',
        warnings: [],
      });
      return order as Order;
    },
    reset() {
      for (const t of laterTimers.keys()) clock.cancel(t);
      laterTimers.clear();
      dispatcher.clear();
      store.clear();
      journal.clear();
      sim.overrides.reset();
      sim.ports.forgetSeen();
      channel.onReset?.(runtime);
    },
  };

  function scheduleLater(e: LaterEvent): void {
    const t = clock.at(e.at, async () => {
      laterTimers.delete(t);
      // a timed event that no longer applies (the order was closed…) is journalled, not thrown
      await sim.runEvent(e.orderKey, e.event, 'scenario').catch(() => undefined);
      deps.onChange?.();
    });
    laterTimers.set(t, e);
  }
  return sim;
}

/** a channel's runtime with its declared credentials loaded (the CLI makes one without a server) */
export function createChannelRuntime<R>(channel: Channel<R> | AnyChannel, config: ChannelConfig, clock: Clock): R {
  return channel.createRuntime(config, { clock, ...loadChannelCredentials(channel, config) }) as R;
}

/** the channel's first-start work done ahead (Channel.prepare), with its declared credentials loaded */
export async function prepareChannel(channel: AnyChannel, config: ChannelConfig, now: number): Promise<void> {
  if (channel.prepare) await channel.prepare(config, { now, ...loadChannelCredentials(channel, config) });
}

export function eventNames(channel: AnyChannel): string[] {
  return channel.operations.filter((o) => !o.path).map((o) => o.name);
}
