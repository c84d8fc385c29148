/**
 * `channel-sim callbacks list|replay`: the callbacks a running simulator has sent (deliveries and
 * their attempts) and replaying one, re-signed or byte for byte, through its admin API.
 */
import { ADMIN_OPTIONS_HELP, connect } from './admin-client.ts';
import { expectPositionals, parseCommand, print, printJson, table, usageError } from './args.ts';

export const callbacksHelp = `Usage: channel-sim callbacks list [--order <key>] [--status <status>] [--json]
       channel-sim callbacks replay <deliveryId> [--exact] [--json]

list    callback deliveries of a running simulator, newest last, with their attempts
        (status: scheduled | retrying | acked | gave-up | skipped)
replay  send a delivery again: re-signed from the order as it is now (default), or with
        --exact the very bytes sent last time (a replayed notification)

${ADMIN_OPTIONS_HELP}`;

const OWN = { order: { type: 'string' }, status: { type: 'string' }, exact: { type: 'boolean' } } as const;
const STATUSES = ['scheduled', 'retrying', 'acked', 'gave-up', 'skipped'];

export async function callbacksCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv, OWN);
  const [sub] = p.positionals;
  if (p.help) return (print(callbacksHelp), 0);
  if (sub === 'list') {
    expectPositionals(p, ['list'], 'channel-sim callbacks list');
    const status = p.flags.status as string | undefined;
    if (status !== undefined && !STATUSES.includes(status))
      throw usageError(`--status: "${status}" is not one of ${STATUSES.join(', ')}`);
    const order = typeof p.flags.order === 'string' ? p.flags.order : undefined;
    const deliveries = await connect(p).admin.callbacks({ order, status: status || undefined });
    if (p.json) return (printJson(deliveries), 0);
    if (!deliveries.length) return (print('no callbacks'), 0);
    const rows = deliveries.map((d) => {
      const last = d.attempts.at(-1);
      const result = last
        ? last.response
          ? `HTTP ${last.response.status} ${snippet(last.response.body)}`
          : (last.error ?? '')
        : '';
      return [
        d.id,
        d.event,
        d.orderKey,
        d.status,
        String(d.attempts.length),
        d.nextAt ? iso(d.nextAt) : '',
        last ? `${last.request.url}  ${result}` : '',
      ];
    });
    for (const line of table(['ID', 'EVENT', 'ORDER', 'STATUS', 'TRIES', 'NEXT', 'LAST ATTEMPT'], rows)) print(line);
    return 0;
  }
  if (sub === 'replay') {
    const [, id] = expectPositionals(
      p,
      ['replay', 'deliveryId'],
      'channel-sim callbacks replay <deliveryId> [--exact]',
    );
    const mode = p.flags.exact === true ? 'exact' : 'resign';
    const d = await connect(p).admin.replay(id!, mode);
    if (p.json) return (printJson(d), 0);
    const last = d.attempts.at(-1);
    print(
      `replayed ${id} as ${d.id} (${mode}): ${d.status}${last?.response ? `, HTTP ${last.response.status} ${snippet(last.response.body)}` : last?.error ? `, ${last.error}` : ''}`,
    );
    return 0;
  }
  if (sub === undefined) throw usageError('missing subcommand: callbacks list | callbacks replay <id> (see --help)');
  throw usageError(`unknown subcommand "callbacks ${sub}" (list, replay)`);
}

const iso = (ms: number) => new Date(ms).toISOString();
const snippet = (s: string) => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
