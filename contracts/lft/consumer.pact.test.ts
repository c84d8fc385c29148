/**
 * Consumer contract of the LFT reference client (clients/lft.ts) with LFT: one interaction per
 * operation, plus the errors a merchant must handle. The real client calls the Pact mock server
 * with a fixed clock; the mock answers envelopes signed by the shared wire with the contract key,
 * so the client's signature check runs for real. Values the provider generates are matched by
 * pattern, and transNo comes from the provider state (fromProviderState). Writes
 * contracts/pacts/lft-merchant-client-lft-simulator.json, which provider.pact.test.ts verifies.
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PactV4 } from '@pact-foundation/pact';
import { createLftClient, type LftClient } from '../../clients/lft.ts';
import { lftOperationPath, type LftOperationName } from '../../simulators/lft/wire/index.ts';
import { VALUE, jsonArrayText, jsonObjectText, type StringMatcher } from '../support/json-data-matcher.ts';
import { LFT_JSON_HEADERS, lftError, lftOk, lftRequest } from '../support/lft-envelopes.ts';
import {
  BAD_SIGN,
  CONTRACT_NOW,
  EXAMPLE_TRANS_NO,
  FUNDED_AMOUNT,
  LFT_APP,
  LFT_STATES,
  ORDERS,
  PAYEE,
  outqueryVo,
  UNKNOWN_TRANS_NO,
} from '../support/lft-fixtures.ts';
import { LFT_HTTP_CONSUMER, LFT_PROVIDER, PACT_DIR, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';
import { ok } from '../../test/support/results.ts';
import { settled } from '../support/settled-mock-server.ts';

const pact = new PactV4({
  consumer: LFT_HTTP_CONSUMER,
  provider: LFT_PROVIDER,
  dir: PACT_DIR,
  logLevel: PACT_LOG_LEVEL,
});

const MERCHANT = 'https://merchant.example/lft';
const CREATED = '2026-01-15 10:00:00';
/** transNo is whatever protocol the provider state created */
const TRANS_NO_FROM_STATE = { fromProviderState: { transNo: 'transNo' } };

const client = (baseUrl: string, fetchImpl?: typeof fetch): LftClient =>
  createLftClient({ baseUrl, appId: LFT_APP.appId, key: LFT_APP.key, now: () => CONTRACT_NOW, fetch: fetchImpl });

interface Spec {
  state: string;
  description: string;
  op: LftOperationName;
  request: StringMatcher;
  response: object;
  sign?: string;
}

function interaction(s: Spec) {
  return settled(
    pact
      .addInteraction()
      .given(s.state)
      .uponReceiving(s.description)
      .withRequest('POST', lftOperationPath(s.op), (b) =>
        b.headers(LFT_JSON_HEADERS).jsonBody(lftRequest(s.request, { sign: s.sign })),
      )
      .willRespondWith(200, (b) => b.headers(LFT_JSON_HEADERS).jsonBody(s.response)),
  );
}

const protocolVo = (o: { amount: string; transDesc: string; businessId: string }) => ({
  transNo: EXAMPLE_TRANS_NO,
  transDesc: o.transDesc,
  appId: LFT_APP.appId,
  businessId: o.businessId,
  businessDesc: `模拟主体-${o.businessId}`,
  channelType: 'LFT',
  amount: o.amount,
  onpassageAmount: '0.00',
  outAmount: '0.00',
  createTime: CREATED,
  cashierType: 'POS',
});

const payout = (order: { outReqNo: string; amount: string }) => ({
  transNo: EXAMPLE_TRANS_NO,
  outReqNo: order.outReqNo,
  amount: order.amount,
  channelType: 'LFT' as const,
  outNotifyUrl: `${MERCHANT}/payout`,
  ...PAYEE,
});

const OUTQUERY_PATTERNS = {
  transNo: VALUE.id,
  payOrderNo: VALUE.id,
  payFinishTime: VALUE.dateTime,
  createTime: VALUE.dateTime,
};

beforeAll(() => {
  // PactV4 merges into an existing file: start clean so a renamed interaction does not linger
  rmSync(pactFile(LFT_HTTP_CONSUMER), { force: true });
});

describe('LFT merchant client ↔ LFT (consumer)', () => {
  it('creates a POS protocol with zero balances', async () => {
    const data = {
      channelType: 'LFT' as const,
      transDesc: '租房押金托管',
      businessId: 'BIZ0001',
      cashierType: 'POS' as const,
    };
    const vo = protocolVo({ amount: '0.00', transDesc: data.transDesc, businessId: data.businessId });
    await interaction({
      state: LFT_STATES.app,
      description: 'a request to create a POS protocol',
      op: 'create',
      request: jsonObjectText(data, { exact: true }),
      response: lftOk(
        jsonObjectText(vo, { patterns: { transNo: VALUE.id, businessDesc: VALUE.any, createTime: VALUE.dateTime } }),
      ),
    }).executeTest(async (server) => {
      expect(await ok(client(server.url).create(data))).toEqual(vo);
    });
  });

  it('finds a protocol and its balances', async () => {
    const vo = protocolVo({ amount: FUNDED_AMOUNT, transDesc: '租房押金托管', businessId: 'BIZ0001' });
    await interaction({
      state: LFT_STATES.funded,
      description: 'a request to find a protocol with money available',
      op: 'find',
      request: jsonObjectText({ transNo: EXAMPLE_TRANS_NO }, { exact: true, ...TRANS_NO_FROM_STATE }),
      response: lftOk(
        jsonObjectText(vo, {
          patterns: {
            transNo: VALUE.id,
            transDesc: VALUE.any,
            businessId: VALUE.any,
            businessDesc: VALUE.any,
            createTime: VALUE.dateTime,
          },
        }),
      ),
    }).executeTest(async (server) => {
      const found = await ok(client(server.url).find({ transNo: EXAMPLE_TRANS_NO }));
      expect(found).toMatchObject({ amount: '100.00', onpassageAmount: '0.00', outAmount: '0.00' });
    });
  });

  it('prepays by POS and gets a six-digit code', async () => {
    const data = {
      transNo: EXAMPLE_TRANS_NO,
      outReqNo: ORDERS.unpaid.outReqNo,
      amount: ORDERS.unpaid.amount,
      outSuccessNotifyUrl: `${MERCHANT}/paid`,
      outArrivedNotifyUrl: `${MERCHANT}/arrived`,
      prodCatalog: '02' as const,
      contractNum: 'HT-2026-0001',
    };
    const vo = {
      transNo: EXAMPLE_TRANS_NO,
      appId: LFT_APP.appId,
      channelType: 'LFT',
      amount: data.amount,
      outReqNo: data.outReqNo,
      posCode: '135790',
      payOrderNo: 'LFTI2026011500000001',
      payStatus: 'UNPAID',
      createTime: CREATED,
    };
    await interaction({
      state: LFT_STATES.posProtocol,
      description: 'a request to prepay 100.00 by POS',
      op: 'prepay',
      request: jsonObjectText(data, { exact: true, ...TRANS_NO_FROM_STATE }),
      response: lftOk(
        jsonObjectText(vo, {
          patterns: { transNo: VALUE.id, posCode: VALUE.posCode, payOrderNo: VALUE.id, createTime: VALUE.dateTime },
        }),
      ),
    }).executeTest(async (server) => {
      const pre = await ok(client(server.url).prepay(data));
      expect(pre).toEqual(vo);
      expect(pre.posCode).toMatch(/^\d{6}$/);
    });
  });

  it('prepays by QP and gets a cashier URL', async () => {
    const data = {
      transNo: EXAMPLE_TRANS_NO,
      outReqNo: ORDERS.qp.outReqNo,
      amount: ORDERS.qp.amount,
      outSuccessNotifyUrl: `${MERCHANT}/paid`,
      prodCatalog: '02' as const,
      qpUserName: '张三',
      qpCertNumber: '11010519491231002X',
      returnUrl: `${MERCHANT}/done`,
    };
    const vo = {
      transNo: EXAMPLE_TRANS_NO,
      appId: LFT_APP.appId,
      channelType: 'LFT',
      amount: data.amount,
      outReqNo: data.outReqNo,
      posCode: '',
      payOrderNo: 'LFTI2026011500000002',
      payStatus: 'UNPAID',
      createTime: CREATED,
      cashierUrl: 'https://lft.example/cashier/LFTI2026011500000002',
    };
    await interaction({
      state: LFT_STATES.qpProtocol,
      description: 'a request to prepay 100.00 at the QP cashier',
      op: 'prepay',
      request: jsonObjectText(data, { exact: true, ...TRANS_NO_FROM_STATE }),
      response: lftOk(
        jsonObjectText(vo, {
          patterns: { transNo: VALUE.id, payOrderNo: VALUE.id, createTime: VALUE.dateTime, cashierUrl: VALUE.url },
        }),
      ),
    }).executeTest(async (server) => {
      const pre = await ok(client(server.url).prepay(data));
      expect(pre).toMatchObject({ posCode: '', payStatus: 'UNPAID' });
      expect(pre.cashierUrl).toMatch(/^https?:\/\//);
    });
  });

  it('closes the POS code of an unpaid pay-in', async () => {
    await interaction({
      state: LFT_STATES.unpaid,
      description: 'a request to close the POS code of unpaid pay-in APP01-0001',
      op: 'posclose',
      request: jsonObjectText({ outReqNo: ORDERS.unpaid.outReqNo }, { exact: true }),
      response: lftOk(jsonObjectText({ result: 'true' })),
    }).executeTest(async (server) => {
      expect(await ok(client(server.url).posclose({ outReqNo: ORDERS.unpaid.outReqNo }))).toEqual({ result: 'true' });
    });
  });

  it('queries a paid pay-in', async () => {
    const vo = {
      transNo: EXAMPLE_TRANS_NO,
      appId: LFT_APP.appId,
      channelType: 'LFT',
      amount: ORDERS.paid.amount,
      outReqNo: ORDERS.paid.outReqNo,
      posCode: '246801',
      payOrderNo: 'LFTI2026011500000001',
      payStatus: 'SUCCESS',
      arrivedStatus: '01',
      payFinishTime: CREATED,
      payArriveTime: '',
      createTime: CREATED,
      cardNum: '6222020200112233445',
      issuingBank: 'ICBC',
      issuingBankZH: '工商银行',
      channelReturnCode: '0000',
      channelReturnMsg: '交易成功',
      cashierType: 'POS',
    };
    await interaction({
      state: LFT_STATES.paid,
      description: 'a request to query paid pay-in APP01-0002',
      op: 'inquery',
      request: jsonObjectText({ outReqNo: ORDERS.paid.outReqNo }, { exact: true }),
      response: lftOk(
        jsonObjectText(vo, {
          patterns: {
            transNo: VALUE.id,
            posCode: VALUE.posCode,
            payOrderNo: VALUE.id,
            payFinishTime: VALUE.dateTime,
            createTime: VALUE.dateTime,
            cardNum: VALUE.cardNum,
            issuingBank: VALUE.id,
            issuingBankZH: VALUE.id,
            channelReturnCode: VALUE.any,
            channelReturnMsg: VALUE.any,
          },
        }),
      ),
    }).executeTest(async (server) => {
      const payin = await ok(client(server.url).inquery({ outReqNo: ORDERS.paid.outReqNo }));
      expect(payin).toMatchObject({ payStatus: 'SUCCESS', arrivedStatus: '01', amount: '100.00', payArriveTime: '' });
    });
  });

  it('pays out part of the available amount', async () => {
    const data = payout(ORDERS.payoutOk);
    const vo = {
      transNo: EXAMPLE_TRANS_NO,
      appId: LFT_APP.appId,
      channelSubaccCustid: 'CUSTBIZ0001',
      amount: data.amount,
      outReqNo: data.outReqNo,
      payOrderNo: 'LFTO2026011500000001',
      channelType: 'LFT',
      bankAccName: PAYEE.bankAccName,
      bankAccNum: PAYEE.bankAccNum,
      bankName: PAYEE.bankName,
      bankCnaps: PAYEE.bankCnaps,
      outType: PAYEE.outType,
      remark: PAYEE.remark,
      payStatus: 'PROCESSING',
      createTime: CREATED,
    };
    await interaction({
      state: LFT_STATES.funded,
      description: 'a request to pay out 60.00 of 100.00 available',
      op: 'outpay',
      request: jsonObjectText(data, { exact: true, ...TRANS_NO_FROM_STATE }),
      response: lftOk(
        jsonObjectText(vo, {
          patterns: {
            transNo: VALUE.id,
            channelSubaccCustid: VALUE.any,
            payOrderNo: VALUE.id,
            createTime: VALUE.dateTime,
          },
        }),
      ),
    }).executeTest(async (server) => {
      expect(await ok(client(server.url).outpay(data))).toMatchObject({ payStatus: 'PROCESSING', amount: '60.00' });
    });
  });

  it('is refused a payout larger than the available amount (EP10008)', async () => {
    const data = payout(ORDERS.tooLarge);
    await interaction({
      state: LFT_STATES.funded,
      description: 'a request to pay out 200.00 of 100.00 available',
      op: 'outpay',
      request: jsonObjectText(data, { exact: true, ...TRANS_NO_FROM_STATE }),
      response: lftError('EP10008', '可用金额不足'),
    }).executeTest(async (server) => {
      expect(await client(server.url).outpay(data)).toMatchObject({ ok: false, code: 'EP10008' });
    });
  });

  it('queries a payout that succeeded', async () => {
    const vo = outqueryVo(ORDERS.payoutOk, { payStatus: 'SUCCESS', code: '0000', msg: '交易成功' });
    await interaction({
      state: LFT_STATES.payoutOk,
      description: 'a request to query succeeded payout APP01-0003',
      op: 'outquery',
      request: jsonObjectText({ outReqNo: ORDERS.payoutOk.outReqNo }, { exact: true }),
      response: lftOk(
        jsonObjectText(vo, {
          patterns: { ...OUTQUERY_PATTERNS, channelReturnCode: VALUE.any, channelReturnMsg: VALUE.any },
        }),
      ),
    }).executeTest(async (server) => {
      expect(await ok(client(server.url).outquery({ outReqNo: ORDERS.payoutOk.outReqNo }))).toMatchObject({
        payStatus: 'SUCCESS',
        amount: '60.00',
      });
    });
  });

  it('queries a payout that failed, with the reason', async () => {
    const vo = outqueryVo(ORDERS.payoutFailed, { payStatus: 'FAILURE', code: 'F2001', msg: '收款账户户名与账号不符' });
    await interaction({
      state: LFT_STATES.payoutFailed,
      description: 'a request to query failed payout APP01-0004',
      op: 'outquery',
      request: jsonObjectText({ outReqNo: ORDERS.payoutFailed.outReqNo }, { exact: true }),
      // a failure must say why: return code and message are non-empty
      response: lftOk(
        jsonObjectText(vo, {
          patterns: { ...OUTQUERY_PATTERNS, channelReturnCode: VALUE.id, channelReturnMsg: VALUE.id },
        }),
      ),
    }).executeTest(async (server) => {
      const out = await ok(client(server.url).outquery({ outReqNo: ORDERS.payoutFailed.outReqNo }));
      expect(out).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F2001' });
    });
  });

  it('looks up bank branches by keyword', async () => {
    const branches = [{ bankName: '中国工商银行股份有限公司北京海淀支行', bankCnaps: '102100000048' }];
    await interaction({
      state: LFT_STATES.app,
      description: 'a request for bank branches named like 海淀',
      op: 'querybankcnaps',
      request: jsonObjectText({ bankNameKeyWord: '海淀' }, { exact: true }),
      response: lftOk(jsonArrayText(branches, { bankName: '[^"]*海淀[^"]*', bankCnaps: VALUE.cnaps })),
    }).executeTest(async (server) => {
      expect(await ok(client(server.url).querybankcnaps({ bankNameKeyWord: '海淀' }))).toEqual(branches);
    });
  });

  it('is told an unknown pay-in does not exist (EP20002)', async () => {
    await interaction({
      state: LFT_STATES.noPayin,
      description: 'a request to query unknown pay-in APP01-404',
      op: 'inquery',
      request: jsonObjectText({ outReqNo: ORDERS.unknown.outReqNo }, { exact: true }),
      response: lftError('EP20002', '入金订单不存在'),
    }).executeTest(async (server) => {
      expect(await client(server.url).inquery({ outReqNo: ORDERS.unknown.outReqNo })).toMatchObject({
        ok: false,
        code: 'EP20002',
      });
    });
  });

  it('is told an unknown protocol does not exist (EP20001)', async () => {
    await interaction({
      state: LFT_STATES.noProtocol,
      description: 'a request to find unknown protocol LFTP2026011599999999',
      op: 'find',
      request: jsonObjectText({ transNo: UNKNOWN_TRANS_NO }, { exact: true }),
      response: lftError('EP20001', '协议不存在'),
    }).executeTest(async (server) => {
      expect(await client(server.url).find({ transNo: UNKNOWN_TRANS_NO })).toMatchObject({
        ok: false,
        code: 'EP20001',
      });
    });
  });

  it('is refused a request whose sign does not verify (EP10002)', async () => {
    // The client always signs right; a proxy that spoils the sign stands in for a wrong key or a
    // body changed after signing. The provider's resign filter lets BAD_SIGN through untouched.
    const spoilSign: typeof fetch = (url, init) => {
      const body = JSON.parse(String(init?.body)) as Record<string, string>;
      return fetch(url, { ...init, body: JSON.stringify({ ...body, sign: BAD_SIGN }) });
    };
    await interaction({
      state: LFT_STATES.app,
      description: 'a request with a sign that does not verify',
      op: 'inquery',
      request: jsonObjectText({ outReqNo: ORDERS.unpaid.outReqNo }, { exact: true }),
      sign: BAD_SIGN,
      response: lftError('EP10002', '签名验证失败'),
    }).executeTest(async (server) => {
      expect(await client(server.url, spoilSign).inquery({ outReqNo: ORDERS.unpaid.outReqNo })).toMatchObject({
        ok: false,
        code: 'EP10002',
      });
    });
  });
});
