/**
 * The registry of upstreams: the five channels, each on its own well-known port (8101–8105).
 * Only the composition root, the config, the CLI and the tests read it; the core never does. What
 * follows from it by itself: config flags and ports, `channel-sim start`, `credentials`, `health`
 * and --help, the Docker health check, and the suites that iterate it (conformance, compose).
 * Importing this module loads every channel (Fastify, crypto, fakers); what needs only names,
 * titles, ports and events reads simulators/descriptors.ts, whose entries each channel's folder
 * supplies (descriptor.ts) and test/startup.test.ts holds to the channels here.
 * What a new channel adds besides its folder and its lines here and in descriptors.ts: a
 * conformance fixture, a compose service, README sections, Pact contracts and a bench suite —
 * docs/adding-a-channel.md lists them, and the conformance and compose tests fail until they are
 * there.
 */
import type { AnyChannel } from './core/channel.ts';
import { dsp } from './dsp/index.ts';
import { lakala } from './lakala/index.ts';
import { lft } from './lft/index.ts';
import { unionpay } from './unionpay/index.ts';
import { withhold } from './withhold/index.ts';

export { channelNames, defaultPortOf } from './descriptors.ts';

/** the channels, by name */
export const channels: Record<string, AnyChannel> = { lakala, dsp, unionpay, withhold, lft };
