/**
 * The one Pact provider starter: a channel's real simulator (buildServer with the repository's
 * scenarios, a manual clock, a temporary data directory) listening on a free loopback port, and
 * an admin client for it. Each channel's provider module adds only what its states need (LFT: a
 * reference client and a notification sink; UnionPay: the merchant credentials it reads from
 * GET /__admin/credentials). Everything here drives the simulator through its public surface,
 * the wire and the admin API; it must not reach into the simulator's store, keys or dispatcher.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadScenarios } from '../../scenarios/load-scenarios.ts';
import { buildServer } from '../../simulators/core/build-server.ts';
import type { AnyChannel, ChannelConfig } from '../../simulators/core/channel.ts';
import { createClock } from '../../simulators/core/clock.ts';

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
  /** forget every order, delivery, override and remembered request id */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const SCENARIOS_DIR = join(import.meta.dirname, '..', '..', 'scenarios');

export async function startProvider(channel: AnyChannel, o: ProviderOptions): Promise<StartedProvider> {
  const dataDir = mkdtempSync(join(tmpdir(), `${channel.name}-contract-`));
  const clock = createClock({ mode: 'manual', start: o.now });
  const app = buildServer(channel, {
    scenarios: loadScenarios(SCENARIOS_DIR, channel),
    config: { ...o.config, dataDir },
    clock,
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  async function admin(method: 'GET' | 'POST', path: string, body?: object): Promise<unknown> {
    const res = await fetch(`${baseUrl}/__admin${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${method} ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as unknown;
  }

  return {
    baseUrl,
    now: () => clock.now(),
    admin,
    async reset() {
      await admin('POST', '/reset');
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
