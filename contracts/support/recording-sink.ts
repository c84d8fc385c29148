/**
 * A merchant's notify endpoint for provider verification: a plain HTTP server on loopback that
 * records every callback (path and body) and answers each with the channel's acknowledgement.
 * Provider states read what it received; it checks nothing itself (verifying a callback is the
 * message pacts' job).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  /** the sink path the simulator posted to */
  path: string;
  body: string;
}

export interface RecordingSink {
  /** http://127.0.0.1:<port> */
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startRecordingSink(ack: string): Promise<RecordingSink> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'text/plain' }).end(ack);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    async close() {
      // the simulator's fetch keeps its connection to the sink alive
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
