/**
 * The withhold provider under verification: the simulator from startProvider (start-provider.ts)
 * with the contract merchant at the contract time, a reference client, a callback sink (a plain
 * HTTP server that records every callback and answers `success`), and the values the current
 * provider state made (unique_code, SMS code, protocol_no) for the re-encrypting resigner. It
 * drives the simulator only through the wire and the admin API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WITHHOLD_CALLBACK_ACK, createWithholdClient, type WithholdClient } from '../../clients/withhold.ts';
import { CONTRACT_NOW, EXAMPLE, WITHHOLD_CHANNEL, WITHHOLD_MERCHANT } from './withhold-fixtures.ts';
import { startProvider, type StartedProvider } from './start-provider.ts';

export interface WithholdProvider extends StartedProvider {
  sinkUrl: string;
  client: WithholdClient;
  /** example value → the value the current state made (what the resigner substitutes in args) */
  current: Map<string, string>;
  advance(ms: number): Promise<void>;
  /** the newest callback the sink received about an order */
  callback(bizOrderNo: string): string;
}

export async function startWithholdProvider(): Promise<WithholdProvider> {
  const sim = await startProvider(WITHHOLD_CHANNEL, { now: CONTRACT_NOW, config: { credentials: WITHHOLD_MERCHANT } });
  const received: string[] = [];
  const sink = await listen(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'text/plain' }).end(WITHHOLD_CALLBACK_ACK);
      });
    }),
  );
  const current = new Map<string, string>();
  return {
    ...sim,
    sinkUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/notify`,
    client: createWithholdClient({ baseUrl: `${sim.baseUrl}/`, ...WITHHOLD_MERCHANT, now: sim.now }),
    current,
    async reset() {
      await sim.reset();
      received.length = 0;
      current.clear();
      for (const v of Object.values(EXAMPLE)) current.set(v, v);
    },
    async advance(ms) {
      await sim.admin('POST', '/clock/advance', { ms });
    },
    callback(bizOrderNo) {
      const hit = received.filter((b) => b.includes(bizOrderNo)).at(-1);
      if (!hit) throw new Error(`no callback about ${bizOrderNo}; received ${received.length}`);
      return hit;
    },
    async close() {
      await sim.close();
      sink.closeAllConnections();
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    },
  };
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
