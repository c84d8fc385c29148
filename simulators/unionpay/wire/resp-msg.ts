/**
 * respMsg as UnionPay's gateway writes it: the published text of the respCode followed by its
 * internal code in ASCII brackets (`成功[0000000]`, `查无此交易[2600000]`) — nothing else. The
 * gateway never says which field was wrong; the simulator's account of that goes to its journal
 * and its `x-sim-detail` header. Pure: no I/O.
 */
import { UNIONPAY_RESP_CODES, type UnionPayRespCode } from './fields.ts';

/**
 * The internal codes seen in UnionPay's published answers (SDK test fixtures and merchants'
 * logs of the test environment): `00 成功[0000000]`, `05 交易已受理…[6154037]`,
 * `10 报文格式错误[6100030]`, `34 查无此交易[2600000]`. Any other respCode gets the simulator's own:
 * the respCode followed by zeros to seven characters (`13` → `1300000`).
 */
export const UNIONPAY_INTERNAL_CODES: Readonly<Partial<Record<UnionPayRespCode, string>>> = {
  '00': '0000000',
  '05': '6154037',
  '10': '6100030',
  '34': '2600000',
};

/** the internal code in respMsg's brackets for a respCode */
export function unionPayInternalCode(code: UnionPayRespCode): string {
  return UNIONPAY_INTERNAL_CODES[code] ?? code.padEnd(7, '0');
}

/** respMsg for a respCode: `报文交易要素缺失[1300000]` */
export function unionPayRespMsg(code: UnionPayRespCode): string {
  return `${UNIONPAY_RESP_CODES[code]}[${unionPayInternalCode(code)}]`;
}
