/**
 * `channel-sim orders list|show|event` and `channel-sim pos swipe`: a running simulator's orders
 * and the outside-world events that move them (the payer swipes at the POS terminal, funds
 * arrive…), through its admin API. What an event does is the channel's and the scenario's.
 */
import type { OrderView } from '../clients/admin.ts';
import { ADMIN_OPTIONS_HELP, connect } from './admin-client.ts';
import { expectPositionals, parseCommand, print, printJson, table, usageError, type Parsed } from './args.ts';

export const ordersHelp = `Usage: channel-sim orders list [--kind <kind>] [--limit <n>] [--json]
       channel-sim orders show <key|alias> [--json]
       channel-sim orders event <key|alias> <event> [--json]

list   orders of a running simulator (--kind: one of the channel's kinds, e.g. LFT's payin)
show   one order: state, aliases, scenario, history, data; an alias such as a POS code works
event  fire an outside-world event on an order; the order's scenario decides what it results in
       (each channel's events are listed by channel-sim --help)

${ADMIN_OPTIONS_HELP}`;

export const posHelp = `Usage: channel-sim pos swipe <posCode> [--json]

LFT: the payer swipes a card on the POS terminal with the six-digit code a POS prepay returned
(same as: channel-sim orders event <posCode> swipe). The pay notification follows per the
order's scenario.

Options:
  --url <base URL>     the LFT simulator (default http://<host>:<--port-lft, 8105>)
  --admin-token <t>    admin token (SIM_ADMIN_TOKEN)
  --json               machine-readable output
  -h, --help`;

const OWN = { kind: { type: 'string' }, limit: { type: 'string' } } as const;

export async function ordersCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv, OWN);
  const [sub] = p.positionals;
  if (p.help) return (print(ordersHelp), 0);
  if (sub === 'list') {
    expectPositionals(p, ['list'], 'channel-sim orders list');
    const kind = typeof p.flags.kind === 'string' ? p.flags.kind : undefined;
    const limit = typeof p.flags.limit === 'string' ? p.flags.limit : undefined;
    if (limit !== undefined && !/^\d+$/.test(limit)) throw usageError(`--limit: "${limit}" is not a number`);
    const orders = await connect(p).admin.orders({ kind, limit });
    if (p.json) return (printJson(orders), 0);
    if (!orders.length) return (print('no orders'), 0);
    const rows = orders.map((o) => [
      o.key,
      o.kind,
      o.state + (o.reason ? ` (${o.reason})` : ''),
      o.aliases.join(','),
      o.scenario,
      o.updatedAt,
    ]);
    for (const line of table(['KEY', 'KIND', 'STATE', 'ALIASES', 'SCENARIO', 'UPDATED'], rows)) print(line);
    return 0;
  }
  if (sub === 'show') {
    const [, key] = expectPositionals(p, ['show', 'key'], 'channel-sim orders show <key|alias>');
    return showOrder(p, await connect(p).admin.order(key!));
  }
  if (sub === 'event') {
    const [, key, event] = expectPositionals(
      p,
      ['event', 'key', 'event'],
      'channel-sim orders event <key|alias> <event>',
    );
    return afterEvent(p, event!, await connect(p).admin.event(key!, event!));
  }
  if (sub === undefined)
    throw usageError('missing subcommand: orders list | show <key> | event <key> <event> (see --help)');
  throw usageError(`unknown subcommand "orders ${sub}" (list, show, event)`);
}

export async function posCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  const [sub] = p.positionals;
  if (p.help) return (print(posHelp), 0);
  if (sub !== 'swipe')
    throw usageError(
      sub === undefined ? 'usage: channel-sim pos swipe <posCode>' : `unknown subcommand "pos ${sub}" (swipe)`,
    );
  const [, posCode] = expectPositionals(p, ['swipe', 'posCode'], 'channel-sim pos swipe <posCode>');
  return afterEvent(p, 'swipe', await connect(p, 'lft').admin.event(posCode!, 'swipe'));
}

function afterEvent(p: Parsed, event: string, o: OrderView): number {
  if (p.json) return (printJson(o), 0);
  const last = o.history.at(-1);
  print(
    `${event}: ${o.key} (${o.kind}) is ${o.state}${o.reason ? ` (${o.reason})` : ''}${last ? `, last move ${last.from} → ${last.to} at ${last.at}` : ''}`,
  );
  return 0;
}

function showOrder(p: Parsed, o: OrderView): number {
  if (p.json) return (printJson(o), 0);
  print(`${o.key}  ${o.kind}  ${o.state}${o.reason ? ` (${o.reason})` : ''}`);
  print(`  merchant  ${o.merchant}`);
  if (o.aliases.length) print(`  aliases   ${o.aliases.join(', ')}`);
  print(`  scenario  ${o.scenario}  (${o.scenarioWhy})`);
  print(`  created   ${o.createdAt}   updated ${o.updatedAt}`);
  if (o.history.length) {
    print('  history');
    for (const h of o.history) print(`    ${h.at}  ${h.from} → ${h.to}  ${h.cause}`);
  }
  print('  data');
  for (const [k, v] of Object.entries(o.data))
    if (v !== undefined) print(`    ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return 0;
}
