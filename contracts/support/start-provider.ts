/**
 * The one Pact provider starter: a channel's real simulator started the way every test starts one
 * (test/support/simulator.ts: the repository's scenarios, a temporary data directory, the typed
 * admin client) on a manual clock at the contract's time, listening on a free loopback port, with
 * callbacks sent over real HTTP (the message pacts read what reached a sink). Each channel's
 * provider module adds only what its states need (LFT: a reference client and a notification
 * sink; UnionPay: the merchant credentials it reads from GET /__admin/credentials). Everything
 * here drives the simulator through its public surface, the wire and the admin API; it must not
 * reach into the simulator's store, keys or dispatcher.
 */
import type { AdminClient } from '../../clients/admin.ts';
import type { AnyChannel, ChannelConfig } from '../../simulators/core/channel.ts';
import { createClock } from '../../simulators/core/clock.ts';
import { startSimulator } from '../../test/support/simulator.ts';

export interface ProviderOptions {
  /** where the manual clock starts (ms since the epoch); it moves only by POST /__admin/clock/advance */
  now: number;
  /** configuration beyond the temporary data directory (LFT: the contract app's credentials) */
  config?: Omit<ChannelConfig, 'dataDir'>;
}

export interface StartedProvider {
  baseUrl: string;
  /** the simulator's clock */
  now(): number;
  /** one admin call (`path` under /__admin); throws on any HTTP status but 2xx */
  admin(method: 'GET' | 'POST', path: string, body?: object): Promise<unknown>;
  /** the typed admin client */
  adminClient: AdminClient;
  /** forget every order, delivery, override and remembered request id */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startProvider(channel: AnyChannel, o: ProviderOptions): Promise<StartedProvider> {
  const sim = await startSimulator(channel, {
    clock: createClock({ mode: 'manual', start: o.now }),
    ...(o.config?.credentials ? { credentials: o.config.credentials } : {}),
    send: 'http',
  });
  return {
    baseUrl: sim.baseUrl,
    now: sim.now,
    admin: (method, path, body) => sim.admin.request(method, path, body),
    adminClient: sim.admin,
    reset: async () => void (await sim.admin.reset()),
    close: sim.close,
  };
}
