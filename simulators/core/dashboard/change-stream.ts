/**
 * The dashboard's live updates: a text/event-stream that sends one `change` event for every
 * change on any simulator of the process (`data: {"channel":…,"type":…}`) and a comment every
 * 15 s, so proxies and the page can tell a quiet stream from a dead one. Each stream holds one
 * listener per simulator, removed when the client goes away (the page closed, the fetch
 * aborted) or the server closes. Bounded: a client that stops reading is dropped once 1 MiB
 * waits for it (the page reconnects and reloads what it shows), and a change feed refuses
 * listeners past its limit (503, the stream is not opened).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Change } from '../change-feed.ts';
import type { Sibling } from './siblings.ts';

const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED = 1024 * 1024;

export function streamChanges(req: FastifyRequest, reply: FastifyReply, siblings: Sibling[]): void {
  const unsubscribe: (() => void)[] = [];
  try {
    for (const s of siblings)
      unsubscribe.push(s.sim.changes.subscribe((c: Change) => send({ channel: s.channel, ...c })));
  } catch (e) {
    for (const u of unsubscribe) u();
    const message = `too many live dashboards on this process (${(e as Error).message}); close one`;
    return void reply.code(503).send({ error: { code: 'SIM_ERR_ADMIN_BAD_REQUEST', message } });
  }
  const res = reply.raw;
  reply.hijack();
  res.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': 'text/event-stream; charset=utf-8',
    connection: 'keep-alive',
  });
  res.write(`retry: 2000\n: channel-sim dashboard stream\n\n`);
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let done = false;
  function close(): void {
    if (done) return;
    done = true;
    clearInterval(heartbeat);
    for (const u of unsubscribe) u();
    if (!res.destroyed) res.destroy();
  }
  function send(data: object): void {
    if (done) return;
    if (res.writableLength > MAX_BUFFERED) return close();
    res.write(`event: change\ndata: ${JSON.stringify(data)}\n\n`);
  }
  req.raw.on('close', close);
  res.on('close', close);
  res.on('error', close);
}
