/**
 * The field rules that need the bank tables, run after a method's schema passed (in the seed's
 * field order): the GB 11643 check digit of an ID number, Luhn and a known BIN for a card, a pay
 * type the merchant has, an amount above zero.
 */
import type { Decoded, Fields } from '../core/channel.ts';
import { bankOfCard, idCheckChar, isLuhnValid, isValidIdNumber } from '../core/banks/index.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import type { WithholdRuntime } from './runtime.ts';
import { argsProblems, parseYuanToFen, withholdRequestSchemas, type WithholdMethod } from './wire/index.ts';

const invalid = (field: string, message: string) => new SimError('SIM_ERR_FIELD_INVALID', message, { field });

function idCardProblem(id: string): string | undefined {
  if (isValidIdNumber(id)) return undefined;
  const expected = idCheckChar(id.slice(0, 17));
  return isValidIdNumber(id.slice(0, 17) + expected)
    ? `校验位错误 (GB 11643), 应为 ${expected}`
    : '地区码或出生日期不合法';
}

function cardProblem(card: string): string | undefined {
  if (!isLuhnValid(card)) return '未通过 Luhn 校验';
  return bankOfCard(card) ? undefined : `卡 BIN ${card.slice(0, 6)} 不是已知银行的卡号`;
}

const show = (v: string) => JSON.stringify(v);

/** the checks a schema cannot state, by field (run in the order each method lists its fields) */
const CHECKS: Record<string, (v: string, rt: WithholdRuntime, ua: string) => SimError | undefined> = {
  amount: (v) => (parseYuanToFen(v) === 0 ? invalid('amount', 'amount (交易金额) 必须大于 0') : undefined),
  bank_card_number: (v) => {
    const p = cardProblem(v);
    return p === undefined
      ? undefined
      : invalid('bank_card_number', `bank_card_number (银行卡号) 格式错误: ${show(v)} ${p}`);
  },
  id_card_number: (v) => {
    const p = idCardProblem(v.toUpperCase());
    return p === undefined
      ? undefined
      : invalid('id_card_number', `id_card_number (身份证号) 格式错误: ${show(v)} ${p}`);
  },
  pay_type: (v, rt, ua) => {
    const types = rt.merchants.get(ua)?.payTypes ?? [];
    return types.includes(v)
      ? undefined
      : invalid('pay_type', `pay_type (支付类型) 取值错误: ${show(v)}, 本商户的支付类型为 ${types.join('|')}`);
  },
};

export function validator(method: WithholdMethod) {
  const order = Object.keys(withholdRequestSchemas[method]);
  return (fields: Fields, decoded: Decoded, rt: WithholdRuntime): void => {
    const problem = argsProblems(method, fields)[0];
    if (problem) throw fieldProblemError(problem);
    for (const field of order) {
      const v = fields[field];
      if (typeof v !== 'string' || v === '') continue;
      const err = CHECKS[field]?.(v, rt, decoded.merchant);
      if (err) throw err;
    }
  };
}
