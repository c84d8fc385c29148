/**
 * UnionPay in the conformance suite: form-encoded 78/20 requests signed with the secure key (11),
 * answers checked as raw k=v strings whose signature verifies in the family they were signed in
 * (01: with signPubKeyCert, 21: SM2 with its certId as user ID, 11/12: the secure key); a request
 * number already served is still refused (12) after a restart.
 */
import { createPublicKey } from 'node:crypto';
import { sm2PublicKeyFromPem } from '../../simulators/core/crypto/pki-sm2.ts';
import { unionpay } from '../../simulators/unionpay/index.ts';
import {
  contractQueryFields,
  certIdOf,
  encodeFormBody,
  formatTxnTime,
  parseUnionPayResponse,
  signUnionPay,
  verifyUnionPay,
} from '../../simulators/unionpay/wire/index.ts';
import { header, mutate, randomText, type ChannelFixture, type WireAnswer } from './fixture.ts';

const PATH = '/gateway/api/backTransReq.do';
const FORM = { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' };
const fieldsOf = (a: WireAnswer) => parseUnionPayResponse(a.body.toString('utf8'));

function verifies(f: Record<string, string>, secureKey: string): boolean {
  if (f.signMethod === '11' || f.signMethod === '12') return verifyUnionPay(f, { secureKey });
  const cert = f.signPubKeyCert;
  if (!cert) return false;
  if (f.signMethod === '01') return verifyUnionPay(f, { rsaPublicKey: createPublicKey(cert) });
  return verifyUnionPay(f, { sm2PublicKey: sm2PublicKeyFromPem(cert), sm2UserId: certIdOf(cert) });
}

export const unionpayFixture: ChannelFixture = {
  channel: unionpay,
  path: PATH,
  make(credentials) {
    const secureKey = String(credentials.secureKey);
    let seq = 0;
    const base = (now: number) =>
      contractQueryFields({
        merId: '777290058110048',
        orderId: `CONF${String(++seq).padStart(8, '0')}`,
        txnTime: formatTxnTime(now),
        contractId: 'ACTIVE0001',
        planId: 'PLAN01',
      });
    const signed = (f: Record<string, string>) => encodeFormBody(signUnionPay(f, { signMethod: '11', secureKey }));
    return {
      valid: (_i, now) => ({ path: PATH, headers: FORM, body: signed(base(now)) }),
      fuzz(r, _i, now) {
        const headers = {
          'content-type': r.pick(['application/x-www-form-urlencoded', 'text/plain', 'application/json', '']),
        };
        switch (r.int(0, 2)) {
          case 0:
            return { path: PATH, headers, body: randomText(r) };
          case 1:
            return {
              path: PATH,
              headers,
              body: encodeFormBody(
                mutate(r, signUnionPay(base(now), { signMethod: '11', secureKey })) as Record<string, string>,
              ),
            };
          default:
            return { path: PATH, headers, body: signed(mutate(r, base(now)) as Record<string, string>) };
        }
      },
      check(a) {
        if (header(a, 'content-type') !== 'text/html;charset=UTF-8') return `content-type ${header(a, 'content-type')}`;
        const f = fieldsOf(a);
        if (!/^\d\d$/.test(f.respCode ?? '')) return `respCode ${f.respCode}`;
        if (!verifies(f, secureKey)) return `signature (signMethod ${f.signMethod}) does not verify`;
        return undefined;
      },
      ok: (a) => fieldsOf(a).respCode === '00',
      async before(send, now) {
        const body = signed(base(now));
        const first = fieldsOf(await send({ path: PATH, headers: FORM, body }));
        return first.respCode === '00' ? body : undefined;
      },
      async after(send, body) {
        if (typeof body !== 'string') return 'the first query before the restart did not succeed';
        const again = fieldsOf(await send({ path: PATH, headers: FORM, body }));
        return again.respCode === '12'
          ? undefined
          : `the same orderId/txnTime after a restart answered ${again.respCode}, not 12 重复交易`;
      },
    };
  },
};
