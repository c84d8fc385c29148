/**
 * The withhold simulator's two kinds of record and how they read on the wire: a binding (签约,
 * keyed by unique_code, found by its protocol_no once confirmed) with the SMS code it sent, and a
 * withhold order (keyed by biz_order_no, found by pay_order_no). One renderer per answer, so a
 * query and its callback can never disagree.
 */
import { orderKind } from '../core/channel.ts';
import type { Order } from '../core/order-store.ts';
import type { FailureReason } from '../core/outcome.ts';
import { WITHHOLD_REASONS } from './codes.ts';
import { payStatus, queryPayStatus } from './states.ts';
import { formatPayTime, type WithholdOrderResponse } from './wire/index.ts';

export interface BindingData {
  unique_code: string;
  id_card_number: string;
  bank_card_number: string;
  mobile: string;
  name: string;
  pay_type: string;
  /** the code "sent" to the mobile: shown in the admin order view (data.smsCode) and the journal */
  smsCode: string;
  smsSentAt: number;
  smsExpiresAt: number;
  wrongTries: number;
  /** the card's bank, from its BIN */
  bank: string;
  protocol_no?: string;
  confirmedAt?: number;
  singleLimitFen: number;
  dailyLimitFen: number;
  /** withheld (accepted and not failed) on the Beijing day `usedDay` */
  usedDay: number;
  usedFen: number;
}

export interface WithholdData {
  biz_order_no: string;
  pay_order_no: string;
  amountFen: number;
  /** the amount as answered: yuan with two decimals */
  amount: string;
  pay_type: string;
  protocol_no: string;
  /** the binding's unique_code: the protocol's record */
  binding: string;
  name: string;
  id_card_number: string;
  mobile: string;
  bank_card_number: string;
  notify_url?: string;
  paidAt?: number;
  day: number;
}

export const bindingKind = orderKind<BindingData>('binding');
export const withholdKind = orderKind<WithholdData>('withhold');

function channelResponse(o: Order): string {
  if (o.state !== 'fail') return '';
  return WITHHOLD_REASONS[(o.reason as FailureReason | undefined) ?? 'declined'].channelResponse;
}

function orderResponse(o: Order, status: WithholdOrderResponse['pay_status']): WithholdOrderResponse {
  const d = withholdKind.data(o);
  return {
    biz_order_no: d.biz_order_no,
    pay_order_no: d.pay_order_no,
    pay_type: d.pay_type,
    pay_status: status,
    pay_time: d.paidAt === undefined ? '' : formatPayTime(d.paidAt),
    channel_response: channelResponse(o),
  };
}

/** single-withhold's answer and the callback's fields: pay_status without wait_pay */
export const withholdResponse = (o: Order) => orderResponse(o, payStatus(o.state));

/** single-order-query's answer: wait_pay as such */
export const queryResponse = (o: Order) => orderResponse(o, queryPayStatus(o.state));
