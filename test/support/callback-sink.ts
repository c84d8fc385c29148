/**
 * The one scripted callback sink for tests: it stands in for the merchant's notify endpoints as
 * the simulator's send() port, records every attempt in `sent` with the simulator-clock time, and
 * answers like a correct merchant (the channel-supplied `merchant` checks the callback and says
 * how to acknowledge or refuse it) unless told to fail its first N requests or to answer some
 * other way. The dispatcher's "unreachable" address (127.0.0.1:9) is refused, as a closed port
 * would be. It names no channel and must not grow test logic of its own.
 */
import type { ServerDeps } from '../../simulators/core/build-server.ts';

/** the simulator's outbound send() port, as buildServer takes it */
export type Send = NonNullable<ServerDeps['send']>;
export type OutboundCall = Parameters<Send>[0];
export type SinkAnswer = Awaited<ReturnType<Send>>;

/** how a correct merchant of one channel treats a callback */
export interface Merchant {
  /** whether the callback is authentic (its signature verifies, it is for this merchant) */
  verifies(req: OutboundCall): boolean;
  /** the answer that acknowledges a callback, and the one that refuses it */
  ack: SinkAnswer;
  refuse: SinkAnswer;
}

/** a merchant that trusts everything and answers 200 with an empty body */
export const LENIENT_MERCHANT: Merchant = {
  verifies: () => true,
  ack: { status: 200, headers: {}, body: '' },
  refuse: { status: 200, headers: {}, body: '' },
};

export interface SinkOptions {
  /** answer HTTP 500 to the first N requests that reach the sink (the merchant is erroring) */
  failFirst?: number;
  /** refuse a callback that does not verify, as a correct merchant does (default true); false
   *  acknowledges everything */
  verify?: boolean;
  /** full control: answer each reaching request yourself (n counts from 0; replaces the above) */
  answer?: (req: OutboundCall, n: number) => SinkAnswer | Promise<SinkAnswer>;
}

/** one attempt that reached the sink (or was refused on the way) */
export interface SentRequest extends OutboundCall {
  /** simulator clock time of the attempt */
  at: number;
  /** what the sink answered; absent when the connection was refused */
  response?: SinkAnswer;
  refused: boolean;
}

export interface CallbackSink {
  send: Send;
  /** every attempt the sink saw, in order */
  sent: SentRequest[];
}

const SERVER_ERROR: SinkAnswer = { status: 500, headers: {}, body: 'Internal Server Error' };

function isUnreachable(url: string): boolean {
  const u = new URL(url);
  return u.hostname === '127.0.0.1' && u.port === '9';
}

/** `merchant` is asked at each attempt: a simulator's credentials are known only once it runs */
export function createCallbackSink(
  opts: SinkOptions & { now: () => number; merchant?: () => Merchant | undefined },
): CallbackSink {
  const sent: SentRequest[] = [];
  let reached = 0;

  const send: Send = async (req) => {
    const record: SentRequest = { ...req, at: opts.now(), refused: false };
    sent.push(record);
    if (isUnreachable(req.url)) {
      record.refused = true;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      });
    }
    const n = reached++;
    const merchant = opts.merchant?.() ?? LENIENT_MERCHANT;
    record.response = opts.answer
      ? await opts.answer(req, n)
      : n < (opts.failFirst ?? 0)
        ? SERVER_ERROR
        : opts.verify === false || merchant.verifies(req)
          ? merchant.ack
          : merchant.refuse;
    return record.response;
  };
  return { send, sent };
}
