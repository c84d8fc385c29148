/**
 * LFT's three notifications (spec 004 §9–11): the pay result to outSuccessNotifyUrl and the
 * arrival to outArrivedNotifyUrl carry the 入金查询 VO; the payout/refund result to outNotifyUrl
 * carries the 出金查询 VO. Each is a signed request envelope {appId, data, sign, timestamp},
 * built fresh per attempt by the core from the three steps below, and counts as acknowledged
 * only when the merchant answers SUCCESS or a PayCommonVo with code 0000 (isLftNotificationAck).
 */
import type { ChannelCallbacks, Fields } from '../core/channel.ts';
import type { Order } from '../core/order-store.ts';
import { REALISTIC_SCHEDULE } from '../core/retry-schedule.ts';
import type { LftRuntime } from './runtime.ts';
import { outqueryVo, payinVo } from './views.ts';
import { formatTimestamp, isLftNotificationAck, lftSign } from './wire/index.ts';

const EVENTS = {
  paid: { url: 'outSuccessNotifyUrl', vo: payinVo, description: '入金支付成功或失败 → outSuccessNotifyUrl' },
  arrived: { url: 'outArrivedNotifyUrl', vo: payinVo, description: '入金到账成功 → outArrivedNotifyUrl' },
  payout: { url: 'outNotifyUrl', vo: outqueryVo, description: '出金或退款结果 → outNotifyUrl' },
} as const satisfies Record<string, { url: string; vo: (o: Order) => object; description: string }>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

export const lftCallbacks: ChannelCallbacks<LftRuntime> = {
  events: Object.fromEntries(Object.entries(EVENTS).map(([k, v]) => [k, v.description])),
  schedule: REALISTIC_SCHEDULE,
  fields(event, order, _rt, { now }) {
    const spec = EVENTS[event as keyof typeof EVENTS];
    const url = spec && (order.data[spec.url] as string | undefined);
    if (!url) return undefined;
    return {
      url,
      fields: { appId: order.merchant, data: JSON.stringify(spec.vo(order)), timestamp: formatTimestamp(now) },
    };
  },
  sign: (f, order, rt) => ({
    ...f,
    sign: lftSign(
      { appId: str(f.appId), data: str(f.data), timestamp: str(f.timestamp) },
      rt.apps.get(order.merchant)?.key ?? '',
    ),
  }),
  // the request envelope's key order: appId, data, sign, timestamp
  encode: (f) => ({
    headers: { 'content-type': 'application/json;charset=UTF-8' },
    body: JSON.stringify({ appId: f.appId, data: f.data, sign: f.sign, timestamp: f.timestamp }),
  }),
  // a man in the middle changes the amount: still a VO, no longer the one that was signed
  alter(f: Fields) {
    const vo = JSON.parse(str(f.data)) as { amount?: string };
    return { ...f, data: JSON.stringify({ ...vo, amount: vo.amount === '0.01' ? '0.02' : '0.01' }) };
  },
  isAck: (res) => res.status >= 200 && res.status < 300 && isLftNotificationAck(res.body),
};
