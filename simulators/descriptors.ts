/**
 * The registry as the command line needs it before (or instead of) loading any channel: each
 * channel's name, title, default port and event names, from the small descriptor file in its
 * folder. `channel-sim --help`, the config's flags and ports and the admin commands read this;
 * only what runs a channel (start, the library, credentials from a data dir) loads
 * simulators/channels.ts, which pulls in every channel with its crypto and Fastify.
 */
import type { AnyChannel } from './core/channel.ts';
import { dspDescriptor } from './dsp/descriptor.ts';
import { lakalaDescriptor } from './lakala/descriptor.ts';
import { lftDescriptor } from './lft/descriptor.ts';
import { unionpayDescriptor } from './unionpay/descriptor.ts';
import { withholdDescriptor } from './withhold/descriptor.ts';

export type ChannelDescriptor = Pick<AnyChannel, 'name' | 'title' | 'defaultPort'> & {
  /** the channel's event operations (`orders event <key> <event>`), in its own order */
  events: readonly string[];
};

/** the channels, by name, as descriptors */
export const descriptors: Record<string, ChannelDescriptor> = {
  lakala: lakalaDescriptor,
  dsp: dspDescriptor,
  unionpay: unionpayDescriptor,
  withhold: withholdDescriptor,
  lft: lftDescriptor,
};

/** every channel name, in port order */
export const channelNames: string[] = Object.values(descriptors)
  .sort((a, b) => a.defaultPort - b.defaultPort)
  .map((c) => c.name);

export function defaultPortOf(name: string): number {
  const port = descriptors[name]?.defaultPort;
  if (port === undefined) throw new Error(`unknown channel ${name}`);
  return port;
}
