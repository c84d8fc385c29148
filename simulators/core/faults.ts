/**
 * Named network faults a scenario step can ask for instead of a normal answer: the connection is
 * reset, an empty 200, garbage (the real answer cut in half, as a dying proxy sends), or no
 * answer at all until the client gives up. They act on the raw socket, so they are only
 * meaningful on a listening server (inject() has no socket to break).
 */
import type { FastifyReply } from 'fastify';
import type { Fault } from '../../scenarios/schema.ts';
import type { Clock } from './clock.ts';
import type { WireReply } from './channel.ts';

export async function applyFault(
  fault: Fault,
  reply: FastifyReply,
  wire: WireReply,
  clock: Clock,
  timeoutMs: number,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  const socket = res.socket;
  switch (fault) {
    case 'reset':
      // RST rather than FIN: the client sees ECONNRESET, as when an upstream's load balancer dies
      socket?.resetAndDestroy();
      return;
    case 'empty':
      res.writeHead(200, { 'content-length': '0', connection: 'close' });
      res.end();
      return;
    case 'garbage': {
      const cut = wire.body.subarray(0, Math.max(1, Math.floor(wire.body.length / 2)));
      const body = Buffer.concat([cut, Buffer.from([0xff, 0xfe, 0x00, 0x1b])]);
      res.writeHead(200, { ...wire.headers, 'content-length': String(body.length), connection: 'close' });
      res.end(body);
      return;
    }
    case 'timeout':
      // hold the connection open and silent; give up after timeoutMs of the clock, or when the
      // client leaves first
      await Promise.race([clock.sleep(timeoutMs), new Promise((r) => socket?.once('close', r))]);
      socket?.destroy();
      return;
  }
}
