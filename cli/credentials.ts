/**
 * `channel-sim credentials`: the test credentials of every implemented channel, as JSON keyed by
 * channel, with each simulator's base URL. A running simulator is asked first (its admin API, at
 * the address it wrote into the data dir, else its configured port): what it answers is what it
 * uses, and its base URL is the real one. Only when none answers are the files of the data dir
 * read (generated there on first use, as a server would). Either way a line on stderr says where
 * the answer came from, so credentials never silently differ from a running server's.
 */
import { readdirSync } from 'node:fs';
import { AdminError, createAdminClient } from '../clients/admin.ts';
import { baseUrlOf, type SimConfig } from '../simulators/config.ts';
import { descriptors } from '../simulators/descriptors.ts';
import { adminFor, adminTarget } from './admin-client.ts';
import { channelOf, expectPositionals, parseCommand, print, printJson, type Parsed } from './args.ts';

export const credentialsHelp = `Usage: channel-sim credentials [--channel <name>] [--data-dir <dir>] [--url <base URL>]

Print the test credentials (app ids, keys) as JSON keyed by channel (jq -r .lft.key), with each
simulator's base URL. A running simulator is asked first (on this data dir, or at its port);
without one they are read from the data directory (generated there on first use, mode 0600), the
same files a server started on it uses. A line on stderr says which it was.
Secrets are printed here on purpose; the servers never log them.

Options:
  --channel <name>     only this channel (default: every channel of --channels, all by default)
  --data-dir <dir>     data directory (SIM_DATA_DIR)
  --url <base URL>     ask the simulator at this URL (e.g. one in Docker); it must answer
  --admin-token <t>    admin token of a running simulator (SIM_ADMIN_TOKEN)
  --host, --port-<channel>, --public-url-<channel>   where to look for a running simulator
  -h, --help`;

const note = (line: string) => void process.stderr.write(`channel-sim: ${line}\n`);

/** how long a running simulator on this machine has to answer before the data dir is read */
const PROBE_MS = 2000;

/** the data dir's entries of one channel (its files and folders): to tell read from generated */
function entriesOf(dataDir: string, name: string): number {
  try {
    return readdirSync(dataDir).filter((f) => f === name || (f.startsWith(`${name}.`) && !f.endsWith('.running.json')))
      .length;
  } catch {
    return 0;
  }
}

/** the channel's own runtime on the data dir, as a server would build it; only this path loads the
 *  channels (their crypto and Fastify): asking a running simulator does not */
async function fromDataDir(config: SimConfig, name: string, probed: string): Promise<Record<string, unknown>> {
  const [{ channels }, { createClock }, { createChannelRuntime }] = await Promise.all([
    import('../simulators/channels.ts'),
    import('../simulators/core/clock.ts'),
    import('../simulators/core/sim.ts'),
  ]);
  const channel = channels[name]!;
  const before = entriesOf(config.dataDir, name);
  const runtime = createChannelRuntime(
    channel,
    { dataDir: config.dataDir, publicUrl: config.publicUrls[name] },
    createClock(),
  );
  const generated = entriesOf(config.dataDir, name) > before;
  note(
    `${name}: no simulator answers at ${probed}; ${generated ? `generated new credentials in ${config.dataDir} (a simulator started on this data dir will use them)` : `read from ${config.dataDir}`}`,
  );
  const baseUrl = baseUrlOf(config, name);
  return {
    channel: name,
    title: channel.title,
    baseUrl,
    adminUrl: `${baseUrl}/__admin`,
    ...channel.credentials(runtime),
  };
}

async function one(p: Parsed, name: string): Promise<Record<string, unknown>> {
  const config = p.config();
  const target = adminTarget(p, name);
  const probe = createAdminClient({ baseUrl: target.url, token: target.token, timeoutMs: PROBE_MS });
  try {
    const creds = await probe.credentials();
    note(`${name}: from the running simulator at ${target.url}`);
    const baseUrl = config.publicUrls[name] ?? target.url;
    return { title: descriptors[name]!.title, baseUrl, adminUrl: `${baseUrl}/__admin`, ...creds };
  } catch (e) {
    // a simulator that answers but refuses (a token) is the one to fix, not to work around
    if (!(e instanceof AdminError && e.code === 'ADMIN_UNREACHABLE')) return adminFor(target).credentials();
    return fromDataDir(config, name, target.url);
  }
}

export async function credentialsCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  if (p.help) return (print(credentialsHelp), 0);
  expectPositionals(p, [], 'channel-sim credentials [--channel <name>]');
  const config = p.config();
  if (typeof p.flags.url === 'string') {
    const target = adminTarget(p);
    const creds = await adminFor(target).credentials();
    const name = typeof creds.channel === 'string' ? creds.channel : target.channel;
    note(`${name}: from the running simulator at ${target.url}`);
    printJson({ [name]: { baseUrl: target.url, adminUrl: `${target.url}/__admin`, ...creds } });
    return 0;
  }
  const names = typeof p.flags.channel === 'string' ? [channelOf(p)] : config.channels;
  const all = await Promise.all(names.map((n) => one(p, n)));
  printJson(Object.fromEntries(names.map((n, i) => [n, all[i]])));
  return 0;
}
