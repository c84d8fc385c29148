/**
 * How every bench server writes its answer: as the simulator does (simulators/core/send-soon.ts),
 * together with the others of the event loop's turn. Held to the same write path, the simulator
 * and its crypto-only server differ by the pipeline only, not by how their answers reach the wire.
 */
import type { FastifyReply } from 'fastify';
import { silentLogger } from '../simulators/core/logger.ts';
import { sendSoon } from '../simulators/core/send-soon.ts';

export function answerLikeTheSim(
  reply: FastifyReply,
  headers: Record<string, string>,
  body: Buffer | string,
): FastifyReply {
  sendSoon(reply, { status: 200, headers, body }, silentLogger);
  return reply;
}
