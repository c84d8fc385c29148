/**
 * The package's entry (`import … from 'channel-sim'`): the library API for test runners and the
 * types a test meets through it. The reference clients are their own entries
 * (`channel-sim/clients/lft`, `channel-sim/clients/unionpay`, …, `channel-sim/clients/admin`).
 */
export {
  startSimulators,
  type ChannelSimulator,
  type StartedSimulators,
  type StartSimulatorsOptions,
} from './simulators/library.ts';
export type { ChannelName, ClientOf, ClientOptionsOf } from './clients/reference-clients.ts';
export { AdminError, createAdminClient, parseDuration } from './clients/admin.ts';
export type * from './clients/admin.ts';
export type { OutboundRequest } from './simulators/core/channel.ts';
export type { Send, SendResult } from './simulators/core/send.ts';
