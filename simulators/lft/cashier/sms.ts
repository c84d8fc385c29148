/**
 * The QP cashier's SMS verification step: a six-digit code "sent" to the payer's 预留手机号 (no
 * SMS leaves the simulator: the page and the admin order view show the code), valid for five
 * minutes of the simulator's clock, replaced by each resend. Codes are drawn from the order
 * number and the send count, so a run replays with the same codes, as its cards and payers do.
 */
import { createHash } from 'node:crypto';
import type { CashierSms } from '../views.ts';

/** how long a code is good for: what Chinese banks' 快捷支付 codes commonly allow */
export const SMS_CODE_TTL_MS = 5 * 60_000;

/** a mainland mobile number: 11 digits on a 13x–19x segment */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

export function issueSmsCode(outReqNo: string, mobile: string, now: number, previous?: CashierSms): CashierSms {
  const sent = (previous?.sent ?? 0) + 1;
  const n = createHash('md5').update(`${outReqNo}/sms/${sent}`).digest().readUInt32BE(0) % 1_000_000;
  return { mobile, code: String(n).padStart(6, '0'), sentAt: now, expiresAt: now + SMS_CODE_TTL_MS, sent };
}

export type SmsCheck = 'ok' | 'not-sent' | 'empty' | 'expired' | 'wrong';

export function checkSmsCode(sms: CashierSms | undefined, typed: string, now: number): SmsCheck {
  if (!sms) return 'not-sent';
  const code = typed.trim();
  if (code === '') return 'empty';
  if (now > sms.expiresAt) return 'expired';
  return code === sms.code ? 'ok' : 'wrong';
}

/** 138****5678, as a bank's page shows where the code went */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : mobile;
}
