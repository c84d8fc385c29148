/**
 * The QP test cashier page over HTTP, as a browser meets it: a listening simulator (manual clock),
 * a prepay by the reference client, then the page's GETs and form POSTs with redirects not
 * followed, so each status code, header and Location is seen. The SMS code is read from the
 * admin order view; what the merchant learns is read from inquery and from its notification sink.
 * The same flow driven by clicks in Chromium is lft-cashier-browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLftNotification } from '../clients/lft.ts';
import type { LftPayinVo } from '../simulators/lft/wire/index.ts';
import { createLftHarness, type LftHarness } from './support/lft-harness.ts';
import { ok } from './support/results.ts';

let h: LftHarness;
beforeEach(async () => {
  h = await createLftHarness();
});
afterEach(() => h.close());

const PAID_URL = 'http://merchant.test/lft/paid';
const CARD = '6222020200112233446'; // ICBC debit BIN, Luhn-valid
let seq = 0;

async function qpOrder(extra: Record<string, string> = {}, amount = '1200.00') {
  const { transNo } = await ok(
    h.client.create({ channelType: 'LFT', transDesc: '2026年3月房租', businessId: 'B1', cashierType: 'QP' }),
  );
  const outReqNo = `APP01-QP${++seq}`;
  const pre = await ok(
    h.client.prepay({ transNo, outReqNo, amount, outSuccessNotifyUrl: PAID_URL, prodCatalog: '02', ...extra }),
  );
  return { transNo, outReqNo, path: new URL(pre.cashierUrl!).pathname, cashierUrl: pre.cashierUrl! };
}

const get = (path: string) => fetch(`${h.baseUrl}${path}`, { redirect: 'manual' });
const post = (path: string, fields: Record<string, string>) =>
  fetch(`${h.baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
const smsOf = async (outReqNo: string) =>
  (await h.admin<{ data: { sms?: { code: string; mobile: string; sent: number } } }>('GET', `/orders/${outReqNo}`)).data
    .sms;
const inquery = (outReqNo: string) => ok(h.client.inquery({ outReqNo }));
const notified = () => h.sent.map((s) => readLftNotification<LftPayinVo>(s.body, h.credentials).data);
/** no state name, scenario or simulator field reaches the payer's page */
const INTERNAL = /UNPAID|PROCESSING|SUCCESS|FAILURE|ARRIVED|CLOSED|状态为|模拟场景|SIM_ERR|cashier-(pay|fail|sms)/;
const text = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');

/** the SMS step done: the code the page shows */
async function sendCode(path: string, fields: Record<string, string> = {}) {
  const res = await post(`${path}/sms`, { cardNum: CARD, mobile: '13812345678', ...fields });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe(path);
  const page = await (await get(path)).text();
  return /id="sms-code">(\d{6})</.exec(page)![1]!;
}

describe('QP cashier page', () => {
  it('hands out a cashierUrl on the host the merchant used', async () => {
    const { cashierUrl } = await qpOrder();
    expect(cashierUrl).toMatch(new RegExp(`^${h.baseUrl}/cashier/LFTI\\d+$`));
  });

  it('shows the payee, the transaction text and the amount, with a strict CSP and nosniff', async () => {
    const { path } = await qpOrder({ contractNum: 'HT-2026-001' });
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src/);
    const page = await res.text();
    // the inline style is the one the policy allows by its hash; there is no script at all
    const css = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    expect(page).not.toMatch(/<script|\son\w+=/i);
    expect(page).toContain('id="payee">模拟主体-B1<');
    expect(page).toContain('id="trans-desc">2026年3月房租<');
    expect(page).toContain('¥ 1200.00');
    expect(page).toContain('HT-2026-001');
    expect(page).toContain('name="mobile"');
    expect(page).toContain('留空则使用一张模拟银行卡');
    expect(text(page)).not.toMatch(INTERNAL);
  });

  it('shows a locked payer name when the merchant sent one', async () => {
    const { path } = await qpOrder({ qpUserName: '王小明' });
    const page = await (await get(path)).text();
    expect(page).toMatch(/id="qpUserName" name="qpUserName" value="王小明"[^>]* readonly/);
  });

  it('refuses a card that fails Luhn on the page, keeps what was typed, and sends no code', async () => {
    const { path, outReqNo } = await qpOrder();
    const res = await post(`${path}/sms`, { cardNum: '6222 0202 0011 2233 445', mobile: '13812345678' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('银行卡号有误，请核对后重新输入');
    expect(page).toContain('value="6222 0202 0011 2233 445"');
    expect(page).toContain('value="13812345678"');
    expect(await smsOf(outReqNo)).toBeUndefined();
  });

  it('refuses a Luhn-valid card of no known bank, a bad ID number and a bad mobile', async () => {
    const { path } = await qpOrder();
    const res = await post(`${path}/sms`, {
      cardNum: '1234567812345670',
      qpCertNumber: '110105194912310021',
      mobile: '1381234567',
    });
    expect(res.status).toBe(422);
    const page = await res.text();
    expect(page).toContain('暂不支持该银行卡');
    expect(page).toContain('身份证号码有误');
    expect(page).toContain('手机号有误');
    expect((await post(`${path}/sms`, { mobile: '' })).status).toBe(422);
  });

  it('sends a code (on the page and in the admin order view), refuses a wrong one, pays with the right one and redirects to returnUrl', async () => {
    const { path, outReqNo } = await qpOrder({ returnUrl: 'https://merchant.test/done?o=1' });
    const shown = await sendCode(path, { qpUserName: '赵六', qpCertNumber: '11010519491231002X' });
    const sms = await smsOf(outReqNo);
    expect(sms).toMatchObject({ code: shown, mobile: '13812345678', sent: 1 });
    const confirm = await (await get(path)).text();
    expect(confirm).toContain('138****5678');
    expect(confirm).toContain('工商银行 622202******3446');

    const wrong = await post(`${path}/pay`, { smsCode: shown === '000000' ? '111111' : '000000', agree: 'yes' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('验证码错误，请重新输入');
    const unticked = await post(`${path}/pay`, { smsCode: shown });
    expect(unticked.status).toBe(422);
    expect(await unticked.text()).toContain('请阅读并勾选同意《快捷支付服务协议》');
    expect((await inquery(outReqNo)).payStatus).toBe('UNPAID');
    await h.advance(0);
    expect(h.sent).toHaveLength(0);

    const paid = await post(`${path}/pay`, { smsCode: shown, agree: 'yes' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe('https://merchant.test/done?o=1');
    // the browser follows that redirect after a form post: the policy allows the merchant's origin
    expect(paid.headers.get('content-security-policy')).toContain("form-action 'self' https://merchant.test");
    const vo = await inquery(outReqNo);
    expect(vo).toMatchObject({
      payStatus: 'SUCCESS',
      cardNum: CARD,
      issuingBankZH: '工商银行',
      qpUserName: '赵六',
      qpCertNumber: '11010519491231002X',
    });
    // the pay notification reached the merchant's endpoint
    await h.advance(0);
    expect(h.sent.map((s) => s.url)).toEqual([PAID_URL]);
    expect(notified()[0]).toMatchObject({ outReqNo, payStatus: 'SUCCESS', cardNum: CARD });
  });

  it('answers a pay post 303 to the result page, so a reload shows the result and never pays twice', async () => {
    const { path, outReqNo } = await qpOrder();
    const code = await sendCode(path, { cardNum: '' });
    const paid = await post(`${path}/pay`, { smsCode: code, agree: 'yes' });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(path);
    const result = await (await get(path)).text();
    expect(result).toContain('支付成功');
    expect(result).not.toContain('name="smsCode"');
    // an empty card paid with a simulated one
    expect((await inquery(outReqNo)).cardNum).toMatch(/^\d{16,19}$/);
    const again = await post(`${path}/pay`, { smsCode: code, agree: 'yes' });
    expect(again.status).toBe(409);
    const page = await again.text();
    expect(page).toContain('该订单已支付成功，请勿重复支付');
    expect(text(page)).not.toMatch(INTERNAL);
    expect(decodeURIComponent(again.headers.get('x-sim-detail')!)).toContain('SUCCESS');
    await h.advance(0);
    expect(h.sent).toHaveLength(1);
  });

  it('shows the failure reason LFT reports (channelReturnMsg) and stays on the cashier despite returnUrl', async () => {
    // 0.02: every payment is declined
    const { path, outReqNo } = await qpOrder({ returnUrl: 'https://merchant.test/done' }, '0.02');
    const code = await sendCode(path);
    const res = await post(`${path}/pay`, { smsCode: code, agree: 'yes' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(path);
    const vo = await inquery(outReqNo);
    expect(vo).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1001' });
    const page = await (await get(path)).text();
    expect(page).toContain('支付失败');
    expect(page).toContain(`id="fail-reason">失败原因：${vo.channelReturnMsg}<`);
    expect(page).toContain('href="https://merchant.test/done" id="back">返回商户');
    await h.advance(0);
    expect(notified()[0]).toMatchObject({ payStatus: 'FAILURE', channelReturnMsg: vo.channelReturnMsg });
  });

  it('fails the order from the fail button; a later post says so in a payer’s words', async () => {
    const { path, outReqNo } = await qpOrder();
    const res = await post(`${path}/fail`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(path);
    expect(await inquery(outReqNo)).toMatchObject({ payStatus: 'FAILURE', channelReturnCode: 'F1001' });
    for (const action of ['pay', 'sms', 'fail']) {
      const again = await post(`${path}/${action}`, { smsCode: '123456', agree: 'yes', mobile: '13812345678' });
      expect(again.status).toBe(409);
      const page = await again.text();
      expect(page).toContain('该订单支付失败，不能再次支付，请返回商户重新下单');
      expect(text(page)).not.toMatch(INTERNAL);
    }
  });

  it('refuses a code past its five minutes, and a resend replaces the code', async () => {
    const { path, outReqNo } = await qpOrder();
    const first = await sendCode(path);
    await h.advance(5 * 60_000 + 1);
    const late = await post(`${path}/pay`, { smsCode: first, agree: 'yes' });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain('验证码已过期，请重新获取');
    const resent = await post(`${path}/sms`, { resend: '1' });
    expect(resent.status).toBe(303);
    const sms = (await smsOf(outReqNo))!;
    expect(sms).toMatchObject({ mobile: '13812345678', sent: 2 });
    expect(sms.code).not.toBe(first);
    expect((await post(`${path}/pay`, { smsCode: first, agree: 'yes' })).status).toBe(422);
    expect((await post(`${path}/pay`, { smsCode: sms.code, agree: 'yes' })).status).toBe(303);
    // what was typed at the first step is what paid
    expect((await inquery(outReqNo)).cardNum).toBe(CARD);
  });

  it('goes back to the first step with what was typed, and a new send keeps the payer’s changes', async () => {
    const { path, outReqNo } = await qpOrder();
    await sendCode(path);
    const edit = await (await get(`${path}?step=entry`)).text();
    expect(edit).toContain(`value="${CARD}"`);
    expect(edit).toContain('value="13812345678"');
    await sendCode(path, { mobile: '13900001111' });
    expect(await smsOf(outReqNo)).toMatchObject({ mobile: '13900001111', sent: 2 });
  });

  it('asks for a code before paying', async () => {
    const { path } = await qpOrder();
    const res = await post(`${path}/pay`, { smsCode: '123456', agree: 'yes' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('请先获取短信验证码');
  });

  it('shows a payment the bank is still processing as a result, not a form', async () => {
    // 0.04: the payment is pending until the merchant queries
    const { path } = await qpOrder({}, '0.04');
    const code = await sendCode(path);
    expect((await post(`${path}/pay`, { smsCode: code, agree: 'yes' })).status).toBe(303);
    const page = await (await get(path)).text();
    expect(page).toContain('支付处理中');
    expect(page).not.toContain('name="smsCode"');
  });

  it('does not send the browser to a returnUrl without a scheme (it would be a path on the cashier)', async () => {
    const { path } = await qpOrder({ returnUrl: 'www.merchant.test/done' });
    const code = await sendCode(path);
    const res = await post(`${path}/pay`, { smsCode: code, agree: 'yes' });
    expect(res.headers.get('location')).toBe(path);
    expect(res.headers.get('content-security-policy')).toContain("form-action 'self';");
    expect(await (await get(path)).text()).not.toContain('返回商户');
  });

  it('lets the admin API send a code to the simulated payer', async () => {
    const { outReqNo } = await qpOrder();
    await h.admin('POST', `/orders/${outReqNo}/events/cashier-sms`);
    expect(await smsOf(outReqNo)).toMatchObject({
      code: expect.stringMatching(/^\d{6}$/),
      mobile: expect.stringMatching(/^1[3-9]\d{9}$/),
    });
  });

  it('answers 404 for an unknown cashier link, with the same headers', async () => {
    await qpOrder();
    const res = await get('/cashier/LFTI000');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('订单不存在');
  });
});
