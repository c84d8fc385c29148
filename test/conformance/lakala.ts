/**
 * Lakala in the conformance suite: JSON envelopes to the sign_qry paths with a
 * `LKLAPI-SHA256withRSA` Authorization signed with the generated merchant key (read from the file
 * the credentials name), answers checked as `{ret_code, ret_msg, resp_time}` JSON whose Lklapi-*
 * signature verifies with the platform certificate (lklCerPath) and whose Lklapi-Serial is that
 * certificate's hex serial; an agreement moved by an event survives a restart.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lakala } from '../../simulators/lakala/index.ts';
import { generateLakalaCredentials } from '../../simulators/lakala/runtime.ts';
import {
  encodeRequest,
  formatAuthorization,
  formatLakalaTime,
  lakalaSign,
  lakalaVerify,
  readResponseSignature,
  sameSerial,
  serialHexOf,
} from '../../simulators/lakala/wire/index.ts';
import { header, junk, mutate, randomText, type ChannelFixture, type WireAnswer, type WireCall } from './fixture.ts';

const PATH = '/sit/api/v3/ltbs/dsf/sign_qry';
const PATHS = [PATH, '/api/v3/ltbs/dsf/sign_qry'];
const JSON_TYPE = 'application/json;charset=UTF-8';

export interface LakalaSigner {
  appid: string;
  serialNo: string;
  key: KeyObject;
}

export function signedCall(s: LakalaSigner, body: string, now: number, path = PATH, nonce = 'conf0001'): WireCall {
  const timestamp = String(Math.floor(now / 1000));
  const signature = lakalaSign({ appid: s.appid, serial: s.serialNo, timestamp, nonce }, body, s.key);
  return {
    path,
    headers: {
      'content-type': JSON_TYPE,
      authorization: formatAuthorization({
        appid: s.appid,
        serial_no: s.serialNo,
        timestamp,
        nonce_str: nonce,
        signature,
      }),
    },
    body,
  };
}

export const exampleReqData = (protocol_code: string, sign_flag = '0') => ({
  merchant_no: '4002024052370293947',
  enterprise_num: 'HN43000009023690002',
  corp_bank_code: 'GJ101',
  sign_flag,
  cust_act: '6227002920120342761',
  corp_act: '43050179373600000471',
  protocol_code,
});

const bodyOf = (req_data: unknown, now: number) =>
  encodeRequest({ version: '3.0', req_time: formatLakalaTime(now), req_id: `R${now}`, req_data: req_data as object });

const parse = (a: WireAnswer) => JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;

/** a committed PKI (contracts/support/fixtures/lakala/pki): every instance the suite starts signs with the same keys */
export const FIXTURE_PKI_DIR = join(
  import.meta.dirname,
  '..',
  '..',
  'contracts',
  'support',
  'fixtures',
  'lakala',
  'pki',
);

export const lakalaFixture: ChannelFixture = {
  channel: lakala,
  credentials: { ...generateLakalaCredentials(), pkiDir: FIXTURE_PKI_DIR },
  path: PATH,
  make(credentials) {
    const files = credentials.files as Record<string, { file: string }>;
    const signer: LakalaSigner = {
      appid: String(credentials.appid),
      serialNo: String(credentials.serial_no),
      key: createPrivateKey(readFileSync(files.merchantKey!.file)),
    };
    const platformPem = readFileSync(files.platformCert!.file, 'utf8');
    const platformKey = createPublicKey(platformPem);
    const platformSerial = serialHexOf(platformPem);
    let seq = 0;
    const valid = (now: number) => bodyOf(exampleReqData(`CONF${++seq}`), now);
    return {
      valid: (_i, now) => signedCall(signer, valid(now), now),
      fuzz(r, _i, now) {
        const path = r.pick(PATHS);
        const call = (() => {
          switch (r.int(0, 4)) {
            case 0:
              return signedCall(signer, randomText(r), now, path);
            case 1: // a signed envelope with a mutated req_data
              return signedCall(
                signer,
                bodyOf(mutate(r, exampleReqData(`F${r.digits(4)}`, r.pick(['0', '1']))), now),
                now,
                path,
              );
            case 2: // a mutated envelope
              return signedCall(
                signer,
                JSON.stringify(mutate(r, JSON.parse(valid(now)) as Record<string, unknown>)),
                now,
                path,
              );
            case 3: {
              // a body changed after signing, or a broken Authorization
              const c = signedCall(signer, valid(now), now, path);
              const auth = c.headers!.authorization!;
              return r.int(0, 1) === 0
                ? { ...c, body: `${String(c.body)} ` }
                : {
                    ...c,
                    headers: { ...c.headers, authorization: auth.slice(0, r.int(0, auth.length)) + String(junk(r)) },
                  };
            }
            default:
              return { ...signedCall(signer, valid(now), now - r.int(0, 3) * 3_600_000, path), body: valid(now) };
          }
        })();
        return { ...call, headers: { ...call.headers, 'content-type': r.pick([JSON_TYPE, 'text/plain', '']) } };
      },
      check(a) {
        if (header(a, 'content-type') !== JSON_TYPE) return `content-type ${header(a, 'content-type')}`;
        let body: Record<string, unknown>;
        try {
          body = parse(a);
        } catch {
          return 'not JSON';
        }
        if (
          !/^\d{6}$/.test(String(body.ret_code)) ||
          typeof body.ret_msg !== 'string' ||
          !/^\d{14}$/.test(String(body.resp_time))
        )
          return `ret_code/ret_msg/resp_time ${JSON.stringify([body.ret_code, body.ret_msg, body.resp_time])}`;
        const sig = readResponseSignature((n) => header(a, n.toLowerCase()) || undefined);
        if (!sig.ok) return `no ${sig.missing} header`;
        if (!sameSerial(sig.sig.serial, platformSerial))
          return `Lklapi-Serial ${sig.sig.serial} is not ${platformSerial}`;
        if (!lakalaVerify(sig.sig, a.body, sig.sig.signature, platformKey)) return 'Lklapi-Signature does not verify';
        return undefined;
      },
      ok: (a) => parse(a).ret_code === '000000',
      async before(send, now) {
        const made = await send(signedCall(signer, bodyOf(exampleReqData('PENDQPERSIST'), now), now));
        return parse(made).ret_code === '000000' ? 'PENDQPERSIST' : undefined;
      },
      async after(send, code, now) {
        if (typeof code !== 'string') return 'the query before the restart did not succeed';
        // the agreement was awaiting verification (4) for 2 queries: the second, after the restart, still 4,
        // the third finds it signed (2): its scenario and cursor survived
        const states: unknown[] = [];
        for (let i = 0; i < 2; i++) {
          const a = await send(signedCall(signer, bodyOf(exampleReqData(code), now), now, PATH, `after${i}`));
          states.push((parse(a).resp_data as Record<string, unknown> | undefined)?.result_state);
        }
        return JSON.stringify(states) === '["4","2"]'
          ? undefined
          : `result_state after restart ${JSON.stringify(states)}, not ["4","2"]`;
      },
    };
  },
};
