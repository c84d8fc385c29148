/**
 * The CLI's way into a running simulator: the admin API over HTTP, with the admin token when one
 * is configured. It turns the admin API's {"error":{code,message}} and a refused connection into
 * one readable line; it knows no route's meaning.
 */
import { localUrl } from '../simulators/config.ts';
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
  const channel = given !== undefined && p.flags.channel === undefined && !fixedChannel ? 'channel-sim' : channelOf(p, fixedChannel);
  const config = p.config();
  if (given !== undefined && !/^https?:\/\/[^/]/.test(given)) throw new CliError(`--url: "${given}" is not an http(s) URL`, 2);
  const url = (given ?? localUrl(config, channel)).replace(/\/+$/, '').replace(/\/__admin$/, '');
  return { channel, url, token: config.admin.token };
}

export async function adminCall<T = unknown>(t: AdminTarget, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (t.token) headers['x-admin-token'] = t.token;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${t.url}/__admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
    throw new CliError(`cannot reach the ${t.channel} simulator at ${t.url} (${cause}); is it running? start it with: npx channel-sim start (or pass --url)`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${t.url}${path}: HTTP ${res.status}, not a channel-sim admin answer`);
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } }).error;
    throw new CliError(err ? `${err.code}: ${err.message}` : `HTTP ${res.status} from ${t.url}/__admin${path}`);
  }
  return json as T;
}

export const enc = encodeURIComponent;

/** the options every command that talks to a running simulator takes, for --help texts */
export const ADMIN_OPTIONS_HELP = `Options:
  --channel <name>     which simulator (default: the only implemented one)
  --url <base URL>     its base URL (default http://<host>:<port of the channel>)
  --admin-token <t>    admin token (SIM_ADMIN_TOKEN)
  --json               machine-readable output
  -h, --help`;
