/**
 * The Lakala admin surface as QA uses it: the credentials a merchant configures Lakala's SDK with
 * (every file exists, is PEM text, valid now, with the serial the SDK expects), the PKI kept
 * across a restart, agreements put in place and moved, merchants and merchant certificates added
 * (through the admin API or dropped into merchant-certs/) and then verifying requests, and strict
 * mode. Everything is observed through the wire and the admin API.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdirSync, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLakalaClient, type LakalaClient } from '../clients/lakala.ts';
import { isValidIdNumber, isLuhnValid } from '../simulators/core/banks/index.ts';
import { lakala } from '../simulators/lakala/index.ts';
import { generateLakalaCredentials } from '../simulators/lakala/runtime.ts';
import { exampleReqData } from './conformance/lakala.ts';
import { startSimulator, type StartedSimulator, type StartOptions } from './support/simulator.ts';

const FIX = join(import.meta.dirname, '..', 'simulators', 'lakala', 'fixtures');
const OWN_CERT = readFileSync(join(FIX, 'merchant-test.cer'), 'utf8');
const OWN_KEY = readFileSync(join(FIX, 'merchant-test.key.pem'));

interface FileEntry {
  file: string;
  serialNo: string;
  sdk?: string;
  what: string;
}
interface LakalaCreds {
  appid: string;
  serial_no: string;
  merchant_no: string;
  files: Record<string, FileEntry>;
  sdk: { appId: string; serialNo: string; priKeyPath: string; lklCerPath: string; lklNotifyCerPath: string };
}

let sim: StartedSimulator;
let creds: LakalaCreds;
beforeAll(async () => {
  sim = await startSimulator(lakala);
  creds = sim.credentials as unknown as LakalaCreds;
});
afterAll(() => sim.close());

function clientOf(s: StartedSimulator, over: { appid?: string; serialNo?: string; key?: Buffer } = {}): LakalaClient {
  const c = s.credentials as unknown as LakalaCreds;
  return createLakalaClient({
    serverUrl: s.baseUrl,
    appid: over.appid ?? c.appid,
    serialNo: over.serialNo ?? c.serial_no,
    privateKeyPem: over.key ?? readFileSync(c.sdk.priKeyPath),
    platformCertPems: [readFileSync(c.sdk.lklCerPath)],
    now: () => s.now(),
  });
}

describe('credentials', () => {
  it('name every file, its serial and the SDK setting it fills; every certificate is PEM text and valid now', () => {
    expect(creds).toMatchObject({ appid: 'OP00000003', merchant_no: '4002024052370293947' });
    expect(Object.keys(creds.files).sort()).toEqual([
      'merchantCert',
      'merchantKey',
      'notifyCert',
      'platformCert',
      'verifyCodeCert',
    ]);
    expect(creds.files.platformCert!.sdk).toBe('lklCerPath');
    expect(creds.files.notifyCert!.sdk).toBe('lklNotifyCerPath');
    expect(creds.files.merchantKey!.sdk).toBe('priKeyPath');
    for (const [name, f] of Object.entries(creds.files)) {
      expect(f.what, name).not.toBe('');
      if (name === 'merchantKey') {
        expect(readFileSync(f.file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
        continue;
      }
      const text = readFileSync(f.file, 'utf8');
      expect(text, name).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const x = new X509Certificate(text);
      expect(Date.parse(x.validFrom)).toBeLessThanOrEqual(sim.now());
      expect(Date.parse(x.validTo)).toBeGreaterThan(sim.now());
      // serialNo as the SDK sends and compares it: new BigInteger(serial, 16)
      expect(BigInt(`0x${f.serialNo}`).toString(16)).toBe(f.serialNo);
      expect(BigInt(`0x${x.serialNumber}`)).toBe(BigInt(`0x${f.serialNo}`));
    }
    expect(creds.serial_no).toBe(creds.files.merchantCert!.serialNo);
    expect(creds.sdk).toMatchObject({ appId: creds.appid, serialNo: creds.serial_no });
  });

  it('are generated once into <dataDir>/lakala/ and reloaded after a restart (same serials, same agreements)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakala-keep-'));
    try {
      const first = await startSimulator(lakala, { dataDir, persist: true });
      const a = first.credentials as unknown as LakalaCreds;
      expect((await clientOf(first).signQry(exampleReqData('KEEP1'))).ok).toBe(true);
      await first.close();
      const second = await startSimulator(lakala, { dataDir, persist: true });
      const b = second.credentials as unknown as LakalaCreds;
      expect(b.serial_no).toBe(a.serial_no);
      expect(b.files.platformCert!.serialNo).toBe(a.files.platformCert!.serialNo);
      expect(b.files.merchantKey!.file).toBe(join(dataDir, 'lakala', 'merchant_private_key.pem'));
      expect((await second.admin.orders({ kind: 'agreement' })).length).toBe(1);
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('agreements through the admin API', () => {
  it('puts a signed agreement in place with a realistic masked holder and moves it by events', async () => {
    const res = await sim.admin.request<{ key: string; state: string; agreement: Record<string, unknown> }>(
      'POST',
      '/lakala/agreements',
      { protocol_code: 'ADM0001' },
    );
    expect(res.state).toBe('SIGNED');
    const a = res.agreement as { cust_act: string; person: { idNumber: string; name: string } };
    expect(isLuhnValid(a.cust_act)).toBe(true);
    expect(isValidIdNumber(a.person.idNumber)).toBe(true);
    const c = clientOf(sim);
    const data = { ...exampleReqData('ADM0001'), cust_act: a.cust_act };
    const r = await c.signQry(data);
    expect(r.data).toMatchObject({ result_state: '2', cust_act: a.cust_act });
    expect(r.data!.cust_name).toBe(`${[...a.person.name][0]}${'*'.repeat([...a.person.name].length - 1)}`);
    expect(r.data!.cert_num).toBe(`${a.person.idNumber.slice(0, 6)}********${a.person.idNumber.slice(-4)}`);
    expect(r.data!.mobile).toMatch(/^1\d\d\*{4}\d{4}$/);
    expect(r.data!.limit_amount).toBe('5000000');
    await sim.admin.event(res.key, 'unsign');
    expect((await c.signQry({ ...data, sign_flag: '1' })).data?.result_state).toBe('2');
  });

  it('takes a state, a reason, no holder, and refuses what is wrong with a JSON error', async () => {
    const res = await sim.admin.request<{ key: string }>('POST', '/lakala/agreements', {
      protocol_code: 'ADM0002',
      cust_act: '6227002920120342761',
      state: 'SIGN_FAILED',
      reason: 'card_lost',
      holder: false,
    });
    const r = await clientOf(sim).signQry(exampleReqData('ADM0002'));
    expect(r.data).toMatchObject({ result_state: '3', result_info_code: 'E1004', cust_name: '', mobile: '' });
    expect(res.key).toBe('4002024052370293947:6227002920120342761:43050179373600000471:ADM0002');
    const bad = await sim.admin.raw<{ error: { message: string } }>('POST', '/lakala/agreements', { state: 'X' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/protocol_code/);
    const state = await sim.admin.raw<{ error: { message: string } }>('POST', '/lakala/agreements', {
      protocol_code: 'ADM0003',
      state: 'ACTIVE',
    });
    expect(state.json.error.message).toMatch(/"state" must be one of AWAITING_VERIFICATION/);
  });
});

describe('merchants and merchant certificates', () => {
  it('a merchant_no configured through the admin API is accepted; other enterprise_num values are refused', async () => {
    const c = clientOf(sim);
    const data = { ...exampleReqData('MER1'), merchant_no: '4002000000000000002' };
    expect((await c.signQry(data)).code).toBe('200003');
    await sim.admin.request('POST', '/lakala/merchants', {
      merchant_no: '4002000000000000002',
      enterprise_num: 'QT330001',
    });
    expect((await c.signQry(data)).code).toBe('200003');
    const r = await c.signQry({ ...data, enterprise_num: 'QT330001' });
    expect(r.ok).toBe(true);
    const e = await c.signQry({ ...exampleReqData('MER2'), enterprise_num: 'OTHER' });
    expect(e).toMatchObject({ code: '200003', msg: '企业编号未配置' });
    expect(e.simDetail).toMatch(/enterprise_num \(企业编号\) OTHER 未配置给该商户/);
  });

  it('registers a certificate the merchant brings, bound to its appid, and verifies requests signed with it', async () => {
    const serial = new X509Certificate(OWN_CERT).serialNumber; // 0123ABCDEF
    const own = clientOf(sim, { serialNo: '00' + serial, key: OWN_KEY });
    expect((await own.signQry(exampleReqData('OWN1'))).code).toBe('100006');
    const reg = await sim.admin.request<{ serial_no: string }>('POST', '/lakala/merchant-certs', {
      certPem: OWN_CERT,
      appid: 'OP00000003',
    });
    expect(reg.serial_no).toBe('123abcdef');
    expect((await own.signQry(exampleReqData('OWN1'))).ok).toBe(true);
    const refused = await sim.admin.raw('POST', '/lakala/merchant-certs', { certPem: 'not a certificate' });
    expect(refused.status).toBe(400);
  });

  it('loads certificates from <dataDir>/lakala/merchant-certs/ at start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'lakala-certs-'));
    mkdirSync(join(dataDir, 'lakala', 'merchant-certs'), { recursive: true });
    copyFileSync(join(FIX, 'merchant-test.cer'), join(dataDir, 'lakala', 'merchant-certs', 'own.cer'));
    const s = await startSimulator(lakala, { dataDir });
    try {
      const r = await clientOf(s, { serialNo: '123ABCDEF', key: OWN_KEY }).signQry(exampleReqData('DIR1'));
      expect(r.ok).toBe(true);
    } finally {
      await s.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('strict mode', () => {
  const start = (strict: boolean, opts: StartOptions = {}) =>
    startSimulator(lakala, { ...opts, credentials: { ...generateLakalaCredentials(), strict } });

  it('a stale timestamp is a journal warning, refused (100007) only in strict mode; so is enterprise_num over String(10)', async () => {
    for (const strict of [false, true]) {
      const s = await start(strict);
      try {
        const c = s.credentials as unknown as LakalaCreds;
        const stale = createLakalaClient({
          serverUrl: s.baseUrl,
          appid: c.appid,
          serialNo: c.serial_no,
          privateKeyPem: readFileSync(c.sdk.priKeyPath),
          platformCertPems: [readFileSync(c.sdk.lklCerPath)],
          now: () => s.now() - 6 * 60_000,
        });
        const r = await stale.signQry({ ...exampleReqData('STALE1'), enterprise_num: 'QT330001' });
        const long = await clientOf(s).signQry(exampleReqData('LONG1'));
        if (strict) {
          expect(r.code).toBe('100007');
          expect(long.code).toBe('200002');
          expect(long.simDetail).toMatch(
            /enterprise_num \(企业编号\) 长度 19 超过文档声明的 String\(10\) \(严格模式\)/,
          );
        } else {
          expect(r.ok && long.ok).toBe(true);
          const journal = JSON.stringify(await s.admin.journal({ limit: 5 }));
          expect(journal).toMatch(/timestamp=\d+ 与服务器时间相差 360 秒/);
        }
      } finally {
        await s.close();
      }
    }
  });
});

describe('the merchant key', () => {
  it('is PKCS#8 PEM, what the SDK priKeyPath reads', () => {
    const pem = readFileSync(creds.sdk.priKeyPath, 'utf8');
    expect(createPrivateKey(pem).asymmetricKeyType).toBe('rsa');
    expect(pem).toContain('BEGIN PRIVATE KEY');
  });
});
