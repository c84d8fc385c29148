/**
 * The scenario file format, as one source: the TypeScript types and the validator that checks a
 * parsed YAML document against them. The validator knows only the core's vocabulary; whether a
 * state or an operation exists is asked of the channel (load-scenarios.ts). Problems come back as
 * "field: message" so a bad file stops start-up naming the file and the field.
 */
import {
  FAILURE_REASONS,
  OUTCOMES,
  isFailureReason,
  isOutcome,
  type FailureReason,
  type Outcome,
} from '../simulators/core/outcome.ts';
import { checkPredicate, type Predicate } from '../simulators/core/predicates.ts';

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

const STEP_KEYS = ['times', 'reply', 'moveTo', 'delayMs', 'fault', 'callbacks', 'later'];
const CALLBACK_KEYS = ['event', 'afterMs', 'copies', 'tamper', 'tamperAttempts'];
const LATER_KEYS = ['event', 'afterMs'];
const REPLY_KEYS = ['outcome', 'reason', 'fields'];
const WHEN_KEYS = ['operation', 'match'];
const TOP_KEYS = ['description', 'when', 'steps'];

/** edit distance, for "did you mean": a typo (aftrMs) is one or two edits from the field meant */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** a problem per key of `o` that is not one of `allowed`, naming it unknown (and the likely one) */
function unknownKeys(o: Doc, allowed: readonly string[], path: string, what = 'field'): string[] {
  return Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => {
      const near = allowed.find((a) => distance(k.toLowerCase(), a.toLowerCase()) <= 2);
      return `${path ? `${path}.` : ''}${k}: unknown ${what}${near ? ` (did you mean ${near}?)` : ''} (allowed: ${allowed.join(', ')})`;
    });
}

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNonNegInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

function checkCallback(c: unknown, path: string): string[] {
  if (!isObj(c)) return [`${path}: must be an object`];
  const out: string[] = unknownKeys(c, CALLBACK_KEYS, path);
  if (typeof c.event !== 'string' || !c.event) out.push(`${path}.event: required (a callback event name)`);
  if (c.afterMs !== undefined && !isNonNegInt(c.afterMs)) out.push(`${path}.afterMs: must be a whole number ≥ 0`);
  if (c.copies !== undefined && !(Number.isInteger(c.copies) && (c.copies as number) >= 1))
    out.push(`${path}.copies: must be ≥ 1`);
  if (c.tamper !== undefined && !(TAMPERS as readonly unknown[]).includes(c.tamper))
    out.push(`${path}.tamper: must be one of ${TAMPERS.join(', ')}`);
  if (c.tamperAttempts !== undefined && !(Number.isInteger(c.tamperAttempts) && (c.tamperAttempts as number) >= 1)) {
    out.push(`${path}.tamperAttempts: must be ≥ 1`);
  }
  return out;
}

export function checkStep(s: unknown, path: string): string[] {
  if (!isObj(s)) return [`${path}: must be an object`];
  const out: string[] = unknownKeys(s, STEP_KEYS, path, 'step field');
  if (s.times !== undefined && !(Number.isInteger(s.times) && (s.times as number) >= 1))
    out.push(`${path}.times: must be a whole number ≥ 1`);
  if (s.delayMs !== undefined && !isNonNegInt(s.delayMs)) out.push(`${path}.delayMs: must be a whole number ≥ 0`);
  if (s.fault !== undefined && !(FAULTS as readonly unknown[]).includes(s.fault))
    out.push(`${path}.fault: must be one of ${FAULTS.join(', ')}`);
  if (s.moveTo !== undefined && typeof s.moveTo !== 'string') out.push(`${path}.moveTo: must be a state name`);
  if (s.reply !== undefined) {
    if (!isObj(s.reply)) out.push(`${path}.reply: must be an object`);
    else {
      const r = s.reply;
      out.push(...unknownKeys(r, REPLY_KEYS, `${path}.reply`));
      if (r.outcome !== undefined && !isOutcome(r.outcome))
        out.push(`${path}.reply.outcome: must be one of ${OUTCOMES.join(', ')}`);
      if (r.reason !== undefined && !isFailureReason(r.reason))
        out.push(`${path}.reply.reason: must be one of ${FAILURE_REASONS.join(', ')}`);
      if (r.outcome === 'rejected' && r.reason === undefined)
        out.push(`${path}.reply.reason: required when outcome is rejected`);
      if (r.fields !== undefined && !isObj(r.fields))
        out.push(`${path}.reply.fields: must map upstream field names to values`);
    }
  }
  if (s.callbacks !== undefined) {
    if (!Array.isArray(s.callbacks)) out.push(`${path}.callbacks: must be a list`);
    else s.callbacks.forEach((c, i) => out.push(...checkCallback(c, `${path}.callbacks[${i}]`)));
  }
  if (s.later !== undefined) {
    if (!Array.isArray(s.later)) out.push(`${path}.later: must be a list`);
    else {
      s.later.forEach((l, i) => {
        if (isObj(l)) out.push(...unknownKeys(l, LATER_KEYS, `${path}.later[${i}]`));
        if (!isObj(l) || typeof l.event !== 'string' || !isNonNegInt(l.afterMs))
          out.push(`${path}.later[${i}]: needs event (name) and afterMs (≥ 0)`);
      });
    }
  }
  return out;
}

/** Validates a parsed document; returns the typed scenario or the list of problems. */
export function parseScenario(doc: unknown, id: string, file: string): { scenario?: Scenario; problems: string[] } {
  if (!isObj(doc)) return { problems: ['(file): must be a YAML mapping'] };
  const problems: string[] = unknownKeys(doc, TOP_KEYS, '');
  if (typeof doc.description !== 'string' || !doc.description.trim())
    problems.push('description: required (say what the scenario does)');
  if (doc.when !== undefined) {
    if (!isObj(doc.when)) problems.push('when: must be an object');
    else {
      problems.push(...unknownKeys(doc.when, WHEN_KEYS, 'when'));
      if (typeof doc.when.operation !== 'string')
        problems.push('when.operation: required (the operation that creates the order)');
      if (doc.when.match !== undefined) problems.push(...checkPredicate(doc.when.match));
    }
  }
  if (!isObj(doc.steps)) problems.push('steps: required (operation → list of steps)');
  else {
    for (const [op, list] of Object.entries(doc.steps)) {
      if (!Array.isArray(list) || list.length === 0) problems.push(`steps.${op}: must be a non-empty list of steps`);
      else list.forEach((s, i) => problems.push(...checkStep(s, `steps.${op}[${i}]`)));
    }
  }
  if (problems.length) return { problems };
  const [channel, ...rest] = id.split('/');
  return {
    problems,
    scenario: {
      id,
      channel: channel!,
      name: rest.join('/'),
      description: doc.description as string,
      when: doc.when as Scenario['when'],
      steps: doc.steps as Record<string, Step[]>,
      file,
    },
  };
}
