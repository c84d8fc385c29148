/**
 * The outbound `send()` port: one HTTP try of a callback. The real adapter uses Node's fetch with
 * a timeout; tests pass a scripted sink. Never throws for HTTP statuses, only for transport errors.
 */
import type { OutboundRequest } from './channel.ts';

export interface SendResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Send = (req: OutboundRequest, timeoutMs: number) => Promise<SendResult>;

export const httpSend: Send = async (req, timeoutMs) => {
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'manual',
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, body: await res.text() };
};
