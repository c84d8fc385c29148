/**
 * Pact's verifier result (the JSON its FFI returns: interactionResults, errors, output) → one
 * entry per interaction: its description, its provider states, whether it passed, and each
 * mismatch in a line (what was expected where, and what came). States come from the pact documents
 * when verify-pact read them (files and URLs), from the failure's title otherwise (a broker). An
 * error of no interaction (a pact that did not load, a broker with no pacts for the provider)
 * fails the run: a verification that verified nothing must not pass.
 */

export interface Mismatch {
  /** status, header, body, a failed provider state… */
  kind: string;
  path?: string;
  expected?: string;
  actual?: string;
  message: string;
}

export interface InteractionReport {
  description: string;
  states: string[];
  ok: boolean;
  /** a pending pact's failure does not fail the run */
  pending: boolean;
  mismatches: Mismatch[];
}

export interface VerifyReport {
  ok: boolean;
  channel: string;
  /** the simulator verified against */
  baseUrl: string;
  interactions: InteractionReport[];
  /** provider states that mapped to nothing (each failed its interaction) */
  unknownStates: string[];
  /** the same, let through by --ignore-unknown-states */
  ignoredStates: string[];
  /** what failed outside any interaction: "Failed to load pact - No pacts found for provider …" */
  errors: string[];
  /** what the re-signing could not do, once each (withhold args that do not decrypt with the key) */
  notes: string[];
}

interface PactResult {
  result?: boolean;
  interactionResults?: { description?: string; result?: string; pending?: boolean }[];
  errors?: PactError[];
  pendingErrors?: PactError[];
}
interface PactError {
  interaction?: string;
  mismatch?: { type?: string; message?: string; mismatches?: RawMismatch[] };
}
interface RawMismatch {
  type?: string;
  path?: string;
  key?: string;
  expected?: unknown;
  actual?: unknown;
  mismatch?: string;
}

/** a pact document's interactions: description → provider state names */
export function statesOf(pact: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const list = (pact as { interactions?: unknown[] } | null)?.interactions ?? [];
  for (const i of list as { description?: string; providerStates?: { name?: string }[]; providerState?: string }[]) {
    if (typeof i?.description !== 'string') continue;
    const names = (i.providerStates ?? []).map((s) => s.name).filter((n): n is string => typeof n === 'string');
    out.set(i.description, names.length ? names : i.providerState ? [i.providerState] : []);
  }
  return out;
}

export function buildReport(
  raw: string,
  o: {
    channel: string;
    baseUrl: string;
    states: Map<string, string[]>;
    unknown: Set<string>;
    failed: Map<string, string>;
    ignored: Set<string>;
    notes?: Iterable<string>;
  },
): VerifyReport {
  const result = JSON.parse(raw) as PactResult;
  const errors = [...(result.errors ?? []), ...(result.pendingErrors ?? [])];
  const interactions = (result.interactionResults ?? []).map((r): InteractionReport => {
    const description = r.description ?? '';
    // the error's title is "Verifying a pact between C and P[ Given S[ And S…]] - <description>"
    const own = errors.filter((e) => e.interaction?.endsWith(` - ${description}`));
    const states = o.states.get(description) ?? statesFromTitle(own[0]?.interaction, description);
    const ok = r.result === 'OK';
    // Pact says only that a state setup failed; the filter knows which state and why
    const why = ok
      ? []
      : states.filter((s) => o.failed.has(s)).map((s) => ({ kind: 'state', message: o.failed.get(s)! }));
    const mismatches = [
      ...why,
      ...own.flatMap((e) => mismatchesOf(e)).filter((m) => !(why.length && m.kind === 'state')),
    ];
    return { description, states, ok, pending: r.pending === true, mismatches };
  });
  const stray = errors
    .filter((e) => !interactions.some((i) => e.interaction?.endsWith(` - ${i.description}`)))
    .map((e) => [e.interaction, e.mismatch?.message].filter(Boolean).join(' - ') || 'the verifier reported an error');
  return {
    ok: stray.length === 0 && interactions.every((i) => i.ok || i.pending),
    channel: o.channel,
    baseUrl: o.baseUrl,
    interactions,
    unknownStates: [...o.unknown],
    ignoredStates: [...o.ignored],
    errors: stray,
    notes: [...(o.notes ?? [])],
  };
}

function statesFromTitle(title: string | undefined, description: string): string[] {
  const m = title ? / Given (.*) - /.exec(title.slice(0, title.length - description.length + 3)) : null;
  return m ? m[1]!.split(' And ') : [];
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function mismatchesOf(e: PactError): Mismatch[] {
  const m = e.mismatch;
  if (!m) return [];
  if (!m.mismatches) {
    const message = m.message ?? 'the verifier reported an error';
    return [{ kind: /state change/i.test(message) ? 'state' : 'error', message }];
  }
  return m.mismatches.map((x) => ({
    kind: (x.type ?? 'mismatch').replace(/Mismatch$/, '').toLowerCase(),
    ...((x.path ?? x.key) ? { path: x.path ?? x.key } : {}),
    ...(x.expected !== undefined ? { expected: show(x.expected) } : {}),
    ...(x.actual !== undefined ? { actual: show(x.actual) } : {}),
    message: x.mismatch ?? `expected ${show(x.expected)}, got ${show(x.actual)}`,
  }));
}

/** the report as a person reads it: one line per interaction, one indented line per mismatch */
export function formatReport(r: VerifyReport): string[] {
  const lines = [`verify-pact ${r.channel} against ${r.baseUrl}`];
  for (const i of r.interactions) {
    const verdict = i.ok ? 'ok  ' : i.pending ? 'PEND' : 'FAIL';
    lines.push(`${verdict}  ${i.description}${i.states.length ? `  (given ${i.states.join('; ')})` : ''}`);
    for (const m of i.mismatches) lines.push(`        ${m.kind}${m.path ? ` ${m.path}` : ''}: ${m.message}`);
  }
  const failed = r.interactions.filter((i) => !i.ok && !i.pending).length;
  for (const e of r.errors) lines.push(`ERROR ${e}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.ignoredStates.length) lines.push(`ignored provider states (no mapping): ${r.ignoredStates.join('; ')}`);
  lines.push(
    `${r.interactions.length - failed}/${r.interactions.length} interactions verified${failed ? `, ${failed} failed` : ''}`,
  );
  return lines;
}
