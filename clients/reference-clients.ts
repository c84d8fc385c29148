/**
 * One factory per channel: a reference client for a running simulator, with what its
 * GET /__admin/credentials says filled in (keys, certificate files, merchant ids) and the
 * simulator's clock as the client's clock (a manual clock's requests are not stale to it). What
 * the caller passes replaces any option: `client({ signMethod: '11' })`, `client({ fetch })`.
 * The library (simulators/library.ts) hands these out as `sims.<channel>.client()`.
 */
import { readFileSync } from 'node:fs';
import type { Credentials } from './admin.ts';
import { createDspClient, type DspClient, type DspClientOptions } from './dsp.ts';
import { createLakalaClient, type LakalaClient, type LakalaClientOptions } from './lakala.ts';
import { createLftClient, type LftClient, type LftClientOptions } from './lft.ts';
import {
  createUnionPayClient,
  type UnionPayClient,
  type UnionPayClientOptions,
  type UnionPayCredentials,
} from './unionpay.ts';
import { createWithholdClient, type WithholdClient, type WithholdClientOptions } from './withhold.ts';

/** what a factory knows of the simulator it builds a client for */
export interface ClientContext {
  baseUrl: string;
  credentials: Credentials;
  now: () => number;
}

/** the credentials document's nested values, read loosely: each channel's shape is its own */
type Doc = Record<string, unknown>;
const at = (d: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Doc)[k] : undefined), d);
const str = (d: unknown, ...path: string[]): string => {
  const v = at(d, ...path);
  if (typeof v !== 'string') throw new Error(`credentials: ${path.join('.')} is missing`);
  return v;
};
const file = (d: unknown, ...path: string[]) => readFileSync(str(d, ...path, 'file'), 'utf8');

/** UnionPay's signing material for each signMethod, from the generated PKI */
export function unionPaySigning(c: Credentials, signMethod: UnionPayCredentials['signMethod']): UnionPayCredentials {
  switch (signMethod) {
    case '01':
      return {
        signMethod,
        pfx: str(c, 'rsa', 'merchantPfx', 'file'),
        password: str(c, 'rsa', 'merchantPfx', 'password'),
      };
    case '21':
      return { signMethod, privateKeyPem: file(c, 'sm2', 'merchantKey'), certPem: file(c, 'sm2', 'merchantCert') };
    default:
      return { signMethod, secureKey: str(c, 'secureKey') };
  }
}

export const referenceClients = {
  lft: (x: ClientContext, o: Partial<LftClientOptions> = {}): LftClient =>
    createLftClient({
      baseUrl: x.baseUrl,
      appId: str(x.credentials, 'appId'),
      key: str(x.credentials, 'key'),
      now: x.now,
      ...o,
    }),
  unionpay: (x: ClientContext, o: Partial<UnionPayClientOptions> = {}): UnionPayClient => {
    const c = x.credentials;
    const sm2 = at(c, 'sm2') !== undefined;
    return createUnionPayClient({
      backTransUrl: `${x.baseUrl}${str(c, 'backTransPath')}`,
      merId: str(c, 'merId'),
      ...unionPaySigning(c, o.signMethod ?? '01'),
      rootCertPem: file(c, 'rsa', 'rootCert'),
      middleCertPem: file(c, 'rsa', 'middleCert'),
      ...(sm2 ? { sm2RootCertPem: file(c, 'sm2', 'rootCert'), sm2MiddleCertPem: file(c, 'sm2', 'middleCert') } : {}),
      now: x.now,
      ...o,
    });
  },
  lakala: (x: ClientContext, o: Partial<LakalaClientOptions> = {}): LakalaClient =>
    createLakalaClient({
      serverUrl: x.baseUrl,
      appid: str(x.credentials, 'appid'),
      serialNo: str(x.credentials, 'serial_no'),
      privateKeyPem: file(x.credentials, 'files', 'merchantKey'),
      platformCertPems: [file(x.credentials, 'files', 'platformCert')],
      now: x.now,
      ...o,
    }),
  dsp: (x: ClientContext, o: Partial<DspClientOptions> = {}): DspClient =>
    createDspClient({ url: `${x.baseUrl}/`, now: x.now, ...o }),
  withhold: (x: ClientContext, o: Partial<WithholdClientOptions> = {}): WithholdClient =>
    createWithholdClient({
      baseUrl: `${x.baseUrl}/`,
      ua: str(x.credentials, 'ua'),
      aesKey: str(x.credentials, 'aesKey'),
      ...(at(x.credentials, 'aes') ? { aes: at(x.credentials, 'aes') as WithholdClientOptions['aes'] } : {}),
      now: x.now,
      ...o,
    }),
};

/** the channels the library can start, each with its reference client */
export type ChannelName = keyof typeof referenceClients;
/** a channel's client factory's options and client */
export type ClientOptionsOf<C extends ChannelName> = Parameters<(typeof referenceClients)[C]>[1];
export type ClientOf<C extends ChannelName> = ReturnType<(typeof referenceClients)[C]>;
