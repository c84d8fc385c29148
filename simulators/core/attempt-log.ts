/**
 * The log line of one callback attempt: which event of which delivery went where (and for which
 * notify URL, when forwarded), what came back, whether it counts as acknowledged, and when the
 * next try is due; a delivery given up on is a warning. Headers and bodies stay in the journal:
 * a callback's body is signed with the merchant's key, but no key is in it, and none is logged.
 */
import type { Attempt, Delivery } from './callback-dispatcher.ts';
import type { SimLogger } from './logger.ts';

/** 15s, 3m, 1h30m: a wait as a person reads it */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = Math.round(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(s / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join('');
}

export function logAttempt(log: SimLogger, delivery: Delivery, a: Attempt): void {
  // a replay is one try on request: not a give-up of the schedule
  const gaveUp = delivery.status === 'gave-up' && !delivery.replayOf;
  const level = gaveUp ? 'warn' : 'info';
  if (!log.isLevelEnabled(level)) return;
  const next = delivery.status === 'retrying' ? delivery.nextAt : undefined;
  const answer = a.response ? `HTTP ${a.response.status}` : (a.error ?? 'no answer');
  const where = a.forwardedTo ? `${a.forwardedTo} (forwarded; notify URL ${a.request.url})` : a.request.url;
  const tail = gaveUp
    ? `; gave up after ${delivery.attempts.length} attempt(s)`
    : next !== undefined
      ? `; next try in ${formatWait(next - a.at)}`
      : '';
  log[level](
    {
      kind: 'callback',
      event: delivery.event,
      delivery: delivery.id,
      order: delivery.orderKey,
      attempt: a.n,
      url: a.request.url,
      forwardedTo: a.forwardedTo,
      status: a.response?.status,
      error: a.error,
      acked: a.acked,
      tampered: a.tampered || undefined,
      replayOf: delivery.replayOf,
      nextRetryAt: next === undefined ? undefined : new Date(next).toISOString(),
      gaveUp: gaveUp || undefined,
      ms: a.durationMs,
    },
    `callback ${delivery.event} ${delivery.id} #${a.n}${delivery.replayOf ? ` (replay of ${delivery.replayOf})` : ''} → ${where}: ${answer}, ${a.acked ? 'acked' : 'not acked'}${a.tampered ? ' (deliberately tampered)' : ''}${tail}`,
  );
}
