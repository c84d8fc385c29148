/**
 * Who may use the admin API: by default only loopback clients, and when a token is configured
 * only requests carrying it (x-admin-token or Authorization: Bearer). Compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

export interface AdminOptions {
  token?: string;
  /** allow non-loopback clients (Docker); pair it with a token */
  allowRemote?: boolean;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function adminRefusal(req: FastifyRequest, opts: AdminOptions): string | undefined {
  const addr = req.socket?.remoteAddress ?? '127.0.0.1';
  if (!opts.allowRemote && !LOOPBACK.test(addr)) return `admin API is loopback-only (client ${addr}); start with --admin-remote and a token`;
  if (!opts.token) return undefined;
  const auth = req.headers.authorization;
  const given = (req.headers['x-admin-token'] as string | undefined) ?? (auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
  if (!given) return 'admin token required (x-admin-token header or Authorization: Bearer)';
  const a = Buffer.from(given);
  const b = Buffer.from(opts.token);
  return a.length === b.length && timingSafeEqual(a, b) ? undefined : 'admin token does not match';
}
