/**
 * The UnionPay scenarios (issue 3 §7) as a tester uses them, through HTTP: magic contractId
 * prefixes that bring a contract into being in each state, the pending answers 03/04/05 twice
 * before the real status, the system error, the slow answer and the connection reset; the same
 * scenarios chosen by the x-sim-scenario header and by an admin override; and the catalogue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenarios/load-scenarios.ts';
import { unionpay } from '../simulators/unionpay/index.ts';
import { parseTxnTime } from '../simulators/unionpay/wire/index.ts';
import { createUnionPayHarness, type UnionPayHarness } from './support/unionpay-harness.ts';

let h: UnionPayHarness;
beforeAll(async () => {
  h = await createUnionPayHarness();
});
afterAll(() => h.close());

const ask = async (contractId: string, opts: { scenario?: string } = {}) => {
  const a = await h.send(h.query(contractId), opts);
  expect(h.checkSignature(a.fields)).toBeUndefined();
  return a.fields;
};

describe('magic contractIds', () => {
  it.each([
    ['ACTIVE0001', '1', 'ACTIVE'],
    ['INIT0001', '0', 'INITIALISED'],
    ['LOST0001', '2', 'LOST'],
    ['CANCEL0001', '3', 'CANCELLED'],
  ])(
    '%s: the first query creates the contract, answering tokenStatus %s, and later queries agree',
    async (contractId, tokenStatus, state) => {
      for (let i = 0; i < 2; i++) expect(await ask(contractId)).toMatchObject({ respCode: '00', tokenStatus });
      const { json } = await h.admin<{ state: string; kind: string; data: { planId: string } }>(
        'GET',
        `/orders/${contractId}`,
      );
      expect(json).toMatchObject({ state, kind: 'contract', data: { planId: 'PLAN0001' } });
    },
  );

  it('EXPIRED…: tokenStatus 1 with a tokenEndExpr of yesterday 23:59:59 (Beijing)', async () => {
    const f = await ask('EXPIRED0001');
    expect(f).toMatchObject({ respCode: '00', tokenStatus: '1' });
    expect(f.tokenEndExpr).toMatch(/^\d{8}235959$/);
    expect(parseTxnTime(f.tokenEndExpr!)!).toBeLessThan(h.now());
    expect(parseTxnTime(f.tokenEndExpr!)!).toBeGreaterThan(h.now() - 2 * 86_400_000);
  });

  it('TOKENEXP…: a token past its tokenEndExpr answers 80 交易失败，Token 已过期, no tokenStatus', async () => {
    for (let i = 0; i < 2; i++) {
      const f = await ask('TOKENEXP0001');
      expect(f).toMatchObject({ respCode: '80', respMsg: '交易失败，Token 已过期[8000000]' });
      expect(f.tokenStatus).toBeUndefined();
      expect(f.tokenEndExpr).toBeUndefined();
    }
    const { json } = await h.admin<{ state: string; data: { tokenEndExpr: string } }>('GET', '/orders/TOKENEXP0001');
    expect(json.state).toBe('EXPIRED');
    expect(parseTxnTime(json.data.tokenEndExpr)!).toBeLessThan(h.now());
  });

  it('unionpay/token-expired bound to an active admin contract expires it and answers 80', async () => {
    const made = await h.admin('POST', '/unionpay/contracts', {
      contractId: 'CTRTOKEN0001',
      planId: 'PLAN0001',
      scenario: 'unionpay/token-expired',
    });
    expect(made.status).toBeLessThan(300);
    expect(await ask('CTRTOKEN0001')).toMatchObject({ respCode: '80', respMsg: '交易失败，Token 已过期[8000000]' });
    const { json } = await h.admin<{ state: string; data: { tokenEndExpr: string } }>('GET', '/orders/CTRTOKEN0001');
    expect(json.state).toBe('EXPIRED');
    expect(parseTxnTime(json.data.tokenEndExpr)!).toBeLessThan(h.now());
  });

  it('NOTFOUND…: 34 every time, and no contract comes into being', async () => {
    for (let i = 0; i < 2; i++) expect(await ask('NOTFOUND0001')).toMatchObject({ respCode: '34' });
    expect((await h.admin('GET', '/orders/NOTFOUND0001')).status).toBe(404);
  });

  it.each([
    ['PEND030001', '03', /^交易通讯超时/],
    ['PEND040001', '04', /^交易状态未明/],
    ['PEND050001', '05', /^交易已受理/],
  ])('%s: answers %s twice (no tokenStatus), then the real status', async (contractId, code, msg) => {
    for (let i = 0; i < 2; i++) {
      const f = await ask(contractId);
      expect(f.respCode).toBe(code);
      expect(f.respMsg).toMatch(msg);
      expect(f.tokenStatus).toBeUndefined();
      expect(f.tokenEndExpr).toBeUndefined();
    }
    expect(await ask(contractId)).toMatchObject({ respCode: '00', tokenStatus: '1' });
    expect(await ask(contractId)).toMatchObject({ respCode: '00', tokenStatus: '1' });
  });

  it('SYSERR…: 99 通用错误 every time, signed; the scenario is named in x-sim-detail and the journal', async () => {
    for (let i = 0; i < 2; i++) {
      const a = await h.send(h.query('SYSERR0001'));
      expect(h.checkSignature(a.fields)).toBeUndefined();
      // UnionPay's words alone; the scenario that said so is the simulator's header and journal
      expect(a.fields).toMatchObject({ respCode: '99', respMsg: '通用错误[9900000]' });
      expect(a.detail).toBe('模拟场景 unionpay/system-error');
      expect(a.headers.get('x-sim-error')).toBe('SIM_ERR_SCENARIO_REJECTED');
      const [entry] = (
        await h.admin<{ entries: Array<{ error: unknown }> }>('GET', '/journal?order=SYSERR0001&limit=1')
      ).json.entries;
      expect(entry!.error).toEqual({ code: 'SIM_ERR_SCENARIO_REJECTED', message: a.detail });
    }
  });

  it('SLOW…: the answer is written 3 s later on the simulator clock', async () => {
    // 1 the request waits on the (manual) clock
    let done = false;
    const pending = h.send(h.query('SLOW0001')).then((a) => ((done = true), a));
    for (
      let i = 0;
      i < 50 && (await h.admin<{ pendingTimers: number }>('GET', '/clock')).json.pendingTimers === 0;
      i++
    );
    await h.advance(2999);
    await h.admin('GET', '/health');
    expect(done).toBe(false);
    // 2 the last millisecond releases it
    await h.advance(1);
    expect((await pending).fields).toMatchObject({ respCode: '00', tokenStatus: '1' });
  });

  it('RESET…: the first query resets the connection (the contract exists), the next one answers', async () => {
    await expect(h.send(h.query('RESET0001'))).rejects.toThrow(/fetch failed/);
    expect((await h.admin('GET', '/orders/RESET0001')).status).toBe(200);
    expect(await ask('RESET0001')).toMatchObject({ respCode: '00', tokenStatus: '1' });
  });
});

describe('choosing a scenario without a magic value', () => {
  it('x-sim-scenario brings any contractId into being under that scenario', async () => {
    expect(await ask('CT-HEADER-1', { scenario: 'unionpay/pending-04' })).toMatchObject({ respCode: '04' });
    expect(await ask('CT-HEADER-1')).toMatchObject({ respCode: '04' }); // bound to the contract now
    expect(await ask('CT-HEADER-1')).toMatchObject({ respCode: '00', tokenStatus: '1' });
    expect(await ask('CT-HEADER-2', { scenario: 'lost' })).toMatchObject({ respCode: '00', tokenStatus: '2' });
  });

  it('an unknown x-sim-scenario is answered 99 naming it', async () => {
    const a = await h.send(h.query('CT-HEADER-3'), { scenario: 'unionpay/nope' });
    expect(a.fields).toMatchObject({ respCode: '99', respMsg: '通用错误[9900000]' });
    expect(a.detail).toContain('no scenario "unionpay/nope"');
  });

  it('an admin override applies once to the next new contract', async () => {
    const o = await h.admin('POST', '/scenarios/use', {
      scenario: 'cancelled',
      operation: 'contract-query',
      once: true,
    });
    expect(o.status).toBe(200);
    expect(await ask('CT-OVERRIDE-1')).toMatchObject({ respCode: '00', tokenStatus: '3' });
    expect(await ask('CT-OVERRIDE-2')).toMatchObject({ respCode: '34' });
  });
});

describe('the catalogue', () => {
  it('loads every scenario file with the names the README lists', () => {
    const set = loadScenarios('scenarios', unionpay);
    expect([...set.byId.keys()].sort()).toEqual(
      [
        'active',
        'as-is',
        'cancelled',
        'connection-reset',
        'default',
        'expired',
        'initialised',
        'lost',
        'not-found',
        'pending-03',
        'pending-04',
        'pending-05',
        'slow-response',
        'system-error',
        'token-expired',
      ].map((n) => `unionpay/${n}`),
    );
  });
});
