/**
 * The VOs LFT answers with, rendered from the simulator's orders: 协议 (create/find), 入金
 * (prepay, and the 入金查询 VO that inquery and the pay/arrival notifications carry), 出金 (outpay,
 * and the 出金查询 VO of outquery and the payout notification). One renderer per VO, so a query
 * and its notification can never disagree.
 */
import { orderKind } from '../core/channel.ts';
import type { Order } from '../core/order-store.ts';
import { LFT_REASONS, LFT_RETURN_OK, LFT_RETURN_PENDING } from './codes.ts';
import { arrivedStatusOf, payStatusOf } from './states.ts';
import type { FailureReason } from '../core/outcome.ts';
import { formatDateTime, formatFen } from './wire/index.ts';
import type {
  LftCashierType,
  LftOutType,
  LftOutpayVo,
  LftOutqueryVo,
  LftPayinVo,
  LftPrepayVo,
  LftProtocolVo,
} from './wire/index.ts';

export interface ProtocolData {
  transNo: string;
  transDesc: string;
  businessId: string;
  businessDesc: string;
  cashierType: LftCashierType;
  amountFen: number;
  onpassageFen: number;
  outFen: number;
  createdAt: number;
}
export interface PayinData {
  transNo: string;
  outReqNo: string;
  amountFen: number;
  cashierType: LftCashierType;
  posCode: string;
  payOrderNo: string;
  outSuccessNotifyUrl: string;
  outArrivedNotifyUrl?: string;
  prodCatalog: string;
  contractNum?: string;
  qpUserName?: string;
  qpCertNumber?: string;
  returnUrl?: string;
  cashierUrl?: string;
  cardNum?: string;
  issuingBank?: string;
  issuingBankZH?: string;
  payFinishedAt?: number;
  arrivedAt?: number;
  /** what the payer typed at the QP cashier's first step, paid with once the SMS code is confirmed
   *  (simulator only, never on the wire) */
  cashierEntry?: CashierEntry;
  /** the SMS code the QP cashier "sent" to the payer's 预留手机号: shown on the page as a test aid
   *  and here, in the admin order view (simulator only, never on the wire) */
  sms?: CashierSms;
}
export interface CashierEntry {
  cardNum?: string;
  qpUserName?: string;
  qpCertNumber?: string;
}
export interface CashierSms {
  /** 预留手机号, as the payer typed it */
  mobile: string;
  code: string;
  sentAt: number;
  expiresAt: number;
  /** how many codes this order has been sent (each resend replaces the code) */
  sent: number;
}
export interface PayoutData {
  transNo: string;
  outReqNo: string;
  amountFen: number;
  payOrderNo: string;
  outNotifyUrl: string;
  bankAccName: string;
  bankAccNum: string;
  bankName: string;
  bankCnaps: string;
  outType: LftOutType;
  remark?: string;
  channelSubaccCode: string;
  channelSubaccCustid: string;
  finishedAt?: number;
}

/** LFT's three kinds of order, with their data typed */
export const protocolKind = orderKind<ProtocolData>('protocol');
export const payinKind = orderKind<PayinData>('payin');
export const payoutKind = orderKind<PayoutData>('payout');

const time = (ms?: number) => (ms === undefined ? '' : formatDateTime(ms));

export function protocolVo(o: Order): LftProtocolVo {
  const d = protocolKind.data(o);
  return {
    transNo: d.transNo,
    transDesc: d.transDesc,
    appId: o.merchant,
    businessId: d.businessId,
    businessDesc: d.businessDesc,
    channelType: 'LFT',
    amount: formatFen(d.amountFen),
    onpassageAmount: formatFen(d.onpassageFen),
    outAmount: formatFen(d.outFen),
    createTime: formatDateTime(d.createdAt),
    cashierType: d.cashierType,
  };
}

/** the channel's return code and text of a pay-in in its state */
function returnOf(o: Order): { channelReturnCode: string; channelReturnMsg: string } {
  if (o.state === 'FAILURE' || o.state === 'CLOSED') {
    return LFT_REASONS[(o.reason as FailureReason | undefined) ?? (o.state === 'CLOSED' ? 'closed' : 'declined')];
  }
  return o.state === 'SUCCESS' || o.state === 'ARRIVED' ? LFT_RETURN_OK : LFT_RETURN_PENDING;
}

// The two pay-in VOs are written out field by field, in the spec's order, rather than spread
// from a shared head: an object spread that is not the whole literal takes V8's slow copy path,
// and inquery's VO was 11% of an inquery's server time in the benchmark's profile.

export function prepayVo(o: Order): LftPrepayVo {
  const d = payinKind.data(o);
  const vo: LftPrepayVo = {
    transNo: d.transNo,
    appId: o.merchant,
    channelType: 'LFT',
    amount: formatFen(d.amountFen),
    outReqNo: d.outReqNo,
    posCode: d.posCode,
    payOrderNo: d.payOrderNo,
    payStatus: payStatusOf(o.state),
    createTime: formatDateTime(o.createdAt),
  };
  if (d.cashierUrl) vo.cashierUrl = d.cashierUrl;
  return vo;
}

export function payinVo(o: Order): LftPayinVo {
  const d = payinKind.data(o);
  const pos = d.cashierType === 'POS';
  const r = returnOf(o);
  const vo: LftPayinVo = {
    transNo: d.transNo,
    appId: o.merchant,
    channelType: 'LFT',
    amount: formatFen(d.amountFen),
    outReqNo: d.outReqNo,
    posCode: d.posCode,
    payOrderNo: d.payOrderNo,
    payStatus: payStatusOf(o.state),
    arrivedStatus: arrivedStatusOf(o.state),
    payFinishTime: time(d.payFinishedAt),
    payArriveTime: time(d.arrivedAt),
    createTime: formatDateTime(o.createdAt),
    cardNum: d.cardNum ?? '',
    issuingBank: pos ? (d.issuingBank ?? '') : '',
    issuingBankZH: d.issuingBankZH ?? '',
    channelReturnCode: r.channelReturnCode,
    channelReturnMsg: r.channelReturnMsg,
    cashierType: d.cashierType,
  };
  if (d.contractNum) vo.contractNum = d.contractNum;
  if (!pos) {
    if (d.cashierUrl) vo.cashierUrl = d.cashierUrl;
    if (d.qpUserName) vo.qpUserName = d.qpUserName;
    if (d.qpCertNumber) vo.qpCertNumber = d.qpCertNumber;
  }
  return vo;
}

function payoutCommon(o: Order) {
  const d = payoutKind.data(o);
  return {
    transNo: d.transNo,
    appId: o.merchant,
    amount: formatFen(d.amountFen),
    outReqNo: d.outReqNo,
    payOrderNo: d.payOrderNo,
    channelType: 'LFT' as const,
    bankAccName: d.bankAccName,
    bankAccNum: d.bankAccNum,
    bankName: d.bankName,
    bankCnaps: d.bankCnaps,
    outType: d.outType,
  };
}

export function outpayVo(o: Order): LftOutpayVo {
  const d = payoutKind.data(o);
  const vo: LftOutpayVo = {
    ...payoutCommon(o),
    channelSubaccCode: d.channelSubaccCode,
    channelSubaccCustid: d.channelSubaccCustid,
    payStatus: payStatusOf(o.state),
    createTime: formatDateTime(o.createdAt),
  };
  if (d.remark) vo.remark = d.remark;
  return vo;
}

export function outqueryVo(o: Order): LftOutqueryVo {
  const d = payoutKind.data(o);
  return {
    ...payoutCommon(o),
    remark: d.remark ?? '',
    payStatus: payStatusOf(o.state),
    payFinishTime: time(d.finishedAt),
    createTime: formatDateTime(o.createdAt),
    ...returnOf(o),
  };
}
