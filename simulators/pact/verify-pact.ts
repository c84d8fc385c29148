/**
 * `channel-sim verify-pact` without the command line: Pact's verifier replays a merchant's own
 * pacts (files, URLs, or a broker's) against one channel's simulator — started here in the
 * process (a temporary data directory, a manual clock by default) unless `url` names a running
 * one — through verify-filter.ts (provider states → scenarios and setups, the channel's
 * re-signing) and answers the per-interaction report. @pact-foundation/pact is an optional peer
 * dependency (native code, tens of MB): loaded only here, with a message saying how to install
 * it. Pact's verifier prints its own report on the process's stdout: callers that want a quiet
 * run use it from a child process (verify-child.ts).
 */
import { readFileSync } from 'node:fs';
import { createAdminClient, type AdminClient, type Credentials } from '../../clients/admin.ts';
import { referenceClients, type ChannelName } from '../../clients/reference-clients.ts';
import { startSimulators } from '../library.ts';
import { channelResigners } from './channel-resigner.ts';
import type { StateTable } from './provider-states.ts';
import { createVerifyFilter, type StateLog } from './verify-filter.ts';
import { buildReport, statesOf, type VerifyReport } from './verify-report.ts';

export interface VerifyPactOptions {
  channel: ChannelName;
  /** pact files or URLs */
  pacts: string[];
  /** a Pact Broker (or PactFlow): its pacts for `provider` are verified */
  broker?: { url: string; provider: string; token?: string; username?: string; password?: string };
  /** a running simulator instead of one started here */
  url?: string;
  adminToken?: string;
  clock?: 'manual' | 'system';
  states?: StateTable;
  ignoreUnknownStates?: boolean;
  /** withhold: the AES key the merchant's pact was encrypted with */
  pactKey?: string;
}

interface Target {
  baseUrl: string;
  admin: AdminClient;
  credentials: Credentials;
  now(): number;
  /** re-reads a running simulator's clock */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const PACT_MISSING =
  'verify-pact needs @pact-foundation/pact (16.x), an optional peer dependency: npm install --save-dev @pact-foundation/pact@16';

async function loadVerifier() {
  try {
    return (await import('@pact-foundation/pact')).Verifier;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') throw new Error(PACT_MISSING);
    throw e;
  }
}

async function startTarget(o: VerifyPactOptions): Promise<Target> {
  if (o.url === undefined) {
    const sims = await startSimulators({ channels: [o.channel], clock: o.clock ?? 'manual' });
    const sim = sims[o.channel];
    return { ...sim, sync: async () => {}, close: sims.close };
  }
  const admin = createAdminClient({ baseUrl: o.url, token: o.adminToken });
  const credentials = await admin.credentials();
  if (credentials.channel !== o.channel)
    throw new Error(`${o.url} is the ${credentials.channel} simulator, not ${o.channel}`);
  let offset = 0;
  const sync = async () => void (offset = Date.parse((await admin.clock()).now) - Date.now());
  await sync();
  return { baseUrl: admin.baseUrl, admin, credentials, now: () => Date.now() + offset, sync, close: async () => {} };
}

/** each pact document, for the provider states of its interactions (a broker's are not read) */
async function readPacts(pacts: string[], token: string | undefined): Promise<Map<string, string[]>> {
  const states = new Map<string, string[]>();
  for (const p of pacts) {
    const text = /^https?:\/\//.test(p)
      ? await fetch(p, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then((r) => r.text())
      : readFileSync(p, 'utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new Error(`${p} is not a pact file (not JSON)`);
    }
    for (const [d, s] of statesOf(doc)) states.set(d, s);
  }
  return states;
}

export async function verifyPact(o: VerifyPactOptions): Promise<VerifyReport> {
  const Verifier = await loadVerifier();
  const states = await readPacts(o.pacts, o.broker?.token);
  const target = await startTarget(o);
  try {
    const log: StateLog = { unknown: new Set(), failed: new Map(), ignored: new Set() };
    const values = new Map<string, unknown>();
    const notes = new Set<string>();
    const factory = referenceClients[o.channel] as (x: Omit<Target, 'sync' | 'close' | 'admin'>) => object;
    const filter = createVerifyFilter({
      target: { channel: o.channel, admin: target.admin, client: () => factory(target), sync: target.sync },
      states: o.states ?? {},
      ignoreUnknownStates: o.ignoreUnknownStates === true,
      resigner: channelResigners[o.channel]!({
        credentials: target.credentials,
        now: target.now,
        pactKey: o.pactKey,
        values,
        note: (why) => void notes.add(why),
      }),
      log,
      values,
    });
    const verifier = new Verifier({
      provider: o.broker?.provider ?? `${o.channel}-simulator`,
      providerBaseUrl: target.baseUrl,
      ...(o.pacts.length ? { pactUrls: o.pacts } : {}),
      ...(o.broker
        ? {
            pactBrokerUrl: o.broker.url,
            // pact-js refuses a broker without selectors; none sent: the broker's defaults (the main
            // branch's latest, every deployed and released version)
            consumerVersionSelectors: [],
            ...(o.broker.token ? { pactBrokerToken: o.broker.token } : {}),
            ...(o.broker.username ? { pactBrokerUsername: o.broker.username } : {}),
            ...(o.broker.password ? { pactBrokerPassword: o.broker.password } : {}),
          }
        : {}),
      logLevel: 'error',
      requestFilter: filter,
    });
    let raw: string;
    try {
      raw = String(await verifier.verifyProvider());
    } catch (e) {
      raw = (e as Error).message;
      if (!raw.trimStart().startsWith('{')) throw new Error(`Pact's verifier could not run: ${raw}`);
    }
    return buildReport(raw, { channel: o.channel, baseUrl: target.baseUrl, states, ...log, notes });
  } finally {
    await target.close();
  }
}
