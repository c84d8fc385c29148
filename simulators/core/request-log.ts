/**
 * The log line of one wire request, taken from its journal entry: operation, HTTP status and the
 * upstream's own result code (when the channel can say it), the order, the scenario, how long it
 * took. A request refused because its signature does not verify is a warning carrying the string
 * the simulator verified over (secrets replaced by placeholders: the channel's signingString),
 * so a user can diff it against the one they signed; a failure of the simulator itself is an
 * error. Nothing is formatted unless its level is on: this runs on every request.
 */
import type { Operation, WireReply, WireRequest } from './channel.ts';
import type { SimError } from './errors.ts';
import type { JournalEntry } from './journal.ts';
import type { Sim } from './sim.ts';

export function logRequest<R>(
  sim: Sim<R>,
  entry: JournalEntry,
  reply: WireReply,
  request: WireRequest,
  error: SimError | undefined,
  op: Operation<R> | undefined,
): void {
  const { log, channel } = sim;
  const level =
    error?.code === 'SIM_ERR_INTERNAL' ? 'error' : error?.code === 'SIM_ERR_WIRE_SIGNATURE' ? 'warn' : 'info';
  if (!log.isLevelEnabled(level)) return;
  // a refusal is the upstream's own answer too (UnionPay 11, LFT EP99999): its code belongs on the line
  let code: string | undefined;
  try {
    code = channel.wire.resultCode?.(reply);
  } catch {
    code = undefined; // a faulted reply (empty, garbage) carries no code
  }
  const fields: Record<string, unknown> = {
    kind: 'request',
    op: op?.name,
    path: request.path,
    order: entry.orderKey,
    scenario: entry.scenario,
    status: reply.status,
    code,
    error: error?.code,
    fault: entry.fault,
    ms: entry.durationMs,
    journal: entry.id,
  };
  const head = `${op?.name ?? `POST ${request.path}`} → ${reply.status}${code ? ` ${code}` : ''}${error ? ` ${error.code}` : ''}`;
  const tail = [
    entry.orderKey && `order ${entry.orderKey}`,
    entry.scenario && `scenario ${entry.scenario}`,
    entry.fault && `fault ${entry.fault}`,
    `${entry.durationMs}ms`,
    `journal ${entry.id}`,
  ]
    .filter(Boolean)
    .join(', ');
  if (level === 'info') return log.info(fields, `${head} (${tail})`);
  if (level === 'error') {
    fields.err = error?.cause ?? error;
    return log.error(fields, `${head}: the simulator failed: ${error!.message} (${tail})`);
  }
  let signed: string | undefined;
  try {
    signed = channel.wire.signingString?.(request, sim.runtime);
  } catch {
    signed = undefined; // a body the channel cannot even take apart: nothing to show
  }
  fields.signingString = signed;
  log.warn(
    fields,
    `${head}: refused, the signature does not verify: ${error!.message} (${tail})${signed === undefined ? '' : `; the simulator verified over: ${signed}`}`,
  );
}
