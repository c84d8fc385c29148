/**
 * The CLI's way into a running simulator: the typed admin client (clients/admin.ts) aimed at the
 * URL and token the flags and config name, with its AdminErrors turned into one readable line
 * (a refused connection, an answer that is not the admin API's, the admin API's own code and
 * message). It knows no route's meaning.
 */
import { AdminError, createAdminClient, type AdminClient } from '../clients/admin.ts';
import { localUrl } from '../simulators/config.ts';
import { readRunning } from '../simulators/core/running-file.ts';
import { CliError, channelOf, type Parsed } from './args.ts';

export interface AdminTarget {
  channel: string;
  /** the simulator's base URL, without /__admin */
  url: string;
  token?: string;
}

export function adminTarget(p: Parsed, fixedChannel?: string): AdminTarget {
  const given = typeof p.flags.url === 'string' ? p.flags.url : undefined;
  // with --url the simulator is named by its address: --channel only picks a default URL
  const channel =
    given !== undefined && p.flags.channel === undefined && !fixedChannel ? 'channel-sim' : channelOf(p, fixedChannel);
  const config = p.config();
  if (given !== undefined && !/^https?:\/\/[^/]/.test(given))
    throw new CliError(`--url: "${given}" is not an http(s) URL`, 2);
  // where it really listens (port 0, another port in the env of its shell) unless a port is named here
  const running = p.flags[`port-${channel}`] === undefined ? readRunning(config.dataDir, channel)?.url : undefined;
  const url = (given ?? running ?? localUrl(config, channel)).replace(/\/+$/, '').replace(/\/__admin$/, '');
  return { channel, url, token: config.admin.token };
}

function cliError(e: unknown, t: AdminTarget): unknown {
  if (!(e instanceof AdminError)) return e;
  switch (e.code) {
    case 'ADMIN_UNREACHABLE': {
      const cause =
        (e.cause as { cause?: { code?: string } } | undefined)?.cause?.code ?? (e.cause as Error | undefined)?.name;
      return new CliError(
        `cannot reach the ${t.channel} simulator at ${t.url} (${cause}); is it running? start it with: npx channel-sim start (or pass --url)`,
      );
    }
    case 'ADMIN_NOT_JSON':
      return new CliError(`${t.url}${e.path}: HTTP ${e.status}, not a channel-sim admin answer`);
    case 'ADMIN_HTTP':
      return new CliError(`HTTP ${e.status} from ${t.url}/__admin${e.path}`);
    default:
      return new CliError(`${e.code}: ${e.message}`);
  }
}

/** the admin client for one simulator; every method fails with a CliError */
export function adminFor(target: AdminTarget): AdminClient {
  const client = createAdminClient({ baseUrl: target.url, token: target.token, timeoutMs: 15_000 });
  return Object.fromEntries(
    Object.entries(client).map(([name, v]) => [
      name,
      typeof v === 'function'
        ? (...args: unknown[]) =>
            (v as (...a: unknown[]) => Promise<unknown>)(...args).catch((e: unknown) =>
              Promise.reject(cliError(e, target)),
            )
        : v,
    ]),
  ) as unknown as AdminClient;
}

/** the admin client for the simulator the flags name */
export function connect(p: Parsed, fixedChannel?: string): { target: AdminTarget; admin: AdminClient } {
  const target = adminTarget(p, fixedChannel);
  return { target, admin: adminFor(target) };
}

/** the options every command that talks to a running simulator takes, for --help texts */
export const ADMIN_OPTIONS_HELP = `Options:
  --channel <name>     which simulator; needed only when several could be meant (default: the
                       only one running on the data dir, or the only one in --channels)
  --url <base URL>     its base URL (default: where it runs, from <data dir>/<channel>.running.json,
                       else http://<host>:<port of the channel>)
  --admin-token <t>    admin token (SIM_ADMIN_TOKEN)
  --json               machine-readable output
  -h, --help`;
