/**
 * Card binding on the withhold gateway, through the wire (reference client and raw bodies) and
 * the admin API: pre-tied-card checks every field (GB 11643 check digit, Luhn and a known BIN,
 * mobile, the merchant's pay types) and "sends" an SMS code that the admin order view shows;
 * confirm-tied-card answers a protocol_no for the right code, counts wrong ones (three void the
 * pre-binding), refuses an expired code, another card or pay type; an unconfirmed pre-binding
 * expires. The code is also shown by the CLI.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERSON, createWithholdHarness, type Person, type WithholdHarness } from './support/withhold-harness.ts';

/** the gateway's message and the simulator's own explanation (x-sim-detail), told apart */
const told = (r: { msg: string; simDetail?: string }) => (r.simDetail ? `${r.msg} ‖ ${r.simDetail}` : r.msg);

let h: WithholdHarness;
beforeEach(async () => {
  h = await createWithholdHarness();
});
afterEach(async () => h.close());

async function preBind(person: Partial<Person> = {}) {
  const pre = await h.client.preTiedCard({ ...PERSON, ...person });
  if (!pre.ok) throw new Error(pre.msg);
  return pre.data.unique_code;
}
const confirm = (unique_code: string, verification_code: string, more: Partial<Person> = {}) =>
  h.client.confirmTiedCard({
    verification_code,
    unique_code,
    bank_card_number: more.bank_card_number ?? PERSON.bank_card_number,
    pay_type: more.pay_type ?? PERSON.pay_type,
  });

describe('withhold pre-tied-card', () => {
  it('answers a unique_code and shows the SMS code in the admin order view and the journal', async () => {
    const unique = await preBind();
    expect(unique).toMatch(/^UC\d{8}\d{8}$/);
    const order = await h.sim.admin.order(unique);
    expect(order).toMatchObject({
      kind: 'binding',
      state: 'pre_bound',
      data: { smsCode: expect.stringMatching(/^\d{6}$/) },
    });
    const [entry] = await h.sim.admin.journal({ order: unique, operation: 'pre-tied-card' });
    expect(entry!.warnings.join('\n')).toContain(`SMS code ${String(order.data.smsCode)} sent to 138****8000`);
  });

  it('shows the SMS code through the CLI too (channel-sim orders show)', async () => {
    const unique = await preBind();
    const code = await h.smsCode(unique);
    const bin = fileURLToPath(new URL('../bin/channel-sim.js', import.meta.url));
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SIM_')));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [bin, 'orders', 'show', unique, '--url', h.baseUrl],
      {
        cwd: tmpdir(),
        env,
      },
    );
    expect(stdout).toContain(unique);
    expect(stdout).toContain(code);
    expect(stdout).toContain('smsCode');
  });

  it.each([
    [
      { id_card_number: '110105194912310021' },
      'id_card_number (身份证号) 格式错误: "110105194912310021" 校验位错误 (GB 11643), 应为 X',
    ],
    [
      { id_card_number: '99010519491231002X' },
      'id_card_number (身份证号) 格式错误: "99010519491231002X" 地区码或出生日期不合法',
    ],
    [{ id_card_number: '1101051949123100' }, 'id_card_number (身份证号) 格式错误'],
    [
      { bank_card_number: '6222020200112233445' },
      'bank_card_number (银行卡号) 格式错误: "6222020200112233445" 未通过 Luhn 校验',
    ],
    [
      { bank_card_number: '4000000000000002' },
      'bank_card_number (银行卡号) 格式错误: "4000000000000002" 卡 BIN 400000 不是已知银行的卡号',
    ],
    [{ mobile: '12800138000' }, 'mobile (手机号) 格式错误'],
    [{ name: '' }, 'name (姓名) 不能为空'],
    [{ pay_type: 'PAY99' }, 'pay_type (支付类型) 取值错误: "PAY99", 本商户的支付类型为 PAY01|PAY02'],
  ])('refuses %j, naming the field', async (change, message) => {
    const r = await h.client.preTiedCard({ ...PERSON, ...change });
    expect(r).toMatchObject({ ok: false, code: '-1', data: {} });
    expect(told(r)).toContain(message);
  });

  it('reports the first problem in the seed order', async () => {
    const r = await h.client.preTiedCard({ ...PERSON, id_card_number: 'x', mobile: 'y' });
    expect(told(r)).toMatch(/^参数错误 ‖ id_card_number/);
  });

  it('refuses the magic mobile 13900000002 as the bank would (持卡人信息不符), making no binding', async () => {
    const r = await h.client.preTiedCard({ ...PERSON, mobile: '13900000002' });
    expect(r).toMatchObject({ ok: false, msg: '持卡人信息不符' });
    expect(await h.sim.admin.orders({ kind: 'binding' })).toEqual([]);
  });
});

describe('withhold confirm-tied-card', () => {
  it('confirms with the code shown and answers a protocol_no; confirming again answers the same one', async () => {
    const unique = await preBind();
    const code = await h.smsCode(unique);
    const first = await confirm(unique, code);
    expect(first).toMatchObject({
      ok: true,
      code: '1',
      msg: '成功',
      data: { protocol_no: expect.stringMatching(/^PN\d{16}$/) },
    });
    expect(await h.sim.admin.order(unique)).toMatchObject({ state: 'confirmed' });
    const again = await confirm(unique, code);
    expect(again.data).toEqual(first.data);
  });

  it('counts wrong codes: two leave tries, the third voids the pre-binding even for the right code', async () => {
    const unique = await preBind();
    const code = await h.smsCode(unique);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(told(await confirm(unique, wrong))).toBe('参数错误 ‖ verification_code (验证码) 错误, 还可尝试 2 次');
    expect(told(await confirm(unique, wrong))).toBe('参数错误 ‖ verification_code (验证码) 错误, 还可尝试 1 次');
    expect(told(await confirm(unique, wrong))).toContain('错误次数过多, 签约已失效');
    expect(await h.sim.admin.order(unique)).toMatchObject({ state: 'expired', data: { wrongTries: 3 } });
    expect(told(await confirm(unique, code))).toContain('签约已失效, 请重新获取验证码');
  });

  it('refuses a code older than 5 minutes of simulator time', async () => {
    const unique = await preBind();
    const code = await h.smsCode(unique);
    await h.advance('5m');
    await h.advance(1);
    expect(told(await confirm(unique, code))).toBe(
      '当前状态不允许此操作 ‖ verification_code (验证码) 已过期, 请重新获取',
    );
  });

  it('accepts a code at exactly 5 minutes', async () => {
    const unique = await preBind();
    const code = await h.smsCode(unique);
    await h.advance('5m');
    expect((await confirm(unique, code)).ok).toBe(true);
  });

  it('refuses another card or pay type than the pre-binding, and an unknown unique_code', async () => {
    const unique = await preBind();
    const code = await h.smsCode(unique);
    expect(told(await confirm(unique, code, { bank_card_number: '6217001234567890122' }))).toBe(
      '参数错误 ‖ bank_card_number (银行卡号) 与预签约的卡号不一致',
    );
    expect(told(await confirm(unique, code, { pay_type: 'PAY02' }))).toBe(
      '参数错误 ‖ pay_type (签约支付类型) 与预签约的支付类型不一致',
    );
    expect(told(await confirm('UC-NOPE', code))).toBe('签约记录不存在 ‖ unique_code=UC-NOPE 不存在');
  });

  it('expires a pre-binding nobody confirmed after 30 minutes', async () => {
    const unique = await preBind();
    await h.advance('30m');
    expect(await h.sim.admin.order(unique)).toMatchObject({ state: 'expired' });
  });

  it('refuses the confirmation for the magic mobile 13900000003 (卡状态异常) however often it is tried', async () => {
    const unique = await preBind({ mobile: '13900000003' });
    const code = await h.smsCode(unique);
    // the gateway's own words; which scenario refused it is the simulator's header and journal
    for (let i = 0; i < 2; i++)
      expect(told(await confirm(unique, code))).toBe('卡状态异常, 请联系发卡行 ‖ 模拟场景 withhold/confirm-rejected');
    const [entry] = await h.sim.admin.journal({ operation: 'confirm-tied-card', limit: 1 });
    expect(entry!.error).toEqual({ code: 'SIM_ERR_SCENARIO_REJECTED', message: '模拟场景 withhold/confirm-rejected' });
    expect(await h.sim.admin.order(unique)).toMatchObject({ state: 'pre_bound' });
  });

  it("keeps merchants apart: another ua cannot confirm this merchant's pre-binding", async () => {
    await h.close();
    h = await createWithholdHarness({
      credentials: {
        ua: 'UA-A',
        aesKey: 'k-harness-16char',
        merchants: [{ ua: 'UA-B', aesKey: 'another-key-16ch' }],
      },
    });
    const unique = await preBind();
    const other = h.clientWith({ ua: 'UA-B', aesKey: 'another-key-16ch' });
    const r = await other.confirmTiedCard({
      verification_code: await h.smsCode(unique),
      unique_code: unique,
      bank_card_number: PERSON.bank_card_number,
      pay_type: 'PAY01',
    });
    expect(told(r)).toContain('签约记录不存在');
  });
});
