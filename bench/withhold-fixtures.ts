/**
 * What the withhold benchmark's load generator and its server processes agree on: the bench
 * merchant (limits high enough for a run's worth of withholds), the person and card, the args of
 * the two measured methods, and a request body encrypted and signed with the shared wire (the
 * same encodeRequest the reference client uses). Wire only: no simulator code.
 */
import { encodeRequest, unixSeconds, type SingleWithholdArgs } from '../simulators/withhold/wire/index.ts';

export const BENCH_MERCHANT = {
  ua: 'UA-BENCH',
  aesKey: 'b3nchk3y-16chars',
  payTypes: ['PAY01'],
  limits: { single: '50000.00', daily: '9999999999.99' },
};

export const BENCH_PERSON = {
  id_card_number: '11010519491231002X',
  bank_card_number: '6222020200112233446',
  mobile: '13800138000',
  name: '张三',
  pay_type: 'PAY01',
};

/** a withhold without notify_url: the default scenario then sends no callback */
export function withholdArgs(protocol_no: string, biz_order_no: string): SingleWithholdArgs {
  return {
    biz_order_no,
    amount: '100.00',
    name: BENCH_PERSON.name,
    id_card_number: BENCH_PERSON.id_card_number,
    mobile: BENCH_PERSON.mobile,
    biz_data: [{ protocol_no }],
    pay_type: BENCH_PERSON.pay_type,
  };
}

export const bizOrderNo = (tag: string, n: number) => `BENCH${tag}${String(n).padStart(9, '0')}`;

/** an encrypted, signed request body with its own requestId, as bytes ready for the socket */
export function requestBody(method: string, args: object, requestId: string, now = Date.now()): Buffer {
  const { ua, aesKey } = BENCH_MERCHANT;
  return Buffer.from(
    encodeRequest({ ua, method, requestId, timestamp: unixSeconds(now), fields: args }, aesKey),
    'utf8',
  );
}
