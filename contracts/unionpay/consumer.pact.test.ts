/**
 * Consumer contract of the UnionPay reference client (clients/unionpay.ts) with UnionPay ACP 5.1.0
 * 查询签约协议号状态 (txnType 78/20): the tokenStatus of each contract state, an unknown contract
 * (34), a pending answer (04), the SM2 (21) and secure-key (11) families, and a request missing a
 * field (13). The real client calls the Pact mock server with a fixed clock and the committed
 * fixture PKI; the mock answers raw `k=v` text signed like UnionPay (signPubKeyCert chaining to
 * the fixture root), so the client's certificate and signature checks run for real. Requests are
 * form bodies with a matcher per field (certId and signature by pattern: verification re-signs
 * them), responses a regex set on the text (signature, signPubKeyCert and tokenEndExpr by
 * pattern; respMsg exactly, UnionPay's `text[internal code]`). Writes
 * contracts/pacts/unionpay-merchant-client-unionpay-simulator.json, which provider.pact.test.ts
 * verifies.
 */
import { rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PactV4 } from '@pact-foundation/pact';
import { createUnionPayClient, type UnionPayClient } from '../../clients/unionpay.ts';
import {
  CONTRACT_QUERY_TXN_SUB_TYPE,
  CONTRACT_QUERY_TXN_TYPE,
  UNIONPAY_BACK_TRANS_PATH,
  UNIONPAY_VERSION,
  type UnionPaySignMethod,
  type UnionPayTokenStatus,
} from '../../simulators/unionpay/wire/index.ts';
import { PACT_DIR, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';
import { settled } from '../support/settled-mock-server.ts';
import {
  consumerClientOptions,
  loadConsumerPki,
  signedRequestExample,
  signedResponseExample,
  type ConsumerPki,
} from '../support/unionpay-consumer-pki.ts';
import {
  CONTRACTS,
  CONTRACT_TXN_TIME,
  MER_ID,
  ORDER_IDS,
  PLAN_ID,
  UNIONPAY_HTTP_CONSUMER,
  UNIONPAY_PROVIDER,
  UNIONPAY_STATES,
} from '../support/unionpay-fixtures.ts';
import { UNIONPAY_VALUE, kvTextMatcher } from '../support/unionpay-kv-matcher.ts';
import { formRequestBody, kvTextResponseBody } from '../support/unionpay-pact-bodies.ts';

const pact = new PactV4({
  consumer: UNIONPAY_HTTP_CONSUMER,
  provider: UNIONPAY_PROVIDER,
  dir: PACT_DIR,
  logLevel: PACT_LOG_LEVEL,
});

/** a new contract's token end (five years on, end of day): an example, matched as 14 digits */
const TOKEN_END = '20310115235959';
/** what every answer echoes from the request */
const ECHOED = ['merId', 'orderId', 'txnTime', 'txnType', 'txnSubType', 'bizType', 'accessType'] as const;

let keys: ConsumerPki;

const client = (url: string, signMethod: UnionPaySignMethod): UnionPayClient =>
  createUnionPayClient(consumerClientOptions(keys, signMethod, `${url}${UNIONPAY_BACK_TRANS_PATH}`));

/** the fields clients/unionpay.ts sends for a 78/20 query, written out independently of it */
function queryFields(orderId: string, contractId: string, planId: string | undefined): Record<string, string> {
  return {
    version: UNIONPAY_VERSION,
    encoding: 'UTF-8',
    txnType: CONTRACT_QUERY_TXN_TYPE,
    txnSubType: CONTRACT_QUERY_TXN_SUB_TYPE,
    bizType: '000000',
    channelType: '07',
    accessType: '0',
    merId: MER_ID,
    orderId,
    txnTime: CONTRACT_TXN_TIME,
    contractId,
    ...(planId === undefined ? {} : { planId }),
  };
}

const signaturePattern = (m: UnionPaySignMethod) =>
  m === '11' || m === '12' ? UNIONPAY_VALUE.hex64 : UNIONPAY_VALUE.base64;

/** respMsg as UnionPay writes it, spelled out here (not computed by the wire under contract) */
const RESP_MSG = {
  '00': '成功[0000000]',
  '04': '交易状态未明，请查询对账结果[0400000]',
  '13': '报文交易要素缺失[1300000]',
  '34': '查无此交易[2600000]',
} as const;

interface Answer {
  respCode: keyof typeof RESP_MSG;
  tokenStatus?: UnionPayTokenStatus;
}

interface Spec {
  state: string;
  description: string;
  signMethod: UnionPaySignMethod;
  orderId: string;
  contractId: string;
  /** undefined: the request does not carry planId */
  planId: string | undefined;
  answer: Answer;
}

function interaction(s: Spec) {
  const request = signedRequestExample(keys, queryFields(s.orderId, s.contractId, s.planId), s.signMethod);
  const { respCode, tokenStatus } = s.answer;
  const answered: Record<string, string> = {
    ...Object.fromEntries(ECHOED.map((k) => [k, request[k]!])),
    respCode,
    // UnionPay's text and internal code, nothing else (what was wrong is the simulator's x-sim-detail)
    respMsg: RESP_MSG[respCode],
    // spec 002: tokenStatus and tokenEndExpr only with respCode 00
    ...(tokenStatus === undefined ? {} : { tokenStatus, tokenEndExpr: TOKEN_END }),
  };
  const response = signedResponseExample(keys, answered, s.signMethod);
  const family = s.signMethod === '01' || s.signMethod === '21';
  const requestPatterns = {
    signature: signaturePattern(s.signMethod),
    ...(family ? { certId: UNIONPAY_VALUE.certId } : {}),
  };
  const responsePatterns = {
    signature: signaturePattern(s.signMethod),
    ...(family ? { signPubKeyCert: UNIONPAY_VALUE.pemCrlf } : {}),
    ...(tokenStatus === undefined ? {} : { tokenEndExpr: UNIONPAY_VALUE.dateTime14 }),
  };
  return settled(
    pact
      .addInteraction()
      .given(s.state)
      .uponReceiving(s.description)
      .withRequest('POST', UNIONPAY_BACK_TRANS_PATH, (b) => formRequestBody(b, request, requestPatterns))
      .willRespondWith(200, (b) => kvTextResponseBody(b, kvTextMatcher(response, responsePatterns))),
  );
}

const ask = (url: string, s: Pick<Spec, 'signMethod' | 'orderId' | 'contractId' | 'planId'>) =>
  client(url, s.signMethod).queryContractStatus({
    orderId: s.orderId,
    txnTime: CONTRACT_TXN_TIME,
    contractId: s.contractId,
    planId: s.planId ?? '',
  });

beforeAll(async () => {
  // PactV4 merges into an existing file: start clean so a renamed interaction does not linger
  rmSync(pactFile(UNIONPAY_HTTP_CONSUMER, UNIONPAY_PROVIDER), { force: true });
  keys = await loadConsumerPki();
});

describe('UnionPay merchant client ↔ UnionPay (consumer)', () => {
  describe.each([
    {
      name: 'active',
      tokenStatus: '1',
      state: UNIONPAY_STATES.active,
      contractId: CONTRACTS.active,
      orderId: ORDER_IDS.active01,
    },
    {
      name: 'initialised',
      tokenStatus: '0',
      state: UNIONPAY_STATES.initialised,
      contractId: CONTRACTS.initialised,
      orderId: ORDER_IDS.initialised,
    },
    {
      name: 'reported lost',
      tokenStatus: '2',
      state: UNIONPAY_STATES.lost,
      contractId: CONTRACTS.lost,
      orderId: ORDER_IDS.lost,
    },
    {
      name: 'cancelled',
      tokenStatus: '3',
      state: UNIONPAY_STATES.cancelled,
      contractId: CONTRACTS.cancelled,
      orderId: ORDER_IDS.cancelled,
    },
  ] as const)('signMethod 01 (RSA): an $name contract', (c) => {
    it(`reads tokenStatus ${c.tokenStatus} and the token end date`, async () => {
      const spec: Spec = {
        state: c.state,
        description: `a signMethod 01 query of ${c.name} contract ${c.contractId}`,
        signMethod: '01',
        orderId: c.orderId,
        contractId: c.contractId,
        planId: PLAN_ID,
        answer: { respCode: '00', tokenStatus: c.tokenStatus },
      };
      await interaction(spec).executeTest(async (server) => {
        const r = await ask(server.url, spec);
        expect(r).toMatchObject({
          ok: true,
          code: '00',
          data: { tokenStatus: c.tokenStatus, tokenEndExpr: TOKEN_END },
          pending: false,
        });
        expect(r.fields).toMatchObject({ signMethod: '01', orderId: c.orderId, txnTime: CONTRACT_TXN_TIME });
      });
    });
  });

  it('is told an unknown contract does not exist (34)', async () => {
    const spec: Spec = {
      state: UNIONPAY_STATES.unknown,
      description: `a signMethod 01 query of unknown contract ${CONTRACTS.unknown}`,
      signMethod: '01',
      orderId: ORDER_IDS.unknown,
      contractId: CONTRACTS.unknown,
      planId: PLAN_ID,
      answer: { respCode: '34' },
    };
    await interaction(spec).executeTest(async (server) => {
      const r = await ask(server.url, spec);
      expect(r).toMatchObject({ ok: false, code: '34', pending: false });
      expect(r.data.tokenStatus).toBeUndefined();
    });
  });

  it('sees 04 (status unknown) as pending, without a tokenStatus', async () => {
    const spec: Spec = {
      state: UNIONPAY_STATES.pending,
      description: `the first signMethod 01 query of contract ${CONTRACTS.pending}`,
      signMethod: '01',
      orderId: ORDER_IDS.pending,
      contractId: CONTRACTS.pending,
      planId: PLAN_ID,
      answer: { respCode: '04' },
    };
    await interaction(spec).executeTest(async (server) => {
      const r = await ask(server.url, spec);
      expect(r).toMatchObject({ ok: false, code: '04', pending: true });
      expect(r.data.tokenStatus).toBeUndefined();
    });
  });

  it('signs with SM2 (21) and verifies the SM2 answer and its certificate', async () => {
    const spec: Spec = {
      state: UNIONPAY_STATES.active,
      description: `a signMethod 21 (SM2) query of active contract ${CONTRACTS.active}`,
      signMethod: '21',
      orderId: ORDER_IDS.active21,
      contractId: CONTRACTS.active,
      planId: PLAN_ID,
      answer: { respCode: '00', tokenStatus: '1' },
    };
    await interaction(spec).executeTest(async (server) => {
      const r = await ask(server.url, spec);
      expect(r).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' }, pending: false });
      expect(r.fields.signMethod).toBe('21');
      expect(r.request.certId).toBe(keys.sm2.merchant.certId);
    });
  });

  it('signs with the secure key (11) and verifies the keyed answer', async () => {
    const spec: Spec = {
      state: UNIONPAY_STATES.active,
      description: `a signMethod 11 (secure key) query of active contract ${CONTRACTS.active}`,
      signMethod: '11',
      orderId: ORDER_IDS.active11,
      contractId: CONTRACTS.active,
      planId: PLAN_ID,
      answer: { respCode: '00', tokenStatus: '1' },
    };
    await interaction(spec).executeTest(async (server) => {
      const r = await ask(server.url, spec);
      expect(r).toMatchObject({ ok: true, code: '00', data: { tokenStatus: '1' }, pending: false });
      expect(r.fields.signMethod).toBe('11');
      expect(r.request.certId).toBeUndefined();
    });
  });

  it('is told a required field is missing (13), naming it', async () => {
    // The client validates nothing it sends: an empty planId is dropped before signing, so the
    // request is well signed and lacks the field.
    const spec: Spec = {
      state: UNIONPAY_STATES.active,
      description: `a signMethod 01 query of contract ${CONTRACTS.active} without planId`,
      signMethod: '01',
      orderId: ORDER_IDS.missingPlan,
      contractId: CONTRACTS.active,
      planId: undefined,
      answer: { respCode: '13' },
    };
    await interaction(spec).executeTest(async (server) => {
      const r = await ask(server.url, spec);
      expect(r).toMatchObject({ ok: false, code: '13', pending: false });
      expect(r.msg).toBe('报文交易要素缺失[1300000]');
      expect(r.request.planId).toBeUndefined();
    });
  });
});
