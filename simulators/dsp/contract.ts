/**
 * What the DSP simulator keeps about a contract (the order's data), how a request names one, and
 * the SMS code of a de-contract application. A contract is identified by AuthCode (协议号) when
 * it is not empty, else PolicyNo (保单号), together with PayAct and RecAct: Step 02 finds Step
 * 01's application by that identity, never by message ids (every message has its own TransSeqID
 * and ReqSeqID). The SMS code is shown at data.smsCode (admin order view) and in the journal's
 * warnings; it expires 5 minutes of simulator time after it was sent and allows 3 wrong tries.
 */
import { orderKind } from '../core/channel.ts';
import { md5Hex } from '../core/crypto/md5.ts';

export const SMS_CODE_TTL_MS = 5 * 60_000;
export const SMS_CODE_TRIES = 3;

export type SmsStatus = 'sent' | 'used' | 'expired' | 'exhausted' | 'refused' | 'void';

export interface ContractData {
  AuthCode?: string;
  PolicyNo?: string;
  PayAct?: string;
  RecAct?: string;
  BankCode?: string;
  PayName?: string;
  RecName?: string;
  CellPhone?: string;
  origin: 'wire' | 'admin';
  /** the SMS code of the last de-contract application (Step 01) */
  smsCode?: string;
  smsStatus?: SmsStatus;
  smsSentTo?: string;
  smsSentAt?: string;
  smsExpiresAt?: string;
  smsTriesLeft?: number;
  applyReqSeqID?: string;
  cancelReqSeqID?: string;
  cancelledAt?: string;
}

export const contractKind = orderKind<ContractData>('contract');

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** the contract a request names: AuthCode, else PolicyNo, with PayAct and RecAct */
export function contractKeyOf(f: Record<string, unknown>): string {
  return `${text(f.AuthCode) || text(f.PolicyNo)}:${text(f.PayAct)}:${text(f.RecAct)}`;
}

/** the field that named the contract, for messages */
export function contractKeyField(f: Record<string, unknown>): string {
  return text(f.AuthCode) ? 'AuthCode' : 'PolicyNo';
}

/** the identity fields of a request, as kept on the contract */
export function identityOf(
  f: Record<string, unknown>,
): Pick<ContractData, 'AuthCode' | 'PolicyNo' | 'PayAct' | 'RecAct'> {
  const out: Pick<ContractData, 'AuthCode' | 'PolicyNo' | 'PayAct' | 'RecAct'> = {};
  for (const k of ['AuthCode', 'PolicyNo', 'PayAct', 'RecAct'] as const) if (text(f[k])) out[k] = text(f[k]);
  return out;
}

/** a six-digit code, the same for the same (contract, n): reproducible runs, unguessable enough for tests */
export function smsCodeFor(key: string, n: number): string {
  return String(Number.parseInt(md5Hex(`sms:${n}:${key}`).slice(0, 8), 16) % 1_000_000).padStart(6, '0');
}

/** what a Step 01 leaves on the contract */
export function applicationOf(code: string, to: string, now: number, reqSeqId: string): Partial<ContractData> {
  return {
    smsCode: code,
    smsStatus: 'sent',
    smsSentTo: to,
    smsSentAt: new Date(now).toISOString(),
    smsExpiresAt: new Date(now + SMS_CODE_TTL_MS).toISOString(),
    smsTriesLeft: SMS_CODE_TRIES,
    applyReqSeqID: reqSeqId,
  };
}

export function isExpired(d: ContractData, now: number): boolean {
  return d.smsExpiresAt !== undefined && now > Date.parse(d.smsExpiresAt);
}
