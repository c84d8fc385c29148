/**
 * Who may use the admin API: by default only loopback clients, and when a token is configured
 * only requests carrying it (x-admin-token or Authorization: Bearer), compared in constant time.
 * Never a callback: the dispatcher marks every attempt (CALLBACK_MARKER), and a marked request is
 * refused whatever it carries, because callbacks come from loopback and a notify URL is the
 * merchant's to choose. It decides only; admin-routes.ts renders the refusal.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { SimErrorCode } from './errors.ts';
import { CALLBACK_MARKER } from './send.ts';

export interface AdminOptions {
  token?: string;
  /** allow non-loopback clients (Docker); pair it with a token */
  allowRemote?: boolean;
}

/** why a request may not use the admin API: 403 for who is asking, 401 for the token */
export interface AdminRefusal {
  code: Extract<SimErrorCode, 'SIM_ERR_ADMIN_FORBIDDEN' | 'SIM_ERR_ADMIN_UNAUTHORIZED'>;
  message: string;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

const forbidden = (message: string): AdminRefusal => ({ code: 'SIM_ERR_ADMIN_FORBIDDEN', message });
const unauthorized = (message: string): AdminRefusal => ({ code: 'SIM_ERR_ADMIN_UNAUTHORIZED', message });

export function adminRefusal(req: FastifyRequest, opts: AdminOptions): AdminRefusal | undefined {
  if (req.headers[CALLBACK_MARKER] !== undefined)
    return forbidden(`a callback (${CALLBACK_MARKER}) may not use the admin API`);
  const addr = req.socket?.remoteAddress ?? '127.0.0.1';
  if (!opts.allowRemote && !LOOPBACK.test(addr))
    return forbidden(`admin API is loopback-only (client ${addr}); start with --admin-remote and a token`);
  if (!opts.token) return undefined;
  const auth = req.headers.authorization;
  const given =
    (req.headers['x-admin-token'] as string | undefined) ?? (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
  if (!given) return unauthorized('admin token required (x-admin-token header or Authorization: Bearer)');
  const a = Buffer.from(given);
  const b = Buffer.from(opts.token);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : unauthorized('admin token does not match');
}
