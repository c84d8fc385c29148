/**
 * What the QP cashier tells a payer, in a payer's words: an order's state as a cashier names it,
 * and a refusal of the simulator (a SimError, whose message names states and scenarios for the
 * journal) as the sentence a bank's page would show. The SimError's own message goes to the
 * journal and to the page's x-sim-detail header, never onto the page.
 */
import type { SimError } from '../../core/errors.ts';
import { LFT_REASONS } from '../codes.ts';

/** the order's state as the page's status line names it */
export const STATE_ZH: Record<string, string> = {
  UNPAID: '待支付',
  PROCESSING: '处理中',
  SUCCESS: '支付成功',
  ARRIVED: '支付成功',
  FAILURE: '支付失败',
  CLOSED: '已关闭',
};

/** why an order no longer takes a payment, by its state */
const CLOSED_TO_PAYMENT: Record<string, string> = {
  PROCESSING: '该订单正在处理中，请勿重复支付，结果请以商户通知为准',
  SUCCESS: '该订单已支付成功，请勿重复支付',
  ARRIVED: '该订单已支付成功，请勿重复支付',
  FAILURE: '该订单支付失败，不能再次支付，请返回商户重新下单',
  CLOSED: '该订单已关闭，不能支付',
};

export function closedToPayment(state: string): string {
  return CLOSED_TO_PAYMENT[state] ?? '该订单当前不能支付';
}

/** a refusal of the simulator, for the payer; `state` is the order's state after the attempt */
export function payerMessage(e: SimError, state: string): string {
  if (e.code === 'SIM_ERR_ORDER_STATE') return closedToPayment(state);
  // the payment was refused outright: the reason as the bank's result would name it
  if (e.code === 'SIM_ERR_SCENARIO_REJECTED' && e.reason)
    return `支付未完成：${LFT_REASONS[e.reason].channelReturnMsg}`;
  return '系统繁忙，请稍后重试';
}
