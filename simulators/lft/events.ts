/**
 * LFT's outside-world events: what happens away from the API, driven by the admin API, the CLI,
 * the cashier page or a scenario's `later`. The payer swipes a card on the POS terminal with the
 * six-digit code, or pays / gives up at the QP cashier, or just pays at whichever cashier the
 * order has (`pay`, for scenarios); funds arrive; a payout completes at the bank. Each checks
 * that it makes sense for the order; what it results in is the scenario's step.
 */
import { createHash } from 'node:crypto';
import { outsideEvent, type Operation, type OperationContext } from '../core/channel.ts';
import { SimError } from '../core/errors.ts';
import { createRandom, fakeBankCard, fakePerson, isLuhnValid, bankOfCard } from '../core/banks/index.ts';
import { issueSmsCode } from './cashier/sms.ts';
import type { LftRuntime } from './runtime.ts';
import { payinKind, type PayinData } from './views.ts';

type Ctx = OperationContext<LftRuntime>;

const payin = (ctx: Ctx): PayinData => payinKind.data(ctx.order!);

function requireCashier(d: PayinData, type: 'POS' | 'QP', what: string): void {
  if (d.cashierType !== type)
    throw new SimError('SIM_ERR_ORDER_STATE', `${d.outReqNo} 是 ${d.cashierType} 订单, 不能${what}`);
}

/** the payer's card: the one typed at the cashier, or a realistic one fixed by the order number */
function presentCard(ctx: Ctx, d: PayinData): void {
  const typed = typeof ctx.fields.cardNum === 'string' ? ctx.fields.cardNum.replace(/\s/g, '') : '';
  const bank = typed && isLuhnValid(typed) ? bankOfCard(typed) : undefined;
  if (typed && bank) {
    Object.assign(d, { cardNum: typed, issuingBank: bank.abbr, issuingBankZH: bank.shortName });
    return;
  }
  if (typed) ctx.warnings.push(`card ${typed.slice(0, 6)}… is not a known Luhn-valid card; a simulated one is used`);
  const seed = createHash('md5').update(d.outReqNo).digest().readUInt32BE(0);
  // prodCatalog 01 = 只能借记卡
  const card = fakeBankCard(createRandom(seed), d.prodCatalog === '01' ? { kind: 'debit' } : {});
  Object.assign(d, { cardNum: card.cardNum, issuingBank: card.issuingBank, issuingBankZH: card.bankName });
}

/** the simulated QP payer of an order, fixed by the order number */
function simulatedPayer(d: PayinData) {
  return fakePerson(createRandom(createHash('md5').update(`${d.outReqNo}/person`).digest().readUInt32BE(0)));
}

const typed = (ctx: Ctx, field: string) => {
  const v = ctx.fields[field];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** the QP payer: card, name and ID number as typed at the cashier, else simulated */
function payAtCashier(ctx: Ctx, d: PayinData): void {
  presentCard(ctx, d);
  const person = simulatedPayer(d);
  // "传入则收银台用户不能修改": what the merchant sent wins over what was typed
  d.qpUserName ??= (ctx.fields.qpUserName as string | undefined) || person.name;
  d.qpCertNumber ??= (ctx.fields.qpCertNumber as string | undefined) || person.idNumber;
}

const payable = ['UNPAID', 'PROCESSING'] as const;

export const lftEvents: Operation<LftRuntime>[] = [
  outsideEvent({
    name: 'swipe',
    description: 'the payer swipes a card on the POS terminal with the six-digit code',
    kind: 'payin',
    from: payable,
    verb: '刷卡',
    execute(ctx) {
      const d = payin(ctx);
      requireCashier(d, 'POS', '刷卡');
      presentCard(ctx, d);
    },
  }),
  outsideEvent({
    // the page checks what the payer typed (Luhn, ID, mobile) before it asks; from the admin API
    // (no fields) the code goes to the simulated payer's mobile
    name: 'cashier-sms',
    description:
      'the payer asks the QP cashier for an SMS code to their 预留手机号 (the code is in the order data: sms.code)',
    kind: 'payin',
    from: payable,
    verb: '获取验证码',
    execute(ctx) {
      const d = payin(ctx);
      requireCashier(d, 'QP', '获取验证码');
      const mobile = typed(ctx, 'mobile') ?? d.sms?.mobile ?? simulatedPayer(d).mobile;
      if (!ctx.fields.resend)
        d.cashierEntry = {
          cardNum: typed(ctx, 'cardNum'),
          qpUserName: typed(ctx, 'qpUserName'),
          qpCertNumber: typed(ctx, 'qpCertNumber'),
        };
      d.sms = issueSmsCode(d.outReqNo, mobile, ctx.now, d.sms);
    },
  }),
  outsideEvent({
    name: 'cashier-pay',
    description: 'the payer confirms payment on the QP cashier page',
    kind: 'payin',
    from: payable,
    verb: '支付',
    execute(ctx) {
      const d = payin(ctx);
      requireCashier(d, 'QP', '在收银台支付');
      payAtCashier(ctx, d);
    },
  }),
  outsideEvent({
    // a scenario that pays by itself (payin-auto-success) and tests need one event that works
    // whatever cashier the protocol has; swipe and cashier-pay each refuse the other type
    name: 'pay',
    description: 'the payer pays, at whichever cashier the order has: a POS swipe or a QP cashier payment',
    kind: 'payin',
    from: payable,
    verb: '支付',
    execute(ctx) {
      const d = payin(ctx);
      if (d.cashierType === 'QP') payAtCashier(ctx, d);
      else presentCard(ctx, d);
    },
  }),
  outsideEvent({
    name: 'cashier-fail',
    description: 'the payment fails at the QP cashier (declined, or the payer gives up)',
    kind: 'payin',
    from: payable,
    verb: '支付',
    execute: (ctx) => requireCashier(payin(ctx), 'QP', '在收银台支付'),
  }),
  outsideEvent({
    name: 'arrive',
    description: 'the paid funds arrive (资金到账): in-transit money becomes available',
    kind: 'payin',
    from: ['SUCCESS'],
    verb: '到账',
  }),
  outsideEvent({
    name: 'settle',
    description: 'the bank finishes a payout or refund (a queued one too)',
    kind: 'payout',
    from: ['UNPAID', 'PROCESSING'],
    verb: '完成出金',
  }),
];
