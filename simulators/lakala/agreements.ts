/**
 * What the simulator keeps about an agreement (the order's data), its key, and the agreement
 * holder as Lakala shows one: a realistic simulated person (a checksum-valid resident ID, a real
 * carrier segment, from core/banks, fixed by the agreement's key) masked the way the answer
 * carries it — the surname and `*`s, the ID's first 6 and last 4, the mobile's first 3 and last
 * 4. Pure: no wire, no scenario decisions.
 */
import { createHash } from 'node:crypto';
import { orderKind } from '../core/channel.ts';
import { formatBeijing } from '../core/codec/beijing-time.ts';
import { createRandom, fakeBankCard, fakePerson } from '../core/banks/index.ts';

/** the masked holder fields of resp_data */
export interface AgreementHolder {
  cust_name: string;
  cert_num: string;
  mobile: string;
  /** 单位分 */
  limit_amount: string;
}

export interface AgreementData {
  merchant_no: string;
  cust_act: string;
  corp_act: string;
  protocol_code: string;
  enterprise_num: string;
  corp_bank_code: string;
  term_no?: string;
  /** 银行代收协议编号, shown once the agreement is signed */
  agreement_no: string;
  /** absent: the answer carries "" for the holder fields, as both of the seed's examples do */
  holder?: AgreementHolder;
  /** the unmasked simulated person behind `holder` (admin view only, never on the wire) */
  person?: { name: string; idNumber: string; mobile: string };
  origin: 'query' | 'admin';
}

export const agreementKind = orderKind<AgreementData>('agreement');

/** merchant_no + cust_act + corp_act + protocol_code: one agreement */
export const agreementKey = (f: Pick<AgreementData, 'merchant_no' | 'cust_act' | 'corp_act' | 'protocol_code'>) =>
  `${f.merchant_no}:${f.cust_act}:${f.corp_act}:${f.protocol_code}`;

/** 银行代收协议编号: the creation day (Beijing) and ten digits fixed by the key */
export function agreementNo(key: string, now: number): string {
  const n = createHash('sha256').update(key).digest().readBigUInt64BE(0) % 10_000_000_000n;
  return `YZT${formatBeijing(now, 'yyyyMMdd')}${n.toString().padStart(10, '0')}`;
}

const seedOf = (s: string) => createHash('md5').update(s).digest().readUInt32BE(0);

export const maskName = (name: string) => {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};
export const maskIdNumber = (id: string) =>
  id.length < 10 ? id : `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
export const maskMobile = (m: string) =>
  m.length < 7 ? m : `${m.slice(0, 3)}${'*'.repeat(m.length - 7)}${m.slice(-4)}`;

/** a simulated holder for an agreement, the same every time for the same key */
export function simulatedHolder(
  key: string,
  limitFen = 5_000_000,
): { holder: AgreementHolder; person: AgreementData['person'] } {
  const p = fakePerson(createRandom(seedOf(`${key}/holder`)));
  return {
    holder: {
      cust_name: maskName(p.name),
      cert_num: maskIdNumber(p.idNumber),
      mobile: maskMobile(p.mobile),
      limit_amount: String(limitFen),
    },
    person: { name: p.name, idNumber: p.idNumber, mobile: p.mobile },
  };
}

/** a Luhn-valid debit card number for an agreement put in place without a cust_act */
export const simulatedCard = (seed: string) => fakeBankCard(createRandom(seedOf(seed)), { kind: 'debit' }).cardNum;
