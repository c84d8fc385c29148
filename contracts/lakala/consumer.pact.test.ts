/**
 * Consumer contract of the Lakala reference client (clients/lakala.ts) with Lakala's v3 gateway,
 * 银直通签约解约查询: a signed agreement (the seed's example 1), an unsign (example 2, 解约成功),
 * an agreement with its holder on record, one awaiting verification (4), a failed sign (3), a
 * repeat sign (5), and two refusals (a merchant_no not configured, a missing field). The real
 * client calls the Pact mock server with a fixed clock and the committed fixture PKI; the mock
 * answers bodies whose Lklapi-* headers are signed over the exact example bytes with the fixture
 * platform key, so the client's serial lookup, certificate validity and signature checks run for
 * real. The Authorization header, the signature headers and the values the provider generates
 * (resp_time, agreement_no, verify_code, masked holder data, error details) are matched by
 * pattern. Writes contracts/pacts/lakala-merchant-client-lakala-simulator.json, which
 * provider.pact.test.ts verifies.
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import { createLakalaClient } from '../../clients/lakala.ts';
import { PACT_DIR, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';
import { settled } from '../support/settled-mock-server.ts';
import { consumerClientOptions, exampleOf, pactJsonBytes, signedHeaders } from '../support/lakala-consumer-pki.ts';
import {
  LAKALA_CONTRACT_REQ_TIME,
  LAKALA_HTTP_CONSUMER,
  LAKALA_PROVIDER,
  LAKALA_STATES,
  PROTOCOL_CODES,
  SIGN_ACCOUNTS,
  UNKNOWN_MERCHANT_NO,
  UNSIGN_ACCOUNTS,
} from '../support/lakala-fixtures.ts';

const { regex } = MatchersV3;
const pact = new PactV4({
  consumer: LAKALA_HTTP_CONSUMER,
  provider: LAKALA_PROVIDER,
  dir: PACT_DIR,
  logLevel: PACT_LOG_LEVEL,
});
const PATH = '/sit/api/v3/ltbs/dsf/sign_qry';
const JSON_TYPE = 'application/json;charset=UTF-8';

/** what the official SDK (and the reference client) sends: its key order, a fresh nonce and signature */
const AUTHORIZATION = regex(
  '^LKLAPI-SHA256withRSA appid="OP00000003",nonce_str="[0-9A-Za-z]{1,64}",timestamp="\\d{10}",serial_no="[0-9a-f]+",signature="[A-Za-z0-9+/]+={0,2}"$',
  'LKLAPI-SHA256withRSA appid="OP00000003",nonce_str="PACTn0nce001",timestamp="1768442400",serial_no="3f9ae1a2b",signature="c2lnbmF0dXJl"',
);
const V = {
  hex: '^[0-9a-f]+$',
  digits10: '^\\d{10}$',
  alnum: '^[0-9A-Za-z]{1,64}$',
  base64: '^[A-Za-z0-9+/]+={0,2}$',
  time14: '^\\d{14}$',
  agreementNo: '^YZT\\d{18}$',
  verifyCode: '^[A-Za-z0-9+/]{171}=$',
};

type Accounts = typeof SIGN_ACCOUNTS | typeof UNSIGN_ACCOUNTS;
const reqData = (a: Accounts, sign_flag: '0' | '1', protocol_code: string) => ({ ...a, sign_flag, protocol_code });

interface Spec {
  state: string;
  description: string;
  reqData: Record<string, string>;
  /** the answer body with matchers */
  body: object;
}

function interaction(s: Spec) {
  const example = pactJsonBytes(exampleOf(s.body));
  const headers = signedHeaders(example);
  const headerMatchers = {
    'Content-Type': JSON_TYPE,
    'Lklapi-Appid': headers['Lklapi-Appid']!,
    'Lklapi-Serial': regex(V.hex, headers['Lklapi-Serial']!),
    'Lklapi-Timestamp': regex(V.digits10, headers['Lklapi-Timestamp']!),
    'Lklapi-Nonce': regex(V.alnum, headers['Lklapi-Nonce']!),
    'Lklapi-Signature': regex(V.base64, headers['Lklapi-Signature']!),
    'Lklapi-Traceid': regex('^[0-9A-Za-z-]+$', headers['Lklapi-Traceid']!),
  };
  return settled(
    pact
      .addInteraction()
      .given(s.state)
      .uponReceiving(s.description)
      .withRequest('POST', PATH, (b) =>
        b
          .headers({ 'Content-Type': JSON_TYPE, Authorization: AUTHORIZATION })
          .jsonBody({ version: '3.0', req_time: regex(V.time14, LAKALA_CONTRACT_REQ_TIME), req_data: s.reqData }),
      )
      .willRespondWith(200, (b) => b.headers(headerMatchers).jsonBody(s.body)),
  );
}

const ok = (resp_data: object) => ({
  ret_code: '000000',
  ret_msg: '处理成功',
  resp_time: regex(V.time14, LAKALA_CONTRACT_REQ_TIME),
  resp_data,
});
/** a refusal: the code and its ret_msg exactly (which field is the simulator's x-sim-detail, not the pact's) */
const refused = (ret_code: string, ret_msg: string) => ({
  ret_code,
  ret_msg,
  resp_time: regex(V.time14, LAKALA_CONTRACT_REQ_TIME),
});

/** every field of the response table, in the seed's order */
function respData(o: {
  sign_flag: '0' | '1';
  result_state: string;
  code: string;
  info: string;
  cust_act: string;
  done: boolean;
  holder?: boolean;
}) {
  const holder = o.holder
    ? {
        limit_amount: regex('^\\d+$', '5000000'),
        mobile: regex('^1\\d\\d\\*{4}\\d{4}$', '138****5678'),
        cert_num: regex('^\\d{6}\\*{8}[0-9X]{4}$', '110101********0011'),
        cust_name: regex('^.\\*+$', '王*'),
      }
    : { limit_amount: '', mobile: '', cert_num: '', cust_name: '' };
  return {
    result_info_code: o.code,
    sign_flag: o.sign_flag,
    limit_amount: holder.limit_amount,
    result_info: o.info,
    mobile: holder.mobile,
    cert_num: holder.cert_num,
    cust_name: holder.cust_name,
    verify_code: o.done ? regex(V.verifyCode, `${'A'.repeat(171)}=`) : '',
    cust_act: o.cust_act,
    result_state: o.result_state,
    agreement_no: o.done ? regex(V.agreementNo, 'YZT202601150123456789') : '',
  };
}

/** a sign_flag 0 answer about example 1's accounts */
const signAnswer = (result_state: string, code: string, info: string, done: boolean, holder = false) =>
  ok(respData({ sign_flag: '0', result_state, code, info, cust_act: SIGN_ACCOUNTS.cust_act, done, holder }));

const ask = (url: string, data: Record<string, string>) => createLakalaClient(consumerClientOptions(url)).signQry(data);

beforeAll(() => {
  // PactV4 merges into an existing file: start clean so a renamed interaction does not linger
  rmSync(pactFile(LAKALA_HTTP_CONSUMER, LAKALA_PROVIDER), { force: true });
});

describe('Lakala merchant client ↔ Lakala v3 (consumer)', () => {
  const cases: Array<Spec & { name: string; expected: Record<string, unknown> }> = [
    {
      name: "a signed agreement (the seed's example 1)",
      state: LAKALA_STATES.signed,
      description: `a sign query of agreement ${PROTOCOL_CODES.signed}`,
      reqData: reqData(SIGN_ACCOUNTS, '0', PROTOCOL_CODES.signed),
      body: signAnswer('2', 'S0000', '签约成功', true),
      expected: { ok: true, pending: false, data: { result_state: '2', result_info: '签约成功' } },
    },
    {
      name: "an unsigned agreement (the seed's example 2: 解约成功)",
      state: LAKALA_STATES.unsigned,
      description: `an unsign query of agreement ${PROTOCOL_CODES.unsigned}`,
      reqData: reqData(UNSIGN_ACCOUNTS, '1', PROTOCOL_CODES.unsigned),
      body: ok(
        respData({
          sign_flag: '1',
          result_state: '2',
          code: 'S0000',
          info: '解约成功',
          cust_act: UNSIGN_ACCOUNTS.cust_act,
          done: true,
        }),
      ),
      expected: { ok: true, data: { result_state: '2', sign_flag: '1', result_info: '解约成功' } },
    },
    {
      name: 'a signed agreement with its holder on record (masked)',
      state: LAKALA_STATES.holder,
      description: `a sign query of agreement ${PROTOCOL_CODES.holder} with a holder`,
      reqData: reqData(SIGN_ACCOUNTS, '0', PROTOCOL_CODES.holder),
      body: signAnswer('2', 'S0000', '签约成功', true, true),
      expected: { ok: true, data: { cust_name: '王*', mobile: '138****5678' } },
    },
    {
      name: 'an agreement awaiting verification (4)',
      state: LAKALA_STATES.pending,
      description: `the first query of agreement ${PROTOCOL_CODES.pending}`,
      reqData: reqData(SIGN_ACCOUNTS, '0', PROTOCOL_CODES.pending),
      body: signAnswer('4', 'W0000', '发起请求成功,等待验证', false),
      expected: { ok: true, pending: true, data: { result_state: '4', agreement_no: '', verify_code: '' } },
    },
    {
      name: 'a failed sign (3, 户名与账号不符)',
      state: LAKALA_STATES.failed,
      description: `a sign query of agreement ${PROTOCOL_CODES.failed}`,
      reqData: reqData(SIGN_ACCOUNTS, '0', PROTOCOL_CODES.failed),
      body: signAnswer('3', 'E1006', '户名与账号不符', false),
      expected: { ok: true, data: { result_state: '3', result_info_code: 'E1006' } },
    },
    {
      name: 'a repeat sign (5)',
      state: LAKALA_STATES.repeat,
      description: `a sign query of agreement ${PROTOCOL_CODES.repeat}`,
      reqData: reqData(SIGN_ACCOUNTS, '0', PROTOCOL_CODES.repeat),
      body: signAnswer('5', 'S0001', '已签约成功,重复签约', true),
      expected: { ok: true, data: { result_state: '5' } },
    },
    {
      name: 'a merchant_no not configured for the appid (200003)',
      state: LAKALA_STATES.empty,
      description: 'a query for a merchant_no the appid does not have',
      reqData: { ...reqData(SIGN_ACCOUNTS, '0', PROTOCOL_CODES.signed), merchant_no: UNKNOWN_MERCHANT_NO },
      body: refused('200003', '商户号未配置'),
      expected: { ok: false, code: '200003' },
    },
    {
      name: 'a request without cust_act (200001)',
      state: LAKALA_STATES.empty,
      description: 'a query without cust_act',
      reqData: (({ cust_act: _c, ...rest }) => rest)(reqData(SIGN_ACCOUNTS, '0', PROTOCOL_CODES.signed)),
      body: refused('200001', '必填参数为空'),
      expected: { ok: false, code: '200001', msg: '必填参数为空' },
    },
  ];

  for (const c of cases) {
    it(`reads ${c.name}, verifying the answer's signature`, async () => {
      await interaction(c).executeTest(async (server) => {
        expect(await ask(server.url, c.reqData)).toMatchObject(c.expected);
      });
    });
  }
});
