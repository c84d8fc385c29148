/**
 * `channel-sim health`: whether every simulator the configuration starts (SIM_CHANNELS, ports,
 * admin token) answers its /__admin/health, one line each; exit 0 only when all do. It is the
 * Docker health check, so the image checks whichever channels it runs without naming any.
 */
import { localUrl } from '../simulators/config.ts';
import { adminFor } from './admin-client.ts';
import { expectPositionals, parseCommand, print, printJson } from './args.ts';

export const healthHelp = `Usage: channel-sim health [--channels <a,b>] [--json]

Ask each simulator the configuration starts (--channels / SIM_CHANNELS, --port-<channel> /
SIM_PORT_<CHANNEL>, --admin-token / SIM_ADMIN_TOKEN) for /__admin/health; exit 0 when every one
answers, 1 otherwise. Docker's health check runs it inside the container.

Options:
  --channels <a,b>, --host, --port-<channel>, --admin-token <t>, --json, -h/--help`;

export async function healthCommand(argv: string[]): Promise<number> {
  const p = parseCommand(argv);
  if (p.help) return (print(healthHelp), 0);
  expectPositionals(p, [], 'channel-sim health');
  const config = p.config();
  const results = await Promise.all(
    config.channels.map(async (channel) => {
      const url = localUrl(config, channel);
      try {
        await adminFor({ channel, url, token: config.admin.token }).health();
        return { channel, url, healthy: true };
      } catch (e) {
        return { channel, url, healthy: false, error: (e as Error).message };
      }
    }),
  );
  if (p.json) printJson(results);
  else for (const r of results) print(`${r.channel} ${r.url}: ${r.healthy ? 'healthy' : `not healthy (${r.error})`}`);
  return results.length > 0 && results.every((r) => r.healthy) ? 0 : 1;
}
