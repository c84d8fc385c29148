/**
 * What LFT's gateway takes although it is not quite what the spec's examples show, and what the
 * simulator therefore accepts with a journal warning instead of refusing: a notify URL without a
 * scheme (the spec types it only `string`; delivery to it then fails as it would), a prepay
 * `amount` of `100` or `100.5` ("金额,单位元": two decimals are written only for outpay and the
 * answers; it is normalised to `100.00` here, so answers and magic amounts read it so), and a
 * `bankCnaps` that is not 12 digits. The operation's validate runs it before its schema (the core
 * journals the warnings validate adds); it never refuses anything (the schemas do).
 */
import type { Fields } from '../core/channel.ts';
import type { LftOperationName } from './wire/index.ts';

const URL_FIELDS: Partial<Record<LftOperationName, readonly string[]>> = {
  prepay: ['outSuccessNotifyUrl', 'outArrivedNotifyUrl', 'returnUrl'],
  outpay: ['outNotifyUrl'],
};
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;
/** whole yuan or one decimal: what normalising to two decimals can mend */
const SHORT_AMOUNT = /^(0|[1-9]\d{0,11})(\.\d)?$/;
const CNAPS = /^\d{12}$/;

/** warnings for what `fields` (of operation `op`) has that LFT tolerates; a short amount is
 *  normalised in place */
export function toleratedFields(op: LftOperationName, fields: Fields): string[] {
  const warnings: string[] = [];
  for (const name of URL_FIELDS[op] ?? []) {
    const v = fields[name];
    if (typeof v === 'string' && v !== '' && !HAS_SCHEME.test(v))
      warnings.push(
        `${name} ${JSON.stringify(v)} has no scheme (http:// or https://): accepted, but delivery to it fails`,
      );
  }
  const amount = fields.amount;
  if (op === 'prepay' && typeof amount === 'string' && SHORT_AMOUNT.test(amount)) {
    const [yuan, cents = ''] = amount.split('.');
    fields.amount = `${yuan}.${cents.padEnd(2, '0')}`;
    warnings.push(`amount ${JSON.stringify(amount)} is not two decimals: read as ${fields.amount}`);
  }
  const cnaps = fields.bankCnaps;
  if (op === 'outpay' && typeof cnaps === 'string' && cnaps !== '' && !CNAPS.test(cnaps))
    warnings.push(`bankCnaps ${JSON.stringify(cnaps)} is not a 12-digit 联行号: accepted as sent`);
  return warnings;
}
