/**
 * The request filter `verify-pact` hands Pact's verifier: one Express middleware that runs before
 * pact-js's own routes, so it answers the verifier's provider-state calls (/_pactSetup) itself and
 * re-signs every API request on its way to the simulator (resign-filter.ts). It owns the states
 * because pact-js's state handlers cannot fail an interaction (a throwing handler is logged and
 * answered 200): here an unknown state, or a setup that fails, is answered 500 with the reason,
 * which Pact's verifier reports as that interaction's failure. Every interaction starts from an
 * empty simulator: the first state call of an interaction resets it, and so does an API request
 * that no state call prepared. The values an interaction's steps make are kept until the next
 * interaction: later steps name them (`${name}`), and the resigner reads them (withhold's args are
 * ciphertext, which Pact's fromProviderState cannot reach into). It drives the simulator only
 * through its admin API and the channel's reference client.
 */
import type { AdminClient, ScenarioInfo } from '../../clients/admin.ts';
import type { ChannelResult } from '../../clients/http.ts';
import { interpolate, resolveState, type StateSetup, type StateStep, type StateTable } from './provider-states.ts';
import { createResignFilter, type ProxiedRequest, type Resigner } from './resign-filter.ts';

/** the simulator under verification, as the filter reaches it */
export interface VerifyTarget {
  channel: string;
  admin: AdminClient;
  /** the channel's reference client with the simulator's credentials */
  client(): object;
  /** re-reads the simulator's clock before a state or a request is signed */
  sync(): Promise<void>;
}

/** what the filter saw, for the report */
export interface StateLog {
  /** state names that mapped to nothing and failed their interaction */
  unknown: Set<string>;
  /** why a state's setup failed (an unknown state included), by state name */
  failed: Map<string, string>;
  /** the same, let through by --ignore-unknown-states */
  ignored: Set<string>;
}

interface Response {
  status(code: number): Response;
  json(body: unknown): void;
}
type Next = (err?: unknown) => void;

const STATE_PATH = '/_pactSetup';

export function createVerifyFilter(o: {
  target: VerifyTarget;
  states: StateTable;
  ignoreUnknownStates: boolean;
  resigner: Resigner;
  log: StateLog;
  /** the values the interaction's steps made so far, by name (cleared with the simulator) */
  values: Map<string, unknown>;
}) {
  const resign = createResignFilter(o.resigner);
  let scenarios: Promise<ScenarioInfo[]> | undefined;
  /** a state call has prepared the interaction whose request comes next */
  let prepared = false;
  const fresh = () => (o.values.clear(), o.target.admin.reset());

  const setUp = async (name: string, setup: StateSetup): Promise<Record<string, unknown>> => {
    if (setup.scenario !== undefined) {
      scenarios ??= o.target.admin.scenarios().then((s) => s.scenarios);
      const id = setup.scenario.includes('/') ? setup.scenario : `${o.target.channel}/${setup.scenario}`;
      const info = (await scenarios).find((s) => s.id === id);
      if (!info) throw new Error(`scenario ${id} does not exist on this simulator`);
      // bound to the first order the interaction makes with the scenario's own operation
      await o.target.admin.useScenario({
        scenario: info.id,
        ...(info.when?.operation ? { operation: info.when.operation } : {}),
        once: true,
      });
    }
    const values: Record<string, unknown> = {};
    for (const step of setup.steps ?? [])
      for (const [k, v] of Object.entries(await run(interpolate(step, o.values), name))) {
        values[k] = v;
        o.values.set(k, v);
      }
    return values;
  };

  const run = async (step: StateStep, state: string): Promise<Record<string, unknown>> => {
    if ('event' in step) await o.target.admin.event(step.order, step.event);
    else if ('advance' in step) await o.target.admin.advanceClock(step.advance);
    else if ('admin' in step) {
      const answer = await o.target.admin.request(step.admin.method, step.admin.path, step.admin.body);
      return pick(answer, step.values, `${step.admin.method} ${step.admin.path}`, state);
    } else {
      const method = (o.target.client() as Record<string, unknown>)[step.call];
      if (typeof method !== 'function') throw new Error(`the ${o.target.channel} client has no method "${step.call}"`);
      const r = (await method(step.with ?? {})) as ChannelResult<Record<string, unknown>>;
      if (!r.ok) throw new Error(`${step.call} answered ${r.code} ${r.msg}${r.simDetail ? ` (${r.simDetail})` : ''}`);
      return pick(r.data, step.values, step.call, state);
    }
    return {};
  };

  const state = async (req: ProxiedRequest, res: Response): Promise<void> => {
    const call = (req.body ?? {}) as { state?: string; action?: string };
    if (call.action === 'teardown') return res.json({});
    if (!prepared) await fresh();
    prepared = true;
    await o.target.sync();
    // an interaction without a state still gets a setup call, with the empty name
    if (!call.state) return res.json({});
    const fail = (why: string) => {
      o.log.failed.set(call.state!, why);
      prepared = false; // Pact sends no request after a failed state: the next state call resets
      res.status(500).json({ error: why });
    };
    const setup = resolveState(call.state, o.target.channel, o.states);
    if (!setup) {
      if (o.ignoreUnknownStates) {
        o.log.ignored.add(call.state);
        return res.json({});
      }
      o.log.unknown.add(call.state);
      return fail(
        `provider state "${call.state}" maps to nothing: not "scenario: ${o.target.channel}/<id>" nor in the state file`,
      );
    }
    try {
      res.json(await setUp(call.state, setup));
    } catch (e) {
      fail(`provider state "${call.state}": ${(e as Error).message}`);
    }
  };

  return (req: ProxiedRequest, res: Response, next: Next): void => {
    if (req.path === STATE_PATH) {
      state(req, res).catch(next);
      return;
    }
    if (req.path.startsWith('/_pact') || req.path === '/_messages') return next();
    const ready = (prepared ? Promise.resolve() : fresh()).then(() => o.target.sync());
    prepared = false;
    ready.then(() => resign(req, res, next), next);
  };
}

/** the answer fields a step's `values` name (a dotted path: data.smsCode), by value name */
function pick(
  answer: unknown,
  fields: Record<string, string> | undefined,
  what: string,
  state: string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields ?? {}).map(([name, path]) => {
      const v = path
        .split('.')
        .reduce<unknown>(
          (x, k) => (x !== null && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined),
          answer,
        );
      if (v === undefined) throw new Error(`${what}'s answer has no ${path} (state "${state}")`);
      return [name, v];
    }),
  );
}
