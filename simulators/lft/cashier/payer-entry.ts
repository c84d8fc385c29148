/**
 * What the payer types at the QP cashier's first step (card, name, ID number, 预留手机号), read
 * and checked as a bank's 快捷支付 page checks it before it sends a code: a card number that fails
 * Luhn or has no known BIN is refused with a message, never replaced; an empty card, name or ID
 * number is allowed (the simulator pays with a simulated one and the page says so); a name or ID
 * number the merchant sent cannot be changed ("传入则收银台用户不能修改").
 */
import { bankOfCard, isLuhnValid, isValidIdNumber } from '../../core/banks/index.ts';
import type { PayinData } from '../views.ts';
import { MOBILE_PATTERN } from './sms.ts';

export interface EntryValues {
  cardNum: string;
  qpUserName: string;
  qpCertNumber: string;
  mobile: string;
}
export type EntryErrors = Partial<Record<keyof EntryValues, string>>;

export interface PayerEntry {
  /** as typed, to fill the form again when it is refused */
  values: EntryValues;
  /** normalised, for the cashier-sms event (empty ones left out) */
  fields: Record<string, string>;
  errors: EntryErrors;
}

const ENTRY_FIELDS = ['cardNum', 'qpUserName', 'qpCertNumber', 'mobile'] as const;

export function readPayerEntry(form: Record<string, string>, d: PayinData): PayerEntry {
  const values = Object.fromEntries(ENTRY_FIELDS.map((k) => [k, (form[k] ?? '').trim()])) as unknown as EntryValues;
  const errors: EntryErrors = {};
  const fields: Record<string, string> = {};

  const card = values.cardNum.replace(/[\s-]/g, '');
  if (card !== '') {
    if (!/^\d{12,19}$/.test(card) || !isLuhnValid(card)) errors.cardNum = '银行卡号有误，请核对后重新输入';
    else if (!bankOfCard(card)) errors.cardNum = '暂不支持该银行卡，请更换其他银行的卡';
    else fields.cardNum = card;
  }
  if (!d.qpUserName && values.qpUserName !== '') {
    if (values.qpUserName.length > 50) errors.qpUserName = '姓名过长，请核对后重新输入';
    else fields.qpUserName = values.qpUserName;
  }
  if (!d.qpCertNumber && values.qpCertNumber !== '') {
    const id = values.qpCertNumber.toUpperCase();
    if (!isValidIdNumber(id)) errors.qpCertNumber = '身份证号码有误，请核对后重新输入';
    else fields.qpCertNumber = id;
  }
  const mobile = values.mobile.replace(/[\s-]/g, '');
  if (mobile === '') errors.mobile = '请输入银行预留手机号';
  else if (!MOBILE_PATTERN.test(mobile)) errors.mobile = '手机号有误，请输入 11 位银行预留手机号';
  else fields.mobile = mobile;
  return { values, fields, errors };
}
