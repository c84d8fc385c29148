/**
 * The registry of upstreams: the five channels, each on its own well-known port (8101–8105).
 * Only the composition root, the config, the CLI and the tests read it; the core never does. What
 * follows from it by itself: config flags and ports, `channel-sim start`, `credentials`, `health`
 * and --help, the Docker health check, and the suites that iterate it (conformance, compose).
 * What a new channel adds besides its folder and its line here: a conformance fixture, a compose
 * service, README sections, Pact contracts and a bench suite — docs/adding-a-channel.md lists
 * them, and the conformance and compose tests fail until they are there.
 */
import type { AnyChannel } from './core/channel.ts';
import { dsp } from './dsp/index.ts';
import { lakala } from './lakala/index.ts';
import { lft } from './lft/index.ts';
import { unionpay } from './unionpay/index.ts';
import { withhold } from './withhold/index.ts';

/** the channels, by name */
export const channels: Record<string, AnyChannel> = { lakala, dsp, unionpay, withhold, lft };

/** every channel name, in port order */
export const channelNames: string[] = Object.values(channels)
  .sort((a, b) => a.defaultPort - b.defaultPort)
  .map((c) => c.name);

export function defaultPortOf(name: string): number {
  const port = channels[name]?.defaultPort;
  if (port === undefined) throw new Error(`unknown channel ${name}`);
  return port;
}
