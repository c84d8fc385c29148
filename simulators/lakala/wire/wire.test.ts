/**
 * Known answers for the Lakala v3 wire: signatures computed by openssl over the seed's example
 * bodies as printed (fixtures/vectors.sh recomputes fixtures/vectors.json), the message layout
 * (every line ends in \n, the last too), the Authorization header in both key orders and with
 * spaces, serials compared as hex numbers, and the field tables.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkSignQry,
  encodeResponse,
  enterpriseNumTooLong,
  formatAuthorization,
  lakalaSign,
  lakalaSignMessage,
  lakalaVerify,
  parseAuthorization,
  parseEnvelope,
  sameSerial,
  serialHexOf,
  DOC_KEY_ORDER,
} from './index.ts';

const FIX = join(import.meta.dirname, '..', 'fixtures');
const read = (f: string) => readFileSync(join(FIX, f));
interface Vector {
  appid: string;
  serial: string;
  timestamp: string;
  nonce: string;
  body: string;
  key: string;
  messageSha256: string;
  signature: string;
}
const vectors = JSON.parse(read('vectors.json').toString('utf8')) as Record<string, Vector> & { certSerialHex: string };

describe('the signed message and SHA256withRSA (openssl known answers)', () => {
  for (const name of ['request1', 'request2', 'response2'] as const) {
    const v = vectors[name]!;
    it(`${name}: signs ${v.body} as openssl did and verifies it`, async () => {
      const body = read(v.body);
      const { createHash } = await import('node:crypto');
      const message = lakalaSignMessage(v, body);
      expect(createHash('sha256').update(message).digest('hex')).toBe(v.messageSha256);
      const key = createPrivateKey(read(v.key));
      expect(lakalaSign(v, body, key)).toBe(v.signature);
      expect(lakalaVerify(v, body, v.signature, createPublicKey(key))).toBe(true);
    });
  }

  it('ends every line with \\n, the body line too', () => {
    const m = lakalaSignMessage({ appid: 'A', serial: '1f', timestamp: '10', nonce: 'n' }, '{}');
    expect(m.toString('utf8')).toBe('A\n1f\n10\nn\n{}\n');
  });

  it('is over the exact bytes: the same JSON re-serialised (spaces gone) does not verify', () => {
    const v = vectors.request1!;
    const body = read(v.body);
    const compact = JSON.stringify(JSON.parse(body.toString('utf8')));
    const pub = createPublicKey(createPrivateKey(read(v.key)));
    expect(lakalaVerify(v, compact, v.signature, pub)).toBe(false);
    expect(lakalaVerify({ ...v, nonce: `${v.nonce}X` }, body, v.signature, pub)).toBe(false);
  });

  it('verifies the response vector with the platform certificate and reads its serial as hex', () => {
    const v = vectors.response2!;
    const cert = read('platform-test.cer').toString('utf8');
    expect(lakalaVerify(v, read(v.body), v.signature, createPublicKey(cert))).toBe(true);
    // openssl x509 -serial prints DFBA8194C41B84CF; the SDK looks it up as new BigInteger(s, 16)
    expect(serialHexOf(cert)).toBe(vectors.certSerialHex);
    expect(sameSerial('00DFBA8194C41B84CF', vectors.certSerialHex)).toBe(true);
    expect(sameSerial('dfba8194c41b84ce', vectors.certSerialHex)).toBe(false);
    expect(sameSerial('not-hex', 'not-hex')).toBe(false);
  });
});

describe('the Authorization header', () => {
  const auth = {
    appid: 'OP00000003',
    serial_no: '00dfba8194c41b84cf',
    timestamp: '1716889423',
    nonce_str: '12RWUSKDFSD4',
    signature: 'c2ln',
  };
  it("writes the official SDK's order and reads both orders, with spaces after commas", () => {
    const sdk = formatAuthorization(auth);
    expect(sdk).toBe(
      'LKLAPI-SHA256withRSA appid="OP00000003",nonce_str="12RWUSKDFSD4",timestamp="1716889423",serial_no="00dfba8194c41b84cf",signature="c2ln"',
    );
    const doc = formatAuthorization(auth, DOC_KEY_ORDER).replace(/,/g, ', ');
    for (const h of [sdk, doc]) expect(parseAuthorization(h)).toMatchObject({ ok: true, auth });
  });
  it('refuses a missing header, another scheme, a repeated or missing key, and bad values, naming them', () => {
    expect(parseAuthorization(undefined)).toMatchObject({ ok: false, message: '请求头 Authorization 缺失' });
    expect(parseAuthorization('Bearer x')).toMatchObject({ ok: false });
    expect(parseAuthorization(`${formatAuthorization(auth)},appid="X"`)).toMatchObject({ ok: false, field: 'appid' });
    expect(parseAuthorization('LKLAPI-SHA256withRSA appid="A",serial_no="1f"')).toMatchObject({
      ok: false,
      field: 'timestamp',
    });
    expect(parseAuthorization(formatAuthorization({ ...auth, serial_no: 'xyz' }))).toMatchObject({
      ok: false,
      field: 'serial_no',
    });
    expect(parseAuthorization(formatAuthorization({ ...auth, nonce_str: 'a-b' }))).toMatchObject({
      ok: false,
      field: 'nonce_str',
    });
    expect(parseAuthorization('LKLAPI-SHA256withRSA appid=OP1')).toMatchObject({ ok: false });
  });
});

describe('bodies and field tables', () => {
  it("parses the seed's examples and accepts their req_data, enterprise_num over String(10) with a warning", () => {
    for (const f of ['example-1-request.json', 'example-2-request.json']) {
      const p = parseEnvelope(read(f).toString('utf8'));
      expect(p.ok).toBe(true);
      const data = (p as unknown as { envelope: { req_data: Record<string, unknown> } }).envelope.req_data;
      expect(checkSignQry(data)).toEqual([]);
    }
    expect(enterpriseNumTooLong('HN43000009023690002')).toMatch(/长度 19 超过文档声明的 String\(10\)/);
    expect(enterpriseNumTooLong('QT330001')).toBeUndefined();
  });
  it('names the field and its label for a missing, over-long or bad value', () => {
    expect(checkSignQry({})[0]?.message).toBe('merchant_no (商户号) 不能为空');
    const base = { merchant_no: 'M', enterprise_num: 'E', corp_bank_code: 'GJ101', cust_act: 'c', corp_act: 'a' };
    expect(checkSignQry({ ...base, sign_flag: '2', protocol_code: 'P' })[0]?.message).toMatch(
      /^sign_flag \(签约解约标记\) 取值错误/,
    );
    expect(checkSignQry({ ...base, sign_flag: '0', protocol_code: 'P'.repeat(31) })[0]?.message).toMatch(
      /^protocol_code \(企业签约协议号\) 超长: 31 > 30/,
    );
    expect(parseEnvelope('[1]').ok).toBe(false);
    expect(parseEnvelope('{').ok).toBe(false);
  });
  it("writes an answer in the seed's key order", () => {
    const body = encodeResponse({
      ret_code: '000000',
      ret_msg: '处理成功',
      resp_time: '20240528174343',
      resp_data: {},
    });
    expect(body).toBe('{"ret_code":"000000","ret_msg":"处理成功","resp_time":"20240528174343","resp_data":{}}');
  });
});
