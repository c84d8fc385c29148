/**
 * The table of the gateway's operations (seed 003), all on one URL and routed by `method`: the
 * pre-binding that sends an SMS code, its confirmation that yields the protocol_no, the single
 * withhold against a confirmed protocol, its query — and, routed first, an identical retry of a
 * requestId, which repeats the first answer and does nothing else. What each does to its record
 * lives here; which outcome it has (success, pending, failure, a refusal) is scenario data.
 */
import { randomInt } from 'node:crypto';
import { ANY_PATH, type Operation, type OperationContext } from '../core/channel.ts';
import { bankOfCard, maskCard } from '../core/banks/index.ts';
import { beijingDateStamp, beijingDay } from '../core/codec/beijing-time.ts';
import { SimError } from '../core/errors.ts';
import { SMS_TTL_MS, checkConfirmation, protocolFor, useLimits } from './bindings.ts';
import { validator } from './checks.ts';
import type { WithholdRuntime } from './runtime.ts';
import { bindingKind, queryResponse, withholdKind, withholdResponse, type BindingData } from './views.ts';
import { RETRY_FIELD } from './wire-adapter.ts';
import { formatFen, formatPayTime, parseYuanToFen, type WithholdMethod } from './wire/index.ts';

type Op = Operation<WithholdRuntime>;
type Ctx = OperationContext<WithholdRuntime>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** numbers in the style of the gateway: prefix + Beijing date + zero-padded counter (the core's sequence) */
function platformNo(ctx: Ctx, prefix: string): string {
  return `${prefix}${beijingDateStamp(ctx.now)}${String(ctx.next(prefix)).padStart(8, '0')}`;
}

const route = (method: WithholdMethod) => ({ equals: { method } });

function binding(ctx: Ctx) {
  return bindingKind.data(ctx.order!);
}

export const withholdOperations: Op[] = [
  {
    // an identical retry (read() marked it): the first answer again (the wire writes it), no effects
    name: 'identical-retry',
    description: 'a requestId sent again with the same content: the first answer, repeated',
    path: ANY_PATH,
    route: { exists: [RETRY_FIELD] },
    identify: () => ({}),
    execute: (ctx) =>
      void ctx.warnings.push(
        `identical retry of requestId ${str(ctx.fields.requestId)} (first answered ${str(ctx.fields[RETRY_FIELD])}): the first answer again`,
      ),
    render: () => ({}),
  },
  {
    name: 'pre-tied-card',
    description: '预绑卡 (签约获取验证码): a pre-binding, and an SMS code sent to the mobile',
    path: ANY_PATH,
    route: route('pre-tied-card'),
    kind: 'binding',
    validate: validator('pre-tied-card'),
    identify: () => ({ creates: true, kind: 'binding' }),
    execute(ctx) {
      const f = ctx.fields;
      const merchant = ctx.runtime.merchants.get(ctx.decoded.merchant)!;
      const card = f.bank_card_number as string;
      const smsCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const data: BindingData = {
        unique_code: platformNo(ctx, 'UC'),
        id_card_number: (f.id_card_number as string).toUpperCase(),
        bank_card_number: card,
        mobile: f.mobile as string,
        name: f.name as string,
        pay_type: f.pay_type as string,
        smsCode,
        smsSentAt: ctx.now,
        smsExpiresAt: ctx.now + SMS_TTL_MS,
        wrongTries: 0,
        bank: bankOfCard(card)?.shortName ?? '',
        singleLimitFen: parseYuanToFen(merchant.limits.single)!,
        dailyLimitFen: parseYuanToFen(merchant.limits.daily)!,
        usedDay: 0,
        usedFen: 0,
      };
      ctx.createOrder({ key: data.unique_code, kind: bindingKind, data });
      ctx.warnings.push(
        `SMS code ${smsCode} sent to ${data.mobile.slice(0, 3)}****${data.mobile.slice(-4)} for card ${maskCard(card)}; ` +
          `valid until ${formatPayTime(data.smsExpiresAt)} (admin order view: data.smsCode)`,
      );
    },
    render: (ctx) => ({ unique_code: binding(ctx).unique_code }),
  },
  {
    name: 'confirm-tied-card',
    description: '确认签约: the SMS code confirms the pre-binding; answers the protocol_no',
    path: ANY_PATH,
    route: route('confirm-tied-card'),
    kind: 'binding',
    validate: validator('confirm-tied-card'),
    identify: (f) => ({ key: f.unique_code as string, kind: 'binding', keyField: 'unique_code' }),
    execute(ctx) {
      const d = binding(ctx);
      checkConfirmation(ctx, d);
      if (d.protocol_no) return;
      d.protocol_no = platformNo(ctx, 'PN');
      d.confirmedAt = ctx.now;
      ctx.order!.aliases.push(d.protocol_no);
    },
    render(ctx) {
      // a scenario that fails the confirmation instead of refusing it leaves no protocol to answer
      if (ctx.order!.state !== 'confirmed')
        throw new SimError('SIM_ERR_ORDER_STATE', '签约失败, 请重新获取验证码', { kind: 'binding' });
      return { protocol_no: binding(ctx).protocol_no! };
    },
  },
  {
    name: 'single-withhold',
    description: '单笔代扣: debit a confirmed protocol; the result comes by query and callback',
    path: ANY_PATH,
    route: route('single-withhold'),
    kind: 'withhold',
    validate: validator('single-withhold'),
    identify: (f) => ({ key: f.biz_order_no as string, creates: true, kind: 'withhold', keyField: 'biz_order_no' }),
    execute(ctx) {
      const f = ctx.fields;
      const p = protocolFor(ctx);
      const fen = parseYuanToFen(f.amount)!;
      useLimits(ctx, p, fen);
      const pay_order_no = platformNo(ctx, 'WP');
      ctx.createOrder({
        key: f.biz_order_no as string,
        kind: withholdKind,
        aliases: [pay_order_no],
        data: {
          biz_order_no: f.biz_order_no as string,
          pay_order_no,
          amountFen: fen,
          amount: formatFen(fen),
          pay_type: f.pay_type as string,
          protocol_no: p.data.protocol_no!,
          binding: p.key,
          name: f.name as string,
          id_card_number: p.data.id_card_number,
          mobile: f.mobile as string,
          bank_card_number: p.data.bank_card_number,
          notify_url: str(f.notify_url) || undefined,
          day: beijingDay(ctx.now),
        },
      });
    },
    render: (ctx) => withholdResponse(ctx.order!),
  },
  {
    name: 'single-order-query',
    description: '单笔代扣结果查询',
    path: ANY_PATH,
    route: route('single-order-query'),
    kind: 'withhold',
    validate: validator('single-order-query'),
    identify: (f) => ({ key: f.biz_order_no as string, kind: 'withhold', keyField: 'biz_order_no' }),
    render: (ctx) => queryResponse(ctx.order!),
  },
];
