/**
 * The error handler of the admin API and the dashboard (each its own Fastify scope): Fastify's
 * own refusals (a body too large, an unsupported media type) keep their 4xx status as
 * SIM_ERR_ADMIN_BAD_REQUEST, anything else is the SimError it is or becomes, answered as admin
 * JSON. The simulator's own failures are logged here: the server has no Fastify logger.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { SimError, toSimError } from './errors.ts';
import type { Sim } from './sim.ts';

export function adminErrorHandler(sim: Sim<unknown>) {
  return async (e: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const status = (e as { statusCode?: number }).statusCode;
    // a 4xx status on the error is kept (Fastify's, or one the admin scope's own parser set)
    const own = status !== undefined && status >= 400 && status < 500 ? status : undefined;
    const err =
      own !== undefined && !(e instanceof SimError)
        ? new SimError('SIM_ERR_ADMIN_BAD_REQUEST', e.message)
        : toSimError(e);
    if (err.code === 'SIM_ERR_INTERNAL')
      sim.log.error({ err: e, url: req.url }, `${req.method} ${req.url}: the simulator failed: ${err.message}`);
    return reply.code(own ?? err.status).send({ error: { code: err.code, message: err.message } });
  };
}
