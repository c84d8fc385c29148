/**
 * The rules of bindings and protocols that confirm-tied-card and single-withhold apply to their
 * records: a pre-binding's SMS code (5 minutes, 3 wrong tries), the same card and pay type; a
 * protocol that exists, is this merchant's, confirmed, and is this person's and card's; and the
 * protocol's limits, counted against its Beijing day. Refusals are SimErrors; outcomes are the
 * scenarios'.
 */
import type { OperationContext } from '../core/channel.ts';
import { beijingDay } from '../core/codec/beijing-time.ts';
import { SimError } from '../core/errors.ts';
import type { WithholdRuntime } from './runtime.ts';
import { bindingKind, type BindingData } from './views.ts';
import { formatFen, protocolNoOf } from './wire/index.ts';

type Ctx = OperationContext<WithholdRuntime>;

/** how long an SMS code is good for, and how many wrong codes a binding takes */
export const SMS_TTL_MS = 5 * 60_000;
export const SMS_MAX_WRONG = 3;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const refuse = (code: 'SIM_ERR_ORDER_STATE' | 'SIM_ERR_FIELD_INVALID', message: string, field?: string) =>
  new SimError(code, message, { field, kind: 'binding' });

/** confirm-tied-card's checks on the pre-binding; a wrong code is counted before the refusal */
export function checkConfirmation(ctx: Ctx, d: BindingData): void {
  const f = ctx.fields;
  if (ctx.order!.state === 'expired' || ctx.order!.state === 'terminated')
    throw refuse('SIM_ERR_ORDER_STATE', `unique_code ${d.unique_code} 签约已失效, 请重新获取验证码`);
  if (f.bank_card_number !== d.bank_card_number)
    throw refuse('SIM_ERR_FIELD_INVALID', 'bank_card_number (银行卡号) 与预签约的卡号不一致', 'bank_card_number');
  if (f.pay_type !== d.pay_type)
    throw refuse('SIM_ERR_FIELD_INVALID', 'pay_type (签约支付类型) 与预签约的支付类型不一致', 'pay_type');
  if (ctx.order!.state === 'confirmed') return; // confirmed before: the same protocol_no again
  if (ctx.now > d.smsExpiresAt)
    throw refuse('SIM_ERR_ORDER_STATE', 'verification_code (验证码) 已过期, 请重新获取', 'verification_code');
  if (f.verification_code === d.smsCode) return;
  d.wrongTries += 1;
  const left = SMS_MAX_WRONG - d.wrongTries;
  if (left <= 0) ctx.transition(ctx.order!, 'expired', 'confirm-tied-card: too many wrong codes');
  ctx.order!.updatedAt = ctx.now;
  ctx.store.put(ctx.order!);
  throw refuse(
    'SIM_ERR_FIELD_INVALID',
    left > 0
      ? `verification_code (验证码) 错误, 还可尝试 ${left} 次`
      : 'verification_code (验证码) 错误次数过多, 签约已失效, 请重新获取验证码',
    'verification_code',
  );
}

/** the protocol a withhold names: confirmed, this merchant's, this person's and card's, this pay type's */
export function protocolFor(ctx: Ctx) {
  const f = ctx.fields;
  const no = protocolNoOf(f.biz_data);
  const p = ctx.store.get(no);
  if (!bindingKind.is(p) || p.merchant !== ctx.decoded.merchant || p.data.protocol_no !== no)
    throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `biz_data.protocol_no (签约协议号) ${no} 不存在`, {
      field: 'biz_data',
      kind: 'protocol',
    });
  const d = p.data;
  if (p.state !== 'confirmed')
    throw new SimError('SIM_ERR_ORDER_STATE', `签约协议 ${no} 状态为 ${p.state}, 不能代扣`, { field: 'biz_data' });
  if (str(f.id_card_number).toUpperCase() !== d.id_card_number.toUpperCase())
    throw mismatch(no, 'id_card_number', '身份证号');
  if (f.name !== d.name) throw mismatch(no, 'name', '姓名');
  if (f.mobile !== d.mobile) throw mismatch(no, 'mobile', '手机号');
  if (f.bank_card_number && f.bank_card_number !== d.bank_card_number)
    throw mismatch(no, 'bank_card_number', '银行卡号');
  if (f.pay_type !== d.pay_type) throw mismatch(no, 'pay_type', '支付类型');
  return p;
}

// at module level, not a closure in protocolFor: tsx names every closure it creates (esbuild
// keepNames), a call on every withhold (4.7% of runStep in an in-process withhold profile)
const mismatch = (no: string, field: string, label: string) =>
  new SimError('SIM_ERR_FIELD_INVALID', `${field} (${label}) 与签约协议 ${no} 不一致`, { field });

/** the protocol's limits, checked and the amount counted against its day (a failure gives it back) */
export function useLimits(ctx: Ctx, p: ReturnType<typeof protocolFor>, fen: number): void {
  const d = p.data;
  if (fen > d.singleLimitFen)
    throw new SimError('SIM_ERR_FUNDS_INSUFFICIENT', `超过单笔限额 ${formatFen(d.singleLimitFen)} 元`, {
      field: 'amount',
    });
  const day = beijingDay(ctx.now);
  const used = d.usedDay === day ? d.usedFen : 0;
  if (used + fen > d.dailyLimitFen)
    throw new SimError(
      'SIM_ERR_FUNDS_INSUFFICIENT',
      `超过单日限额 ${formatFen(d.dailyLimitFen)} 元 (今日已代扣 ${formatFen(used)} 元)`,
      { field: 'amount' },
    );
  d.usedDay = day;
  d.usedFen = used + fen;
  p.updatedAt = ctx.now;
  ctx.store.put(p);
}
