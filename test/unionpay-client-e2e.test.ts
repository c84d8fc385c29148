/**
 * The reference client (clients/unionpay.ts) against a listening simulator, end to end, configured
 * the way a merchant configures an SDK: the files GET /__admin/credentials names (the PKCS#12
 * with 000000, the SM2 key and certificate, root and middle certificates, the secure key) and the
 * backTransUrl. Every signature family verifies the simulator's answers as the SDKs do; the
 * non-00 answers (pending, not found, signature refused) are results, a reset connection is a
 * transport error.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignatureError, TransportError } from '../clients/http.ts';
import { createUnionPayClient, type UnionPayClient, type UnionPayCredentials } from '../clients/unionpay.ts';
import type { UnionPaySignMethod } from '../simulators/unionpay/wire/index.ts';
import { createUnionPayHarness, type UnionPayHarness } from './support/unionpay-harness.ts';

let h: UnionPayHarness;
let seq = 0;
beforeAll(async () => {
  h = await createUnionPayHarness();
});
afterAll(() => h.close());

const read = (f: string) => readFileSync(f, 'utf8');

function credentialsFor(signMethod: UnionPaySignMethod): UnionPayCredentials {
  const c = h.credentials;
  switch (signMethod) {
    case '01':
      return { signMethod, pfx: c.rsa.merchantPfx.file, password: c.rsa.merchantPfx.password! };
    case '21':
      return { signMethod, privateKeyPem: read(c.sm2.merchantKey.file), certPem: read(c.sm2.merchantCert.file) };
    default:
      return { signMethod, secureKey: c.secureKey };
  }
}

function clientFor(
  signMethod: UnionPaySignMethod,
  extra: Partial<Parameters<typeof createUnionPayClient>[0]> = {},
): UnionPayClient {
  const c = h.credentials;
  return createUnionPayClient({
    backTransUrl: `${h.baseUrl}${c.backTransPath}`,
    merId: c.merId,
    ...credentialsFor(signMethod),
    rootCertPem: read(c.rsa.rootCert.file),
    middleCertPem: read(c.rsa.middleCert.file),
    sm2RootCertPem: read(c.sm2.rootCert.file),
    sm2MiddleCertPem: read(c.sm2.middleCert.file),
    now: () => h.now(),
    ...extra,
  });
}

const orderId = () => `E2E${Date.now().toString(36)}${String(++seq).padStart(5, '0')}`;

describe.each(['01', '21', '11', '12'] as UnionPaySignMethod[])(
  'signMethod %s through the reference client',
  (signMethod) => {
    it('reads an active contract, verifying the answer as the SDKs do', async () => {
      const r = await clientFor(signMethod).queryContractStatus({
        orderId: orderId(),
        contractId: `ACTIVE-E2E-${signMethod}`,
        planId: 'PLAN0001',
      });
      expect(r).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' }, pending: false });
      expect(r.data.tokenEndExpr).toMatch(/^\d{14}$/);
      expect(r.fields.signMethod).toBe(signMethod);
    });

    it('sees 04 twice as pending, then the status; 34 for an unknown contract', async () => {
      const client = clientFor(signMethod);
      const ask = () =>
        client.queryContractStatus({ orderId: orderId(), contractId: `PEND04-E2E-${signMethod}`, planId: 'PLAN0001' });
      expect(await ask()).toMatchObject({ ok: false, code: '04', pending: true });
      expect(await ask()).toMatchObject({ ok: false, code: '04', pending: true });
      expect(await ask()).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' }, pending: false });
      const unknown = await client.queryContractStatus({
        orderId: orderId(),
        contractId: 'CT-E2E-UNKNOWN',
        planId: 'PLAN0001',
      });
      expect(unknown).toMatchObject({ ok: false, code: '34', pending: false });
      expect(unknown.data.tokenStatus).toBeUndefined();
    });
  },
);

describe("the reference client meets the simulator's errors and scenarios", () => {
  it('gets 11, verified, when its secure key is wrong', async () => {
    const r = await clientFor('11', { secureKey: 'wrong-key' })
      .queryContractStatus({ orderId: orderId(), contractId: 'ACTIVE-E2E-X', planId: 'PLAN0001' })
      .catch((e: Error) => e);
    // the answer is signed with the merchant's real key, so a client holding the wrong one cannot verify it
    expect(r).toBeInstanceOf(SignatureError);
    expect((r as Error).message).toContain('respCode=11');
  });

  it('gets 13 naming the field it left out (the client validates nothing)', async () => {
    const r = await clientFor('01').queryContractStatus({
      orderId: orderId(),
      contractId: 'ACTIVE-E2E-13',
      planId: 'PLAN0001',
      accessType: '2',
      subMerId: 'SUB01',
    });
    expect(r.code).toBe('13');
    expect(r.msg).toBe('报文交易要素缺失[1300000]');
    expect(r.simDetail).toContain('subMerName (二级商户名称) 未上送');
  });

  it('chooses a scenario with the scenario option and follows an admin-created contract through events', async () => {
    const client = clientFor('21');
    expect(
      (
        await client.queryContractStatus(
          { orderId: orderId(), contractId: 'CT-E2E-LOST', planId: 'P9' },
          { scenario: 'lost' },
        )
      ).data.tokenStatus,
    ).toBe('2');
    await h.admin('POST', '/unionpay/contracts', { contractId: 'CT-E2E-ADMIN', planId: 'P9', tokenStatus: 0 });
    const ask = () => client.queryContractStatus({ orderId: orderId(), contractId: 'CT-E2E-ADMIN', planId: 'P9' });
    expect((await ask()).data.tokenStatus).toBe('0');
    await h.admin('POST', '/orders/CT-E2E-ADMIN/events/activate');
    expect((await ask()).data.tokenStatus).toBe('1');
    await h.admin('POST', '/orders/CT-E2E-ADMIN/events/cancel');
    expect((await ask()).data.tokenStatus).toBe('3');
  });

  it('raises a transport error when the connection is reset, and reads the contract on the retry', async () => {
    const client = clientFor('01');
    await expect(
      client.queryContractStatus({ orderId: orderId(), contractId: 'RESET-E2E-1', planId: 'PLAN0001' }),
    ).rejects.toBeInstanceOf(TransportError);
    expect(
      await client.queryContractStatus({ orderId: orderId(), contractId: 'RESET-E2E-1', planId: 'PLAN0001' }),
    ).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' } });
  });
});
