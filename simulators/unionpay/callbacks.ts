/**
 * UnionPay's callbacks: none for this channel. The 查询签约协议号状态 transaction (txnType 78,
 * spec 002) is a synchronous query with no backUrl and no asynchronous notification, so there are
 * no events to schedule and nothing is ever built. The part exists so the channel has the same
 * shape as the others; a UnionPay transaction with a 后台通知 would add its event here (a form
 * POST to backUrl, signed like a response, acknowledged by HTTP 200).
 */
import type { ChannelCallbacks } from '../core/channel.ts';
import { REALISTIC_SCHEDULE } from '../core/retry-schedule.ts';
import type { UnionPayRuntime } from './runtime.ts';

export const unionpayCallbacks: ChannelCallbacks<UnionPayRuntime> = {
  events: {},
  // UnionPay retries 后台通知 on a schedule of its own; unused while there are no events
  schedule: REALISTIC_SCHEDULE,
  build: () => undefined,
  isAck: (res) => res.status === 200,
};
