/**
 * The outbound `send()` port: one HTTP try of a callback. The real adapter uses Node's fetch with
 * a timeout and never follows a redirect; tests pass a scripted sink. Never throws for HTTP
 * statuses, only for transport errors. A callback must never reach a simulator's own admin API
 * (a notify URL of http://127.0.0.1:<port>/__admin/reset would be obeyed: callbacks come from
 * loopback): adminTargetRefusal() says why a URL is refused, and every callback carries
 * CALLBACK_MARKER, which the admin guard refuses (admin-auth.ts).
 */
import type { OutboundRequest } from './channel.ts';

export interface SendResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Send = (req: OutboundRequest, timeoutMs: number) => Promise<SendResult>;

/** the header every callback attempt carries (delivery id / attempt number) */
export const CALLBACK_MARKER = 'x-sim-callback';

/** the path segment under which every simulator serves its admin API */
const ADMIN_SEGMENT = '__admin';

/**
 * Why a callback may not go to `url`, or undefined. The path is read as a server would route it:
 * dot segments resolved and backslashes turned to slashes (WHATWG URL), percent-encoding undone
 * until it stops changing (`/%5F%5Fadmin`, `/%255F…`), case folded; any segment `__admin`
 * refuses it, also behind a path prefix (`/sim/__admin`, a proxy in front of a simulator).
 */
export function adminTargetRefusal(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined; // not a URL: the send itself fails and says so
  }
  for (let i = 0; i < 5; i++) {
    let next: string;
    try {
      next = decodeURIComponent(path);
    } catch {
      break;
    }
    if (next === path) break;
    path = next;
  }
  const segments = path.toLowerCase().split(/[/\\;]+/);
  return segments.includes(ADMIN_SEGMENT)
    ? `refused: the notify URL ${url} points at a simulator admin API (/${ADMIN_SEGMENT}); callbacks never reach it`
    : undefined;
}

export const httpSend: Send = async (req, timeoutMs) => {
  const refusal = adminTargetRefusal(req.url);
  if (refusal) throw new Error(refusal);
  const res = await fetch(req.url, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    signal: AbortSignal.timeout(timeoutMs),
    // a redirect is the merchant's answer, never followed: it could point at an admin API
    redirect: 'manual',
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, body: await res.text() };
};
