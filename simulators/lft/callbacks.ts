/**
 * LFT's three notifications (spec 004 §9–11): the pay result to outSuccessNotifyUrl and the
 * arrival to outArrivedNotifyUrl carry the 入金查询 VO; the payout/refund result to outNotifyUrl
 * carries the 出金查询 VO. Each is a signed request envelope, built fresh per attempt, and counts
 * as acknowledged only when the merchant answers the body SUCCESS.
 */
import type { ChannelCallbacks } from '../core/channel.ts';
import type { Order } from '../core/order-store.ts';
import { REALISTIC_SCHEDULE } from '../core/retry-schedule.ts';
import type { LftRuntime } from './runtime.ts';
import { outqueryVo, payinVo } from './views.ts';
import { LFT_NOTIFICATION_ACK, encodeRequest, formatTimestamp } from './wire/index.ts';

const EVENTS = {
  paid: { url: 'outSuccessNotifyUrl', vo: payinVo, description: '入金支付成功或失败 → outSuccessNotifyUrl' },
  arrived: { url: 'outArrivedNotifyUrl', vo: payinVo, description: '入金到账成功 → outArrivedNotifyUrl' },
  payout: { url: 'outNotifyUrl', vo: outqueryVo, description: '出金或退款结果 → outNotifyUrl' },
} as const satisfies Record<string, { url: string; vo: (o: Order) => object; description: string }>;

/** flip the last hex digit: a sign that looks right and verifies wrong */
const spoil = (sign: string) => sign.slice(0, -1) + (sign.endsWith('0') ? '1' : '0');

export const lftCallbacks: ChannelCallbacks<LftRuntime> = {
  events: Object.fromEntries(Object.entries(EVENTS).map(([k, v]) => [k, v.description])),
  schedule: REALISTIC_SCHEDULE,
  build(event, order, rt, { now, tamper }) {
    const spec = EVENTS[event as keyof typeof EVENTS];
    const url = spec && (order.data[spec.url] as string | undefined);
    if (!url) return undefined;
    const app = rt.apps.get(order.merchant);
    const vo = spec.vo(order);
    let body = encodeRequest({ appId: order.merchant, data: JSON.stringify(vo), timestamp: formatTimestamp(now) }, app?.key ?? '');
    if (tamper === 'sign' || tamper === 'body') {
      const env = JSON.parse(body) as Record<string, string>;
      if (tamper === 'sign') env.sign = spoil(env.sign!);
      // body: the data changed after signing, as a man in the middle would
      else env.data = JSON.stringify({ ...vo, amount: '0.01' === (vo as { amount: string }).amount ? '0.02' : '0.01' });
      body = JSON.stringify(env);
    }
    return { url, method: 'POST', headers: { 'content-type': 'application/json;charset=UTF-8' }, body };
  },
  isAck: (res) => res.status >= 200 && res.status < 300 && res.body.trim() === LFT_NOTIFICATION_ACK,
};
