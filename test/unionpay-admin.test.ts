/**
 * The UnionPay admin surface as QA uses it: the credentials a merchant configures (files that
 * exist, what each is), contracts put in place through POST /__admin/unionpay/contracts and moved
 * by the events activate / report-lost / cancel / expire, merchant certificates registered
 * through the admin API or dropped into merchant-certs/ and then verifying requests, a supplied
 * PKI directory, and reset forgetting duplicates. Everything is observed through the wire.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSm2Certificate } from '../simulators/core/crypto/pki-sm2.ts';
import { createSm2Signer, generateSm2KeyPair } from '../simulators/core/crypto/sm2.ts';
import { parseTxnTime } from '../simulators/unionpay/wire/index.ts';
import { createUnionPayHarness, type UnionPayHarness } from './support/unionpay-harness.ts';

let h: UnionPayHarness;
beforeAll(async () => {
  h = await createUnionPayHarness();
});
afterAll(() => h.close());

interface ContractView {
  key: string;
  state: string;
  tokenStatus: string;
  tokenEndExpr: string;
  scenario: string;
  merchant: string;
}

const query = async (contractId: string, overrides: Record<string, string> = {}) =>
  (await h.send(h.query(contractId, overrides))).fields;
const event = (key: string, name: string) =>
  h.admin<ContractView & { error?: { code: string; message: string } }>('POST', `/orders/${key}/events/${name}`);

/** a self-signed RSA certificate made with node-forge, as a merchant might bring */
function userRsaCert(serial: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.serialNumber = serial;
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.validity.notBefore = new Date(h.now() - 86_400_000);
  cert.validity.notAfter = new Date(h.now() + 365 * 86_400_000);
  const name = [{ shortName: 'CN', value: 'merchant-own-cert' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forge.md.sha256.create(),
  );
  return { pem: forge.pki.certificateToPem(cert), key: privateKey, certId: BigInt('0x' + serial).toString(10) };
}

describe('merchants', () => {
  it('the public test merchant by default; more through the admin API, each with its own secure key', async () => {
    const listed = await h.admin<{ merchants: { merId: string; secureKey: string; source: string }[] }>(
      'GET',
      '/unionpay/merchants',
    );
    expect(listed.json.merchants).toContainEqual({
      merId: '777290058110048',
      secureKey: h.keys.secureKey,
      source: 'default',
    });
    // unknown merId: 31 商户状态不正确, whatever the signature
    for (const signMethod of ['01', '11'] as const) {
      const a = await h.send(h.query('ACTIVE-M-1', { merId: '777290058110001' }), { signMethod });
      expect(a.fields, signMethod).toMatchObject({ respCode: '31', merId: '777290058110001' });
      expect(a.fields.respMsg).toBe('商户状态不正确[3100000]');
      expect(a.detail).toContain('merId=777290058110001 不是已配置的商户');
    }
    // configured: a generated secure key of its own; the default merchant's key and certificate are not its
    const made = await h.admin<{ merId: string; secureKey: string }>('POST', '/unionpay/merchants', {
      merId: '777290058110001',
    });
    expect(made.status).toBe(201);
    expect(made.json.secureKey).toMatch(/^[0-9a-f]{32}$/);
    expect(made.json.secureKey).not.toBe(h.keys.secureKey);
    const own = await h.send(h.query('ACTIVE-M-2', { merId: '777290058110001' }), {
      signMethod: '11',
      secureKey: made.json.secureKey,
    });
    expect(own.fields).toMatchObject({ respCode: '00', tokenStatus: '1' });
    const borrowedKey = await h.send(h.query('ACTIVE-M-3', { merId: '777290058110001' }), { signMethod: '11' });
    expect(borrowedKey.fields.respCode).toBe('11');
    // the default merchant's certificate used for another merchant's merId: 11 验证签名失败
    for (const signMethod of ['01', '21'] as const) {
      const a = await h.send(h.query('ACTIVE-M-4', { merId: '777290058110001' }), { signMethod });
      expect(a.fields, signMethod).toMatchObject({ respCode: '11' });
      expect(a.detail).toContain(`登记给 merId=${h.keys.merId}, 不是 merId=777290058110001`);
    }
  });

  it('more merchants from the credentials file (credentials.merchants), in the credentials view', async () => {
    const second = await createUnionPayHarness({
      dataDir: h.dataDir,
      credentials: { merchants: [{ merId: '898000000000001', secureKey: 'file-merchant-key' }] },
    });
    try {
      expect(second.credentials).toMatchObject({
        merchants: expect.arrayContaining([
          { merId: '898000000000001', secureKey: 'file-merchant-key', source: 'credentials' },
        ]),
      });
      const a = await second.send(second.query('ACTIVE-F-1', { merId: '898000000000001' }), {
        signMethod: '12',
        secureKey: 'file-merchant-key',
      });
      expect(a.fields).toMatchObject({ respCode: '00', merId: '898000000000001' });
      const unknown = await second.send(second.query('ACTIVE-F-2', { merId: '898000000000002' }), {
        signMethod: '12',
      });
      expect(unknown.fields.respCode).toBe('31');
    } finally {
      await second.close();
    }
  });
});

describe('credentials', () => {
  it('say where each file is and what it is, for every signature family', () => {
    const c = h.credentials;
    expect(c).toMatchObject({
      channel: 'unionpay',
      merId: '777290058110048',
      backTransPath: '/gateway/api/backTransReq.do',
      pkiGenerated: true,
    });
    expect(Object.keys(c.signMethods as object).sort()).toEqual(['01', '11', '12', '21']);
    expect(c.rsa.merchantPfx.password).toBe('000000');
    for (const f of [...Object.values(c.rsa), ...Object.values(c.sm2)]) expect(existsSync(f.file), f.file).toBe(true);
    for (const id of [
      c.rsa.merchantPfx.certId,
      c.rsa.unionpaySignCert.certId,
      c.sm2.merchantCert.certId,
      c.sm2.unionpaySignCert.certId,
    ]) {
      expect(Number(id)).toBeLessThan(2 ** 53);
    }
    expect(c.secureKey).toMatch(/^[0-9a-f]{32}$/);
    expect(existsSync(c.secureKeyFile as string)).toBe(true);
  });
});

describe('contracts through the admin API', () => {
  it('creates an active contract (bound to unionpay/as-is) and moves it through every event', async () => {
    // 1 put it in place
    const created = await h.admin<ContractView>('POST', '/unionpay/contracts', {
      contractId: 'CT-ADMIN-1',
      planId: 'PLAN0001',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      key: 'CT-ADMIN-1',
      state: 'ACTIVE',
      tokenStatus: '1',
      scenario: 'unionpay/as-is',
      merchant: h.keys.merId,
    });
    expect(await query('CT-ADMIN-1')).toMatchObject({
      respCode: '00',
      tokenStatus: '1',
      tokenEndExpr: created.json.tokenEndExpr,
    });

    // 2 挂失, 解挂, expiry, 注销 — each seen on the wire
    expect((await event('CT-ADMIN-1', 'report-lost')).json.state).toBe('LOST');
    expect(await query('CT-ADMIN-1')).toMatchObject({ tokenStatus: '2' });
    expect((await event('CT-ADMIN-1', 'activate')).json.state).toBe('ACTIVE');
    expect(await query('CT-ADMIN-1')).toMatchObject({ tokenStatus: '1' });
    expect((await event('CT-ADMIN-1', 'expire')).json.state).toBe('EXPIRED');
    const expired = await query('CT-ADMIN-1');
    expect(expired.tokenStatus).toBe('1');
    expect(parseTxnTime(expired.tokenEndExpr!)!).toBeLessThan(h.now());
    expect((await event('CT-ADMIN-1', 'cancel')).json.state).toBe('CANCELLED');
    expect(await query('CT-ADMIN-1')).toMatchObject({ respCode: '00', tokenStatus: '3' });

    // 3 a cancelled contract cannot be activated
    const refused = await event('CT-ADMIN-1', 'activate');
    expect(refused.status).toBe(409);
    expect(refused.json.error!.message).toMatch(/CT-ADMIN-1 状态为 CANCELLED, 不能激活 \(需要 INITIALISED\/LOST\)/);
  });

  it('takes tokenStatus, a past tokenEndExpr (expired), another merId and a scenario', async () => {
    for (const [contractId, tokenStatus, state] of [
      ['CT-ADMIN-0', '0', 'INITIALISED'],
      ['CT-ADMIN-2', 2, 'LOST'],
      ['CT-ADMIN-3', '3', 'CANCELLED'],
    ] as const) {
      expect(
        (await h.admin<ContractView>('POST', '/unionpay/contracts', { contractId, planId: 'P1', tokenStatus })).json
          .state,
      ).toBe(state);
      expect(await query(contractId, { planId: 'P1' })).toMatchObject({ tokenStatus: String(tokenStatus) });
    }
    const old = await h.admin<ContractView>('POST', '/unionpay/contracts', {
      contractId: 'CT-ADMIN-OLD',
      planId: 'P1',
      tokenEndExpr: '20250101235959',
    });
    expect(old.json).toMatchObject({ state: 'EXPIRED', tokenStatus: '1', tokenEndExpr: '20250101235959' });

    await h.admin('POST', '/unionpay/contracts', {
      contractId: 'CT-ADMIN-OTHER',
      planId: 'P1',
      merId: '777290058110099',
    });
    expect(await query('CT-ADMIN-OTHER', { planId: 'P1' })).toMatchObject({ respCode: '34' });
    // the other merchant, configured with its own secure key, signs 11 with it
    await h.admin('POST', '/unionpay/merchants', { merId: '777290058110099', secureKey: 'other-merchant-key' });
    const other = await h.send(h.query('CT-ADMIN-OTHER', { planId: 'P1', merId: '777290058110099' }), {
      signMethod: '11',
      secureKey: 'other-merchant-key',
    });
    expect(other.fields).toMatchObject({ respCode: '00', tokenStatus: '1' });

    await h.admin('POST', '/unionpay/contracts', { contractId: 'CT-ADMIN-PEND', planId: 'P1', scenario: 'pending-05' });
    expect((await query('CT-ADMIN-PEND', { planId: 'P1' })).respCode).toBe('05');
    expect((await query('CT-ADMIN-PEND', { planId: 'P1' })).respCode).toBe('05');
    expect(await query('CT-ADMIN-PEND', { planId: 'P1' })).toMatchObject({ respCode: '00', tokenStatus: '1' });

    const { json } = await h.admin<{ contracts: ContractView[] }>('GET', '/unionpay/contracts');
    expect(json.contracts.map((c) => c.key)).toEqual(
      expect.arrayContaining(['CT-ADMIN-0', 'CT-ADMIN-OLD', 'CT-ADMIN-PEND']),
    );
  });

  it('refuses a bad or duplicate contract with a JSON error saying why', async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ contractId: 'CT-BAD-1' }, 400, /body needs "planId"/],
      [{ contractId: 'CT-BAD-1', planId: 'P', tokenStatus: '7' }, 400, /"tokenStatus" must be 0/],
      [{ contractId: 'CT-BAD-1', planId: 'P', tokenEndExpr: '2025-01-01' }, 400, /YYYYMMDDhhmmss/],
      [{ contractId: 'CT-BAD-1', planId: 'P', merId: '123' }, 400, /merId \(商户代码\) 格式错误/],
      [{ contractId: 'CT-BAD-1', planId: 'P', scenario: 'nope' }, 404, /no scenario "nope"/],
      [{ contractId: 'CT-ADMIN-0', planId: 'P1' }, 409, /exists already/],
    ];
    for (const [body, status, message] of cases) {
      const r = await h.admin<{ error: { message: string } }>('POST', '/unionpay/contracts', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.json.error.message).toMatch(message);
    }
  });
});

describe('merchant certificates', () => {
  it('registers an RSA certificate made by the merchant and verifies requests signed with it', async () => {
    // 1 register
    const mine = userRsaCert('0badc0ffee01');
    const r = await h.admin<{ certId: string; kind: string; signMethod: string; warnings: string[] }>(
      'POST',
      '/unionpay/merchant-certs',
      { certPem: mine.pem },
    );
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ certId: mine.certId, kind: 'rsa', signMethod: '01', warnings: [] });

    // 2 a request signed with it verifies; the answer is signed by UnionPay as usual
    const a = await h.send(h.query('ACTIVE-MINE-1'), { rsa: { certId: mine.certId, key: mine.key } });
    expect(a.fields).toMatchObject({ respCode: '00', tokenStatus: '1' });
    expect(h.checkSignature(a.fields)).toBeUndefined();

    // 3 it is listed
    const { json } = await h.admin<{ certs: Array<{ certId: string; source: string }> }>(
      'GET',
      '/unionpay/merchant-certs',
    );
    expect(json.certs).toContainEqual(expect.objectContaining({ certId: mine.certId, source: 'admin' }));
  });

  it('binds a certificate to the merId it was registered for', async () => {
    const mine = userRsaCert('0badc0ffee02');
    await h.admin('POST', '/unionpay/merchant-certs', { certPem: mine.pem, merId: '777290058110077' });
    const own = await h.send(h.query('ACTIVE-MINE-2', { merId: '777290058110077' }), {
      rsa: { certId: mine.certId, key: mine.key },
    });
    expect(own.fields.respCode).toBe('00');
    const other = await h.send(h.query('ACTIVE-MINE-2'), { rsa: { certId: mine.certId, key: mine.key } });
    expect(other.fields.respCode).toBe('11');
    expect(other.detail).toContain('登记给 merId=777290058110077');
  });

  it('registers an SM2 certificate and verifies signMethod 21 with its certId as the user ID', async () => {
    const keys = generateSm2KeyPair();
    const signer = createSm2Signer(keys.privateKeyHex);
    const name = [{ type: 'CN' as const, value: 'merchant-own-sm2' }];
    const pem = createSm2Certificate({
      serial: 70000000123n,
      subject: name,
      issuer: name,
      notBefore: new Date(h.now() - 86_400_000),
      notAfter: new Date(h.now() + 86_400_000 * 365),
      publicKeyHex: keys.publicKeyHex,
      ca: false,
      keyUsage: ['digitalSignature'],
      issuerSigner: signer,
    });
    const r = await h.admin<{ certId: string; kind: string }>('POST', '/unionpay/merchant-certs', { certPem: pem });
    expect(r.json).toMatchObject({ certId: '70000000123', kind: 'sm2' });
    const a = await h.send(h.query('ACTIVE-MINE-3'), { signMethod: '21', sm2: { certId: '70000000123', signer } });
    expect(a.fields).toMatchObject({ respCode: '00', signMethod: '21' });
    expect(h.checkSignature(a.fields)).toBeUndefined();
  });

  it('refuses what is not a certificate', async () => {
    const r = await h.admin<{ error: { message: string } }>('POST', '/unionpay/merchant-certs', { certPem: 'hello' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/^certPem: not an X\.509 certificate/);
  });

  it('loads certificates from the merchant-certs directory at start, and a supplied PKI directory', async () => {
    // 1 a certificate file in a merchant-certs directory, and a server that reuses this file's PKI
    const dir = mkdtempSync(join(tmpdir(), 'unionpay-merchant-certs-'));
    const mine = userRsaCert('0badc0ffee03');
    writeFileSync(join(dir, 'mine.crt'), mine.pem);
    const second = await createUnionPayHarness({
      dataDir: h.dataDir,
      credentials: {
        merchantCertsDir: dir,
        pkiDir: h.credentials.pkiDir as string,
        merId: h.keys.merId,
        secureKey: h.keys.secureKey,
      },
    });
    try {
      expect(second.credentials).toMatchObject({ pkiGenerated: false });
      expect(second.credentials.rsa.unionpaySignCert.certId).toBe(h.credentials.rsa.unionpaySignCert.certId);
      expect(second.credentials.merchantCerts).toContainEqual({
        certId: mine.certId,
        kind: 'rsa',
        source: 'merchant-certs-dir',
        merId: h.keys.merId, // a certificate without a merId is the default merchant's
      });
      // 2 requests signed with it, or with the PKI's own merchant key, verify
      expect(
        (await second.send(second.query('ACTIVE-DIR-1'), { rsa: { certId: mine.certId, key: mine.key } })).fields
          .respCode,
      ).toBe('00');
      expect((await second.send(second.query('ACTIVE-DIR-2'), { signMethod: '21' })).fields.respCode).toBe('00');
    } finally {
      await second.close();
    }
  });
});

describe('reset', () => {
  it('forgets contracts and the transactions already seen (duplicates answer 12 until then)', async () => {
    const req = h.query('ACTIVE-RESET-1');
    expect((await h.send(req)).fields.respCode).toBe('00');
    expect((await h.send(req)).fields.respCode).toBe('12');
    await h.admin('POST', '/reset');
    expect((await h.admin('GET', '/orders/ACTIVE-RESET-1')).status).toBe(404);
    expect((await h.send(req)).fields.respCode).toBe('00');
  });
});
