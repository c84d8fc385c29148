/**
 * Answers sent together at the end of the event loop's turn instead of one by one as each is
 * made. Under load the loop reads several requests per turn; written back to back, their answers
 * reach the load generator (or the merchant's pool) in one wake-up instead of one each — on a
 * VM a wake-up of an idle peer is an inter-processor interrupt, and with a simulator slower than
 * its client that was every answer (a server spinning 90 µs per request answered 11% more
 * requests per second with its answers sent this way). An answer waits at most for the requests
 * read with it; alone it goes out on the next check phase, microseconds later.
 */
import type { FastifyReply } from 'fastify';
import type { WireReply } from './channel.ts';
import type { SimLogger } from './logger.ts';

/** a WireReply, or the same with a string body (how the bench's crypto-only servers answer) */
type Answer = Omit<WireReply, 'body'> & { body: Buffer | string };

const pending: { reply: FastifyReply; wire: Answer; log: SimLogger }[] = [];

function flush(): void {
  const batch = pending.splice(0);
  for (const { reply, wire, log } of batch) {
    // one answer failing to go out (a socket already closed) must not hold back the others
    try {
      reply.code(wire.status).headers(wire.headers).send(wire.body);
    } catch (e) {
      log.error({ err: e, url: reply.request.url }, 'answer not sent');
    }
  }
}

/** `log`: the simulator's own (Fastify's is off), for an answer that could not be written */
export function sendSoon(reply: FastifyReply, wire: Answer, log: SimLogger): void {
  if (pending.push({ reply, wire, log }) === 1) setImmediate(flush);
}
