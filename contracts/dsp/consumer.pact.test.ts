/**
 * Consumer contract of the DSP reference client (clients/dsp.ts) with the DSP front's 单笔解约
 * (DeContract 9108Auth): Step 01 accepted (EC100), Step 02 with the right code (EC000 success),
 * Step 02 on a cancelled contract (EC801, RespInfo 重复签约 as in the document), the document's own example request with no
 * application (EC802). GBK is not in the pact: Pact's mock server parses a text/xml body as XML
 * and its parser reads UTF-8 only (the GBK wire is pinned by test/dsp-*.test.ts and the iconv
 * known answers instead). The real client calls the Pact mock
 * server with a fixed clock; bodies are ATSYH XML (text/xml, Pact's XML matching) written out here
 * from the fields, independently of the client, through the shared wire's encoder; the GBK one is
 * bytes. Writes contracts/pacts/dsp-merchant-client-dsp-simulator.json, which
 * provider.pact.test.ts verifies.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PactV4 } from '@pact-foundation/pact';
import { createDspClient, type DeContractInput } from '../../clients/dsp.ts';
import {
  encodeDspRequest,
  encodeDspResponse,
  type DspRequestFields,
  type DspResponseFields,
} from '../../simulators/dsp/wire/index.ts';
import {
  DSP_CONTRACTS,
  DSP_CONTRACT_NOW,
  DSP_EXAMPLE_SMS_CODE,
  DSP_HTTP_CONSUMER,
  DSP_PROVIDER,
  DSP_STATES,
  DSP_TRANS_TIME,
} from '../support/dsp-fixtures.ts';
import { xmlRequestBody, xmlResponseBody } from '../support/dsp-pact-bodies.ts';
import { PACT_DIR, PACT_LOG_LEVEL, pactFile } from '../support/pact-options.ts';
import { settled } from '../support/settled-mock-server.ts';

const pact = new PactV4({
  consumer: DSP_HTTP_CONSUMER,
  provider: DSP_PROVIDER,
  dir: PACT_DIR,
  logLevel: PACT_LOG_LEVEL,
});

/** what a fresh client numbers its first message: T/R + its clock + 0001 */
const FIRST_TRANS_SEQ = `T${DSP_CONTRACT_NOW}0001`;
const FIRST_REQ_SEQ = `R${DSP_CONTRACT_NOW}0002`;

/** the request clients/dsp.ts sends, written out independently of it */
function requestFields(step: '01' | '02', input: DeContractInput): DspRequestFields {
  return {
    BankCode: 'CMBC02',
    TransType: 'DeContract',
    TransSeqID: FIRST_TRANS_SEQ,
    CommandCode: '9108Auth',
    TransTime: DSP_TRANS_TIME,
    ReqSeqID: FIRST_REQ_SEQ,
    ...input,
    Step: step,
  };
}

function answer(code: string, info: string, state: 'success' | 'fail', original?: string): DspResponseFields {
  return {
    BankCode: 'CMBC02',
    TransType: 'DeContract',
    TransSeqID: FIRST_TRANS_SEQ,
    RespCode: '0',
    RespInfo: info,
    ReqSeqID: FIRST_REQ_SEQ,
    UnifiedCode: code,
    DeSignState: state,
    ...(original ? { OriginalCode: original } : {}),
  };
}

function interaction(state: string, description: string, req: DspRequestFields, res: DspResponseFields) {
  return settled(
    pact
      .addInteraction()
      .given(state)
      .uponReceiving(description)
      .withRequest('POST', '/', (b) => xmlRequestBody(b, encodeDspRequest(req, 'UTF-8').toString('utf8')))
      .willRespondWith(200, (b) => xmlResponseBody(b, encodeDspResponse(res, 'UTF-8').toString('utf8'))),
  );
}

const client = (url: string) => createDspClient({ url: `${url}/`, bankCode: 'CMBC02', now: () => DSP_CONTRACT_NOW });

const PARTY = { PayName: '名侦探悟空', RecName: '姬俞', CellPhone: '15158040490' };

beforeAll(() => {
  // PactV4 merges into an existing file: start clean so a renamed interaction does not linger
  rmSync(pactFile(DSP_HTTP_CONSUMER, DSP_PROVIDER), { force: true });
});

describe('DSP merchant client ↔ DSP front (consumer)', () => {
  it('Step 01: the application is accepted and the SMS code sent (EC100, not cancelled yet)', async () => {
    const input = { ...DSP_CONTRACTS.fresh, ...PARTY };
    const req = requestFields('01', input);
    await interaction(
      DSP_STATES.fresh,
      'a Step 01 解约申请',
      req,
      answer('EC100', '验证码已发送', 'fail', '0001'),
    ).executeTest(async (server) => {
      const r = await client(server.url).apply(input);
      expect(r).toMatchObject({ ok: true, code: 'EC100', cancelled: false, refusedByFront: false });
    });
  });

  it('Step 02 with the code: the contract is cancelled (EC000, DeSignState success)', async () => {
    const input = { ...DSP_CONTRACTS.applied, ...PARTY, SmsCode: DSP_EXAMPLE_SMS_CODE };
    const req = requestFields('02', input);
    await interaction(
      DSP_STATES.applied,
      'a Step 02 解约确认 with the right SMS code',
      req,
      answer('EC000', '解约成功', 'success', '0000'),
    ).executeTest(async (server) => {
      const r = await client(server.url).confirm(input);
      expect(r).toMatchObject({ ok: true, cancelled: true, code: 'EC000', data: { DeSignState: 'success' } });
    });
  });

  it('Step 02 on a cancelled contract: EC801 重复签约 (RespCode 0, DeSignState fail, OriginalCode S)', async () => {
    const input = { ...DSP_CONTRACTS.cancelled, ...PARTY, SmsCode: DSP_EXAMPLE_SMS_CODE };
    const req = requestFields('02', input);
    await interaction(
      DSP_STATES.cancelled,
      'a Step 02 on a cancelled contract',
      req,
      answer('EC801', '重复签约', 'fail', 'S'),
    ).executeTest(async (server) => {
      const r = await client(server.url).confirm(input);
      expect(r).toMatchObject({
        ok: false,
        cancelled: false,
        code: 'EC801',
        data: { RespCode: '0', OriginalCode: 'S' },
      });
    });
  });

  it("the document's example request (2.3) with no application: EC802", async () => {
    const seed = readFileSync(
      join(import.meta.dirname, '..', '..', 'simulators', 'dsp', 'fixtures', 'seed-request.xml'),
    );
    const res: DspResponseFields = {
      BankCode: 'GZELINK01',
      TransType: 'DeContract',
      TransSeqID: '30191205151125',
      RespCode: '0',
      RespInfo: '无解约申请, 请先发送解约申请 (Step 01)',
      ReqSeqID: 'G0120031611501284062',
      UnifiedCode: 'EC802',
      DeSignState: 'fail',
      OriginalCode: 'D1001',
    };
    await settled(
      pact
        .addInteraction()
        .given(DSP_STATES.nothing)
        .uponReceiving("the document's example DeContract request")
        .withRequest('POST', '/', (b) => xmlRequestBody(b, seed.toString('utf8')))
        .willRespondWith(200, (b) => xmlResponseBody(b, encodeDspResponse(res, 'UTF-8').toString('utf8'))),
    ).executeTest(async (server) => {
      const r = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=UTF-8' },
        body: new Uint8Array(seed),
      });
      expect(await r.text()).toContain('<UnifiedCode>EC802</UnifiedCode>');
    });
  });
});
