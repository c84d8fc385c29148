/**
 * The gateway's one callback (seed 003 §5, "代扣接口传了notify_url才会发送异步回调"): the withhold's
 * result POSTed as JSON to notify_url, signed with the MD5 of the ascending-key JSON of every
 * other field — no secret, exactly as the seed writes it. The core builds every attempt fresh
 * from these steps; it counts as acknowledged when the merchant answers its configured rule
 * (default: HTTP 200 and the body `success`, trimmed, any case), retried on the realistic schedule.
 */
import type { ChannelCallbacks, Fields } from '../core/channel.ts';
import { REALISTIC_SCHEDULE } from '../core/retry-schedule.ts';
import { DEFAULT_ACK, type NotifyAck, type WithholdRuntime } from './runtime.ts';
import { withholdKind, withholdResponse } from './views.ts';
import { callbackSign, encodeCallback, type WithholdCallback } from './wire/index.ts';

/** whether a merchant's answer matches its ack rule */
export function matchesAck(rule: NotifyAck, res: { status: number; body: string }): boolean {
  if (res.status !== (rule.status ?? 200)) return false;
  const body = res.body.trim();
  return rule.caseSensitive ? body === rule.body : body.toLowerCase() === rule.body.toLowerCase();
}

export const withholdCallbacks: ChannelCallbacks<WithholdRuntime> = {
  events: { result: '单笔代扣结果 (the order as it is now) → notify_url' },
  schedule: REALISTIC_SCHEDULE,
  fields(_event, order) {
    const d = withholdKind.data(order);
    if (!d.notify_url) return undefined;
    const r = withholdResponse(order);
    return {
      url: d.notify_url,
      fields: {
        biz_order_no: r.biz_order_no,
        pay_order_no: r.pay_order_no,
        order_type: 'single_withhold',
        pay_type: r.pay_type,
        pay_status: r.pay_status,
        pay_time: r.pay_time,
        channel_response: r.channel_response,
      },
    };
  },
  sign: (f) => ({ ...f, sign: callbackSign(f) }),
  encode: (f) => ({
    headers: { 'content-type': 'application/json;charset=UTF-8' },
    body: encodeCallback(f as unknown as WithholdCallback),
  }),
  // a man in the middle turns the result around: still a callback, no longer the one that was signed
  alter: (f: Fields) => ({ ...f, pay_status: f.pay_status === 'success' ? 'fail' : 'success' }),
  isAck: (res, { order, runtime }) =>
    matchesAck((order && runtime.merchants.get(order.merchant)?.notifyAck) || DEFAULT_ACK, res),
};
