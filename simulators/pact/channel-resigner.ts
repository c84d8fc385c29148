/**
 * Each channel's re-signing filter for a merchant's own pact, filled with the credentials of the
 * simulator under verification (what GET /__admin/credentials says, and the key files it names):
 * the merchant's identity in the pact (LFT appId, UnionPay merId, Lakala appid and merchant_no,
 * withhold ua) is replaced by the simulator's and the request signed again with the simulator's
 * keys. DSP's front authenticates nothing, so its requests go on as they are. Withhold's args are
 * encrypted, so that channel needs the AES key the pact was made with, and takes the provider
 * states' values into them by field name (Pact's generators cannot reach inside a ciphertext).
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Credentials } from '../../clients/admin.ts';
import { unionPaySigning } from '../../clients/reference-clients.ts';
import type { UnionPayCredentials } from '../../clients/unionpay.ts';
import { lakalaResigner } from './lakala-resigner.ts';
import { lftResigner } from './lft-resigner.ts';
import type { Resigner } from './resign-filter.ts';
import { unionPayResigner } from './unionpay-resigner.ts';
import { withholdResigner } from './withhold-resigner.ts';

export interface ResignContext {
  credentials: Credentials;
  now(): number;
  /** the key the merchant's pact was encrypted with (withhold's aesKey) */
  pactKey?: string;
  /** the values the interaction's provider states made, by name (read at each request) */
  values?: ReadonlyMap<string, unknown>;
  /** told why a request of the channel's goes on un-resigned (the report's notes) */
  note?(why: string): void;
}

const text = (c: Credentials, ...path: string[]): string => {
  const v = path.reduce<unknown>(
    (x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined),
    c,
  );
  if (typeof v !== 'string') throw new Error(`the simulator's credentials have no ${path.join('.')}`);
  return v;
};

const PASS_THROUGH: Resigner = { handles: () => false, resign: () => undefined };

export const channelResigners: Record<string, (x: ResignContext) => Resigner> = {
  lft: (x) => lftResigner({ appId: text(x.credentials, 'appId'), key: text(x.credentials, 'key'), now: x.now }),
  unionpay: (x) => {
    // one object per family: the signer caches the opened PKCS#12 per credentials object
    const signing = new Map<string, UnionPayCredentials>();
    return unionPayResigner({
      path: text(x.credentials, 'backTransPath'),
      merId: text(x.credentials, 'merId'),
      credentials: (m) => signing.get(m) ?? signing.set(m, unionPaySigning(x.credentials, m)).get(m)!,
    });
  },
  lakala: (x) => {
    const paths = [text(x.credentials, 'paths', 'test'), text(x.credentials, 'paths', 'production')];
    return lakalaResigner({
      paths,
      appid: text(x.credentials, 'appid'),
      serialNo: text(x.credentials, 'serial_no'),
      merchantNo: text(x.credentials, 'merchant_no'),
      key: createPrivateKey(readFileSync(text(x.credentials, 'files', 'merchantKey', 'file'))),
      now: x.now,
    });
  },
  dsp: () => PASS_THROUGH,
  withhold: (x) => {
    const key = text(x.credentials, 'aesKey');
    return withholdResigner({
      pactKey: x.pactKey ?? key,
      pactKeyGiven: x.pactKey !== undefined,
      key,
      ua: text(x.credentials, 'ua'),
      ...(x.values ? { fields: x.values } : {}),
      ...(x.note ? { note: x.note } : {}),
      now: x.now,
    });
  },
};
