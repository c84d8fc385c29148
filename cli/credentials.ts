/**
 * `channel-sim credentials`: the test credentials of every implemented channel, as JSON, with
 * each simulator's base URL. It reads (or, on first use, generates) the same files in the data
 * directory the servers use, so it works whether or not they are running; with --url it asks a
 * running simulator's admin API instead (a simulator in Docker keeps its own data directory).
 */
import { channels } from '../simulators/channels.ts';
import { baseUrlOf } from '../simulators/config.ts';
import { createClock } from '../simulators/core/clock.ts';
import { createChannelRuntime } from '../simulators/core/sim.ts';
import { connect } from './admin-client.ts';
import { channelOf, expectPositionals, parseCommand, print, printJson } from './args.ts';

export const credentialsHelp = `Usage: channel-sim credentials [--channel <name>] [--data-dir <dir>] [--url <base URL>]

Print the test credentials (app ids, keys) of every implemented channel as JSON, keyed by channel,
with each simulator's base URL. They are read from the data directory the servers use
(generated there on first use, mode 0600), so this works with or without running servers.
Secrets are printed here on purpose; the servers never log them.

Options:
  --channel <name>     only this channel
  --data-dir <dir>     data directory (SIM_DATA_DIR; default <repo>/.sim-data)
  --url <base URL>     ask a running simulator's admin API instead (e.g. one in Docker)
  --admin-token <t>    admin token for --url (SIM_ADMIN_TOKEN)
  --host, --port-<channel>, --public-url-<channel>   shape the base URLs printed
  -h, --help`;

export async function credentialsCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  if (p.help) return (print(credentialsHelp), 0);
  expectPositionals(p, [], 'channel-sim credentials [--channel <name>]');
  const config = p.config();
  if (typeof p.flags.url === 'string') {
    const { target: t, admin } = connect(p);
    const creds = await admin.credentials();
    printJson({ [t.channel]: { baseUrl: t.url, adminUrl: `${t.url}/__admin`, ...creds } });
    return 0;
  }
  const names = typeof p.flags.channel === 'string' ? [channelOf(p)] : config.channels;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const channel = channels[name]!;
    const runtime = createChannelRuntime(
      channel,
      { dataDir: config.dataDir, publicUrl: config.publicUrls[name] },
      createClock(),
    );
    const baseUrl = baseUrlOf(config, name);
    out[name] = {
      channel: name,
      title: channel.title,
      baseUrl,
      adminUrl: `${baseUrl}/__admin`,
      ...channel.credentials(runtime),
    };
  }
  printJson(out);
  return 0;
}
