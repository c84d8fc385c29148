/**
 * What the withhold simulator holds besides orders: the merchants it knows — each a `ua` with its
 * AES key and settings, its pay types (支付类型, one per payment-system merchant number), the
 * answer that acknowledges its callbacks and the limits of its protocols — generated on first
 * start and kept in the data directory by the core, or supplied; the clock; and the answers to
 * recent requestIds (request-memory.ts). Sequences for the numbers it hands out are the core's.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { ChannelConfig, CredentialsSpec } from '../core/channel.ts';
import type { Clock } from '../core/clock.ts';
import { createRequestMemory, type RequestMemory } from './request-memory.ts';
import { DEFAULT_AES, checkAesSettings, parseYuanToFen, type AesSettings } from './wire/index.ts';

/** what acknowledges a callback: HTTP `status` and, trimmed, the body `body` (any case unless caseSensitive) */
export interface NotifyAck {
  status?: number;
  body: string;
  caseSensitive?: boolean;
}

/** per protocol, in yuan (the seed states none: typical bank 代扣 limits) */
export interface ProtocolLimits {
  single: string;
  daily: string;
}

export interface WithholdMerchant {
  ua: string;
  aesKey: string;
  payTypes: string[];
  aes: AesSettings;
  notifyAck: NotifyAck;
  limits: ProtocolLimits;
}

/** the credentials file: one merchant, optionally more (fields other than ua/aesKey have defaults) */
export type WithholdMerchantInput = Pick<WithholdMerchant, 'ua' | 'aesKey'> & Partial<WithholdMerchant>;
export type WithholdCredentials = WithholdMerchantInput & { merchants?: WithholdMerchantInput[] };

export const DEFAULT_ACK: NotifyAck = { status: 200, body: 'success' };
export const DEFAULT_LIMITS: ProtocolLimits = { single: '50000.00', daily: '200000.00' };
export const DEFAULT_PAY_TYPES = ['PAY01', 'PAY02'];

export interface WithholdRuntime {
  merchants: Map<string, WithholdMerchant>;
  primary: WithholdMerchant;
  credentialsFile?: string;
  clock: Clock;
  requests: RequestMemory;
}

const KEY_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

export function generateWithholdCredentials(): WithholdCredentials {
  // a 16-character key: its UTF-8 bytes are an AES-128 key, as the gateway hands them out
  const aesKey = [...randomBytes(16)].map((b) => KEY_CHARS[b % KEY_CHARS.length]).join('');
  return {
    ua: `SIMUA${randomInt(100000, 999999)}`,
    aesKey,
    payTypes: [...DEFAULT_PAY_TYPES],
    aes: { ...DEFAULT_AES },
    notifyAck: { ...DEFAULT_ACK },
    limits: { ...DEFAULT_LIMITS },
  };
}

function withDefaults(m: WithholdMerchantInput): WithholdMerchant {
  return {
    ua: m.ua,
    aesKey: m.aesKey,
    payTypes: m.payTypes ?? [...DEFAULT_PAY_TYPES],
    aes: { ...DEFAULT_AES, ...m.aes },
    notifyAck: { ...DEFAULT_ACK, ...m.notifyAck },
    limits: { ...DEFAULT_LIMITS, ...m.limits },
  };
}

/** what is wrong with one merchant's settings, or undefined */
function merchantProblem(m: unknown, where: string): string | undefined {
  if (typeof m !== 'object' || m === null) return `${where} must be an object`;
  const c = m as Partial<WithholdMerchant>;
  if (typeof c.ua !== 'string' || c.ua === '') return `${where} needs "ua" (a non-empty string)`;
  if (typeof c.aesKey !== 'string') return `${where} needs "aesKey" (16, 24 or 32 characters)`;
  if (c.payTypes !== undefined && (!Array.isArray(c.payTypes) || !c.payTypes.every((p) => typeof p === 'string' && p)))
    return `${where}.payTypes must be a list of non-empty strings`;
  const full = withDefaults(c as WithholdMerchantInput);
  const aes = checkAesSettings(full.aesKey, full.aes);
  if (aes) return `${where}: ${aes}`;
  if (typeof full.notifyAck.body !== 'string') return `${where}.notifyAck.body must be a string`;
  for (const k of ['single', 'daily'] as const)
    if (!parseYuanToFen(full.limits[k])) return `${where}.limits.${k} must be an amount in yuan, not ${full.limits[k]}`;
  return undefined;
}

export const withholdCredentialsFile: CredentialsSpec<WithholdCredentials> = {
  generate: generateWithholdCredentials,
  check(c) {
    const first = merchantProblem(c, 'credentials');
    if (first) return first;
    const more = (c as WithholdCredentials).merchants;
    if (more === undefined) return undefined;
    if (!Array.isArray(more)) return '"merchants" must be a list';
    for (const [i, m] of more.entries()) {
      const p = merchantProblem(m, `merchants[${i}]`);
      if (p) return p;
    }
    return undefined;
  },
};

export function createWithholdRuntime(
  _config: ChannelConfig,
  env: { clock: Clock; credentials?: WithholdCredentials; credentialsFile?: string },
): WithholdRuntime {
  const creds = env.credentials!;
  const primary = withDefaults(creds);
  const merchants = new Map([[primary.ua, primary]]);
  for (const m of creds.merchants ?? []) merchants.set(m.ua, withDefaults(m));
  return {
    merchants,
    primary,
    credentialsFile: env.credentialsFile,
    clock: env.clock,
    requests: createRequestMemory(),
  };
}
