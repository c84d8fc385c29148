/**
 * The registry of upstreams: the channels that are implemented, and the ports reserved for the
 * ones that are not yet, so every upstream keeps one well-known port (8101–8105) from day one.
 * Only the composition root, the config, the CLI and the tests read it; the core never does. What
 * follows from it by itself: config flags and ports, `channel-sim start`, `credentials`, `health`
 * and --help, the Docker health check, and the suites that iterate it (conformance, compose).
 * What a landing channel still adds besides its folder: a conformance fixture, a compose
 * service, README sections, Pact contracts and a bench suite — docs/adding-a-channel.md lists
 * them, and the conformance and compose tests fail until they are there.
 */
import type { AnyChannel } from './core/channel.ts';
import { lft } from './lft/index.ts';
import { unionpay } from './unionpay/index.ts';
import { withhold } from './withhold/index.ts';

/** implemented channels, by name */
export const channels: Record<string, AnyChannel> = { unionpay, withhold, lft };

export interface ReservedChannel {
  title: string;
  defaultPort: number;
}

/** upstreams that have a port and a name but no simulator yet */
export const reserved: Record<string, ReservedChannel> = {
  lakala: { title: 'Lakala (拉卡拉)', defaultPort: 8101 },
  dsp: { title: 'DSP', defaultPort: 8102 },
};

/** every known channel name, implemented or reserved, in port order */
export const channelNames: string[] = [
  ...Object.entries(reserved).map(([name, r]) => ({ name, port: r.defaultPort })),
  ...Object.values(channels).map((c) => ({ name: c.name, port: c.defaultPort })),
]
  .sort((a, b) => a.port - b.port)
  .map((c) => c.name);

export const implementedNames: string[] = channelNames.filter((n) => n in channels);

export function isImplemented(name: string): boolean {
  return name in channels;
}

export function defaultPortOf(name: string): number {
  const port = channels[name]?.defaultPort ?? reserved[name]?.defaultPort;
  if (port === undefined) throw new Error(`unknown channel ${name}`);
  return port;
}

export function titleOf(name: string): string {
  return channels[name]?.title ?? reserved[name]?.title ?? name;
}
