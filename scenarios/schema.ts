/**
 * The scenario file format, as one source: the TypeScript types of a loaded scenario, and the
 * format as data (`scenarioShape`, core/shape.ts), which both checks a parsed YAML document
 * (start-up, reloads, `scenarios check`) and becomes the JSON Schema editors read
 * (scenarios/*.schema.json, written by `npm run docs`). Given a channel's vocabulary (its
 * operations, states, events: load-scenarios.ts reads them off the channel) it also knows the
 * names that channel has. Problems come back as "field: message" so a bad file stops start-up
 * naming the file and the field.
 */
import { FAILURE_REASONS, OUTCOMES, type FailureReason, type Outcome } from '../simulators/core/outcome.ts';
import { PREDICATE, type Predicate } from '../simulators/core/predicates.ts';
import { checkShape, text, whole, type Shape } from '../simulators/core/shape.ts';

export const FAULTS = ['reset', 'empty', 'garbage', 'timeout'] as const;
export type Fault = (typeof FAULTS)[number];

export const TAMPERS = ['sign', 'body', 'unreachable'] as const;
export type Tamper = (typeof TAMPERS)[number];

export interface CallbackStep {
  /** the channel's callback event, e.g. LFT `paid`, `arrived`, `payout` */
  event: string;
  /** wait before the first attempt (scaled by the callback time scale) */
  afterMs?: number;
  /** send this many independent deliveries of the same callback (duplication) */
  copies?: number;
  /** spoil the first `tamperAttempts` attempts: a wrong signature, a body changed after signing, or
   *  sent to a closed port (the merchant endpoint "down"), so the retries that follow are real */
  tamper?: Tamper;
  tamperAttempts?: number;
}

/** an outside-world event fired on the order later (funds arrive, the payer swipes…) */
export interface LaterStep {
  event: string;
  afterMs: number;
}

export interface Reply {
  outcome?: Outcome;
  reason?: FailureReason;
  /** upstream field overrides merged into the rendered result, verbatim names */
  fields?: Record<string, unknown>;
}

export interface Step {
  /** how many requests this step answers before the next one; the last step sticks */
  times?: number;
  reply?: Reply;
  /** explicit target state, spelled as the channel's state machine spells it */
  moveTo?: string;
  delayMs?: number;
  fault?: Fault;
  callbacks?: CallbackStep[];
  later?: LaterStep[];
}

export interface Scenario {
  /** channel/name, from the file path */
  id: string;
  channel: string;
  name: string;
  description: string;
  /** when the scenario applies by itself (magic values); absent = only by header or override */
  when?: { operation: string; match?: Predicate };
  /** per operation (or event), a queue of steps */
  steps: Record<string, Step[]>;
  file: string;
}

/**
 * What a channel lets a scenario name: its operations and events (each with the states and
 * outcomes of the order kind it acts on), its outside-world events and its callback events
 * (load-scenarios.ts reads them off the channel). Without one, the format alone is checked.
 */
export interface ScenarioVocabulary {
  channel: string;
  /** each operation or event, with the order kind it acts on (none: it acts on no order) */
  operations: Record<string, { kind?: string }>;
  /** each order kind: its states, and the outcomes a reply may name (rejected, and those it has a state for) */
  kinds: Record<string, KindVocabulary>;
  events: readonly string[];
  callbackEvents: readonly string[];
}

export interface KindVocabulary {
  states: readonly string[];
  outcomes: readonly Outcome[];
}

const CALLBACK_EVENT = "the channel's callback event (LFT paid, arrived, payout…)";
const LATER_EVENT = 'an outside-world event of the channel (pay, swipe, arrive, settle…), fired on the order later';

function callbackShape(v?: ScenarioVocabulary): Shape {
  if (v && !v.callbackEvents.length) return { type: 'never', message: `${v.channel} sends no callbacks` };
  return { type: 'ref', name: 'callback', shape: () => callbackFields(v) };
}

function callbackFields(v?: ScenarioVocabulary): Shape {
  return {
    type: 'object',
    description: 'a callback (notification) to the merchant, retried until acknowledged',
    fields: {
      event: v
        ? text(CALLBACK_EVENT, { values: v.callbackEvents, label: `a callback of ${v.channel}` })
        : text(CALLBACK_EVENT, { nonEmpty: true }),
      afterMs: whole(0, 'wait before the first attempt, ms (scaled by the time scale)'),
      copies: whole(1, 'send this many independent deliveries of the same callback (duplicates)'),
      tamper: text(
        'spoil the first attempts: sign (a wrong signature), body (changed after signing), unreachable (sent to a closed port: the merchant "down")',
        { values: TAMPERS },
      ),
      tamperAttempts: whole(1, 'how many attempts tamper spoils (default 1); the retries after them are real'),
    },
    required: { event: 'a callback event name' },
  };
}

function laterShape(v?: ScenarioVocabulary): Shape {
  return { type: 'ref', name: 'later', shape: () => laterFields(v) };
}

function laterFields(v?: ScenarioVocabulary): Shape {
  return {
    type: 'object',
    description: 'an outside-world event on the order later (funds arrive, the payer swipes…)',
    fields: {
      event: v
        ? text(LATER_EVENT, { values: v.events, label: `an event of ${v.channel}` })
        : text(LATER_EVENT, { nonEmpty: true }),
      afterMs: whole(0, 'when, ms after this step (scaled by the time scale)'),
    },
    required: { event: 'an event name', afterMs: 'ms after this step' },
  };
}

/**
 * A step: with a vocabulary, of an operation on orders of `kind` (that kind's states and
 * outcomes) or of one on no order (`kind` undefined). Named, so a channel's schema holds each
 * variant once however many operations share it.
 */
function stepShape(v?: ScenarioVocabulary, kind?: string): Shape {
  const known = kind === undefined ? undefined : v?.kinds[kind];
  const name = !v ? 'step' : kind === undefined ? 'step-without-order' : `step-${kind}`;
  return { type: 'ref', name, shape: () => stepFields(v, kind, known) };
}

function stepFields(v: ScenarioVocabulary | undefined, kind: string | undefined, known?: KindVocabulary): Shape {
  const outcome = !v
    ? text('what the request is answered with', { values: OUTCOMES })
    : text('what the request is answered with', {
        values: known?.outcomes ?? ['rejected'],
        label: kind === undefined ? 'an outcome here (this acts on no order)' : `an outcome a ${kind} order can have`,
      });
  const moveTo: Shape = !v
    ? text("an explicit target state, as the channel's state machine spells it", { expect: 'a state name' })
    : known
      ? text(`an explicit target state of the ${kind} order`, {
          values: known.states,
          label: `a ${kind} state`,
          expect: 'a state name',
        })
      : { type: 'never', message: 'this operation or event acts on no order state' };
  return {
    type: 'object',
    word: 'step field',
    description: 'one step: how the next request(s) are answered and what follows',
    fields: {
      times: whole(1, 'how many requests this step answers before the next one (the last step sticks)'),
      reply: {
        type: 'object',
        description: 'the answer',
        fields: {
          outcome,
          reason: text('why it failed (a neutral reason each channel maps to its own code)', {
            values: FAILURE_REASONS,
          }),
          fields: {
            type: 'map',
            values: { type: 'scalar' },
            expect: 'map upstream field names to values',
            description: 'upstream field overrides merged into the rendered result, verbatim names',
          },
        },
        requiredWhen: [{ field: 'reason', when: 'outcome', equals: 'rejected' }],
      },
      moveTo,
      delayMs: whole(0, 'answer this many ms late (a slow upstream)'),
      fault: text(
        'reset (TCP RST), empty (200, no body), garbage (half a response), timeout (no answer): after the order is created',
        { values: FAULTS },
      ),
      callbacks: { type: 'list', items: callbackShape(v), description: 'callbacks this step sends' },
      later: { type: 'list', items: laterShape(v), description: 'outside-world events this step schedules' },
    },
  };
}

const STEPS_OF = 'its steps, in order: each answers `times` requests, the last one sticks';

/** the scenario file format: with a channel's vocabulary, also the names that channel knows */
export function scenarioShape(v?: ScenarioVocabulary): Shape {
  const opNames = v ? Object.keys(v.operations) : [];
  const steps = (op?: string): Shape => ({
    type: 'list',
    items: stepShape(v, op === undefined ? undefined : v?.operations[op]?.kind),
    nonEmpty: true,
    expect: 'a non-empty list of steps',
    description: STEPS_OF,
  });
  return {
    type: 'object',
    fields: {
      description: text('what the scenario does, for people (scenarios list shows it)', { nonEmpty: true }),
      when: {
        type: 'object',
        description:
          'when the scenario applies by itself (a magic value); absent: only by the x-sim-scenario header or an override',
        fields: {
          operation: v
            ? text('the operation that creates the order', {
                values: opNames,
                label: `an operation of ${v.channel}`,
              })
            : text('the operation that creates the order'),
          match: PREDICATE,
        },
        required: { operation: 'the operation that creates the order' },
      },
      steps: v
        ? {
            type: 'object',
            description: 'per operation or event, a queue of steps',
            fields: Object.fromEntries(opNames.map((op) => [op, steps(op)])),
            unknown: `not an operation or event of ${v.channel}`,
          }
        : {
            type: 'map',
            values: steps(),
            expect: 'map operations to lists of steps',
            description: 'per operation or event, a queue of steps',
          },
    },
    required: { description: 'say what the scenario does', steps: 'operation → list of steps' },
  };
}

/** Validates a parsed document; returns the typed scenario or the list of problems. */
export function parseScenario(
  doc: unknown,
  id: string,
  file: string,
  vocabulary?: ScenarioVocabulary,
): { scenario?: Scenario; problems: string[] } {
  const problems = checkShape(scenarioShape(vocabulary), doc, '');
  if (problems.length) return { problems };
  const d = doc as Record<string, unknown>;
  const [channel, ...rest] = id.split('/');
  return {
    problems,
    scenario: {
      id,
      channel: channel!,
      name: rest.join('/'),
      description: d.description as string,
      when: d.when as Scenario['when'],
      steps: d.steps as Record<string, Step[]>,
      file,
    },
  };
}
