/**
 * Every example of the READMEs' field reference is accepted by a listening simulator as shown:
 * LFT's bodies are posted byte for byte as the README prints them (the clock stands at their
 * timestamp, so the `transNo` they carry is the one `create` answers), UnionPay's fields are
 * signed with the wire signer and posted as a form. Each answer is a success, journalled without a
 * warning, and has exactly the answer fields the reference lists (some only in some answers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../simulators/core/clock.ts';
import { lftOperationNames, lftOperationPath, lftVerify, type LftOperationName } from '../simulators/lft/wire/index.ts';
import {
  LFT_EXAMPLE_APP,
  LFT_EXAMPLE_TIME,
  lftAnswers,
  lftCarried,
  lftExampleBody,
  lftExamples,
} from '../scripts/field-reference/lft.ts';
import { unionpayExamples } from '../scripts/field-reference/unionpay.ts';
import {
  LAKALA_EXAMPLE_REQ_ID,
  LAKALA_EXAMPLE_TIME,
  lakalaExampleBody,
  lakalaExamples,
} from '../scripts/field-reference/lakala.ts';
import { createLakalaClient } from '../clients/lakala.ts';
import { readFileSync } from 'node:fs';
import { createWithholdClient } from '../clients/withhold.ts';
import { withhold } from '../simulators/withhold/index.ts';
import { withholdMethods, type WithholdMethod } from '../simulators/withhold/wire/index.ts';
import {
  WITHHOLD_EXAMPLE_MERCHANT,
  WITHHOLD_EXAMPLE_TIME,
  withholdAnswers,
  withholdExampleBody,
  withholdExampleRequestId,
  withholdExamples,
} from '../scripts/field-reference/withhold.ts';
import { createDspClient } from '../clients/dsp.ts';
import { dsp } from '../simulators/dsp/index.ts';
import { encodeDspRequest } from '../simulators/dsp/wire/index.ts';
import {
  DSP_ANSWER_SOMETIMES,
  DSP_EXAMPLE_TIME,
  dspExamples,
  dspFieldReference,
} from '../scripts/field-reference/dsp.ts';
import { lakala } from '../simulators/lakala/index.ts';
import { createUnionPayHarness, type UnionPayHarness } from './support/unionpay-harness.ts';
import { startSimulator, type StartedSimulator } from './support/simulator.ts';

/** the answer's fields are the listed ones; those not marked `sometimes` are all there */
function expectAnswerFields(
  got: Record<string, unknown>,
  listed: { fields: Record<string, string>; sometimes?: readonly string[] },
) {
  const keys = Object.keys(got);
  expect(keys.filter((k) => !(k in listed.fields))).toEqual([]);
  const always = Object.keys(listed.fields).filter((k) => !(listed.sometimes ?? []).includes(k));
  expect(always.filter((k) => !keys.includes(k))).toEqual([]);
}

describe('LFT field reference examples', () => {
  let sim: StartedSimulator;
  const answers: Partial<Record<LftOperationName, unknown>> = {};
  beforeAll(async () => {
    sim = await startSimulator('lft', {
      credentials: LFT_EXAMPLE_APP,
      clock: createClock({ mode: 'manual', start: LFT_EXAMPLE_TIME }),
    });
  });
  afterAll(() => sim.close());

  async function post(op: LftOperationName): Promise<{ code: string; msg: string; data: unknown }> {
    const res = await fetch(`${sim.baseUrl}${lftOperationPath(op)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: lftExampleBody(op),
    });
    expect(res.status).toBe(200);
    const envelope = (await res.json()) as Record<string, string>;
    expect(lftVerify(envelope as never, LFT_EXAMPLE_APP.key)).toBe(true);
    return { code: envelope.code!, msg: envelope.msg!, data: JSON.parse(envelope.data!) };
  }

  // in the reference's order: each example may name what an earlier one was answered
  it.each(lftOperationNames.map((op) => [op]))('%s is accepted as the README shows it', async (op) => {
    if (op === 'posclose') {
      // the pay-in is paid and its funds arrive, so the payout after it has money to spend
      await sim.admin.event(lftExamples.prepay.outReqNo, 'pay');
      await sim.admin.event(lftExamples.prepay.outReqNo, 'arrive');
    }
    const answer = await post(op);
    expect(answer, answer.msg).toMatchObject({ code: '0000', msg: 'SUCCESS' });
    answers[op] = answer.data;
    const rows =
      op === 'querybankcnaps' ? (answer.data as Record<string, unknown>[]) : [answer.data as Record<string, unknown>];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expectAnswerFields(row, lftAnswers[op]);
    for (const [field, from] of Object.entries(lftCarried[op] ?? {}))
      expect((answers[from] as Record<string, unknown>)[field]).toBe(
        (lftExamples[op] as unknown as Record<string, string>)[field],
      );
    const [entry] = await sim.admin.journal({ operation: op, kind: 'request', limit: 1 });
    expect(entry?.warnings).toEqual([]);
  });

  it('the examples answer what a merchant expects of them', () => {
    expect(answers.posclose).toEqual({ result: 'false' }); // paid: nothing to close
    expect(answers.inquery).toMatchObject({ payStatus: 'SUCCESS', arrivedStatus: '02', amount: '100.00' });
    expect(answers.outpay).toMatchObject({ payStatus: 'PROCESSING', amount: '60.00' });
    expect(answers.find).toMatchObject({ transNo: lftExamples.find.transNo, amount: '0.00' });
  });
});

describe('UnionPay field reference examples', () => {
  let h: UnionPayHarness;
  beforeAll(async () => {
    h = await createUnionPayHarness();
  });
  afterAll(() => h.close());

  it.each(Object.entries(unionpayExamples))('%s is accepted, signed as the README says', async (_op, ex) => {
    const a = await h.send(ex.fields, { signMethod: ex.signMethod });
    expect(a.status).toBe(200);
    expect(a.fields, a.fields.respMsg).toMatchObject({ respCode: '00', tokenStatus: '1' });
    expect(h.checkSignature(a.fields)).toBeUndefined();
    expectAnswerFields(a.fields, { fields: ex.answer, sometimes: ex.sometimes });
    const [entry] = await h.sim.admin.journal({ kind: 'request', limit: 1 });
    expect(entry?.warnings).toEqual([]);
  });
});

describe('Lakala field reference examples', () => {
  let sim: StartedSimulator;
  beforeAll(async () => {
    sim = await startSimulator(lakala, { clock: createClock({ mode: 'manual', start: LAKALA_EXAMPLE_TIME }) });
  });
  afterAll(() => sim.close());

  it.each(Object.entries(lakalaExamples))(
    '%s is accepted, sent by the reference client as the README shows it',
    async (op, ex) => {
      const sdk = (
        sim.credentials as unknown as {
          sdk: { appId: string; serialNo: string; priKeyPath: string; lklCerPath: string };
        }
      ).sdk;
      const client = createLakalaClient({
        serverUrl: sim.baseUrl,
        appid: sdk.appId,
        serialNo: sdk.serialNo,
        privateKeyPem: readFileSync(sdk.priKeyPath),
        platformCertPems: [readFileSync(sdk.lklCerPath)],
        now: () => sim.now(),
      });
      const r = await client.signQry({ ...ex.reqData }, { req_id: LAKALA_EXAMPLE_REQ_ID });
      expect(r.requestBody).toBe(lakalaExampleBody(op));
      expect(r, r.msg).toMatchObject({ ok: true, code: '000000' });
      expectAnswerFields(r.data as Record<string, unknown>, { fields: ex.answer });
      const [entry] = await sim.admin.journal({ kind: 'request', limit: 1 });
      expect(entry?.warnings).toEqual([]);
    },
  );
});

describe('DSP field reference examples', () => {
  let sim: StartedSimulator;
  beforeAll(async () => {
    sim = await startSimulator(dsp, { clock: createClock({ mode: 'manual', start: DSP_EXAMPLE_TIME }) });
  });
  afterAll(() => sim.close());

  it('Step 01 then Step 02 are accepted, written by the reference client as the README shows them', async () => {
    const client = createDspClient({ url: `${sim.baseUrl}/`, now: () => sim.now() });
    const answers = [];
    for (const [op, ex] of Object.entries(dspExamples)) {
      const { TransType: _t, CommandCode: _c, Step, ...input } = ex;
      const r = Step === '01' ? await client.apply(input) : await client.confirm({ ...input, SmsCode: ex.SmsCode! });
      expect(r.request).toEqual(ex);
      expect(encodeDspRequest(r.request, 'UTF-8').equals(encodeDspRequest(ex, 'UTF-8'))).toBe(true);
      const listed = dspFieldReference('npm run docs').operations.find((o) => o.name === op)!.response!;
      expectAnswerFields(r.data as unknown as Record<string, unknown>, {
        fields: listed,
        sometimes: DSP_ANSWER_SOMETIMES,
      });
      const [entry] = await sim.admin.journal({ operation: op, kind: 'request', limit: 1 });
      // lenient-mode warnings would mean the example breaks the table; the SMS note is expected
      expect(entry?.warnings.filter((w) => !w.startsWith('短信验证码'))).toEqual([]);
      answers.push(r);
    }
    expect(answers.map((r) => [r.ok, r.code])).toEqual([
      [true, 'EC100'],
      [true, 'EC000'],
    ]);
    expect(answers[1]!.cancelled).toBe(true);
  });
});

describe('withhold field reference examples', () => {
  let sim: StartedSimulator;
  const answers: Partial<Record<WithholdMethod, Record<string, unknown>>> = {};
  beforeAll(async () => {
    sim = await startSimulator(withhold, {
      credentials: WITHHOLD_EXAMPLE_MERCHANT,
      clock: createClock({ mode: 'manual', start: WITHHOLD_EXAMPLE_TIME }),
    });
  });
  afterAll(() => sim.close());

  it.each(withholdMethods.map((m) => [m]))('%s is accepted, sent by the reference client', async (m) => {
    let args: object = withholdExamples[m];
    if (m === 'confirm-tied-card') {
      // the one value no example can know: the SMS code is random (the phone, here the admin view)
      const smsCode = String((await sim.admin.order(withholdExamples[m].unique_code)).data.smsCode);
      args = { ...withholdExamples[m], verification_code: smsCode };
    }
    const sent: string[] = [];
    const spy: typeof fetch = (input, init) => (sent.push(String(init?.body)), fetch(input, init));
    const client = createWithholdClient({
      baseUrl: `${sim.baseUrl}/`,
      ...WITHHOLD_EXAMPLE_MERCHANT,
      now: () => sim.now(),
      requestId: () => withholdExampleRequestId(m),
      fetch: spy,
    });
    const r = await client.call(m, args);
    // the README's body (with the SMS code of this run) is what the client sent
    expect(sent).toEqual([withholdExampleBody(m, args)]);
    expect(r, r.msg).toMatchObject({ ok: true, code: '1' });
    answers[m] = r.data as Record<string, unknown>;
    expectAnswerFields(answers[m]!, { fields: withholdAnswers[m] });
    const [entry] = await sim.admin.journal({ operation: m, kind: 'request', limit: 1 });
    expect(entry?.warnings.filter((w) => !w.startsWith('SMS code'))).toEqual([]);
  });

  it('the examples carry what the earlier answers said', () => {
    expect(answers['pre-tied-card']).toEqual({ unique_code: withholdExamples['confirm-tied-card'].unique_code });
    expect(answers['confirm-tied-card']).toEqual({
      protocol_no: (withholdExamples['single-withhold'].biz_data as [{ protocol_no: string }])[0].protocol_no,
    });
    expect(answers['single-withhold']).toMatchObject({ biz_order_no: 'WH20261202000001', pay_status: 'pending' });
  });
});
