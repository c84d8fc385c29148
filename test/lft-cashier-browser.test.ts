/**
 * The QP cashier in a real browser: Debian's Chromium driven by playwright-core, every step a
 * click or a keystroke — open the prepay's cashierUrl, type the card and 预留手机号, send the
 * code, read the code the page shows, type it, tick the agreement, pay; a card that fails Luhn and
 * a declined payment with its failure reason; and at 320 px nothing overflows. Screenshots go to
 * test-artifacts/lft-cashier/ (gitignored), their paths printed. Without a Chromium the file skips
 * with a message, unless CI=true: there a missing browser fails.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readLftNotification } from '../clients/lft.ts';
import type { LftPayinVo } from '../simulators/lft/wire/index.ts';
import { createLftHarness, type LftHarness } from './support/lft-harness.ts';
import { CHROMIUM, launchChromium, requireChromium } from './support/chromium.ts';
import { ok } from './support/results.ts';

const SHOTS = join(import.meta.dirname, '..', 'test-artifacts', 'lft-cashier');
const CARD = '6222020200112233446'; // ICBC debit BIN, Luhn-valid
const PAID_URL = 'http://merchant.test/lft/paid';

requireChromium('lft-cashier-browser', 'QP cashier in Chromium');

// a browser under a loaded machine: more than the suite's 20 s per test
describe.runIf(!!CHROMIUM)('QP cashier in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let merchantSite: Server;
  let merchantUrl: string;
  let h: LftHarness;
  let context: BrowserContext;
  let page: Page;
  /** what the browser's console said about the page's Content-Security-Policy (a blocked style…) */
  let cspViolations: string[];
  let seq = 0;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    // the merchant's returnUrl: a page of its own on loopback
    merchantSite = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>merchant</title><h1 id="merchant">merchant result page</h1>');
    });
    await new Promise<void>((resolve) => merchantSite.listen(0, '127.0.0.1', resolve));
    merchantUrl = `http://127.0.0.1:${(merchantSite.address() as AddressInfo).port}/done`;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => merchantSite?.close(resolve));
  });

  beforeEach(async () => {
    h = await createLftHarness();
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    page = await context.newPage();
    cspViolations = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
  });
  afterEach(async () => {
    await context.close();
    await h.close();
  });

  async function cashierUrl(amount: string, extra: Record<string, string> = {}) {
    const { transNo } = await ok(
      h.client.create({ channelType: 'LFT', transDesc: '2026年3月房租', businessId: 'B1', cashierType: 'QP' }),
    );
    const outReqNo = `APP01-B${++seq}`;
    const pre = await ok(
      h.client.prepay({ transNo, outReqNo, amount, outSuccessNotifyUrl: PAID_URL, prodCatalog: '02', ...extra }),
    );
    return { outReqNo, url: pre.cashierUrl! };
  }

  async function shot(name: string): Promise<void> {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }

  /** click and wait for the page the click leads to (a form post answered 303, or a link) */
  async function clickAndLoad(selector: string): Promise<void> {
    await Promise.all([page.waitForEvent('load'), page.click(selector)]);
  }

  async function typeEntryAndSendCode(card: string): Promise<string> {
    if (card) await page.fill('#cardNum', card);
    await page.fill('#mobile', '13812345678');
    await clickAndLoad('#send-code');
    return (await page.textContent('#sms-code'))!.trim();
  }

  const notified = () => h.sent.map((s) => readLftNotification<LftPayinVo>(s.body, h.credentials).data);

  it('pays by clicks: card, mobile, SMS code, agreement; a wrong code is refused; then the merchant page', async () => {
    const { url, outReqNo } = await cashierUrl('1200.00', { returnUrl: merchantUrl });
    await page.goto(url);
    expect(await page.textContent('#payee')).toBe('模拟主体-B1');
    expect(await page.textContent('#trans-desc')).toBe('2026年3月房租');
    // every input and button at 16 px or more (smaller makes a phone zoom in)
    const sizes = await page.$$eval('input, button', (els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
    // the hashed style sheet applies (the policy did not block it)
    expect(await page.$eval('header', (e) => getComputedStyle(e).backgroundColor)).toBe('rgb(31, 111, 209)');
    await shot('1-entry');

    const code = await typeEntryAndSendCode(CARD);
    expect(code).toMatch(/^\d{6}$/);
    const admin = await h.admin<{ data: { sms: { code: string } } }>('GET', `/orders/${outReqNo}`);
    expect(admin.data.sms.code).toBe(code);
    expect(await page.textContent('#mobile-masked')).toBe('138****5678');

    await page.fill('#smsCode', code === '000000' ? '111111' : '000000');
    await page.check('#agree');
    await clickAndLoad('#pay');
    expect(await page.textContent('#smsCode-err')).toBe('验证码错误，请重新输入');
    await shot('2-wrong-code');

    // the refusal page comes back unticked: the right code alone is not enough
    await page.fill('#smsCode', code);
    await clickAndLoad('#pay');
    expect(await page.textContent('#agree-err')).toContain('请阅读并勾选');
    await page.fill('#smsCode', code);
    await page.check('#agree');
    await shot('3-confirm');
    await clickAndLoad('#pay');
    expect(page.url()).toBe(merchantUrl);
    expect(await page.textContent('#merchant')).toBe('merchant result page');

    expect((await ok(h.client.inquery({ outReqNo }))).payStatus).toBe('SUCCESS');
    await h.advance(0);
    expect(notified()).toMatchObject([{ outReqNo, payStatus: 'SUCCESS', cardNum: CARD }]);
    expect(cspViolations).toEqual([]);
  });

  it('refuses a card that fails Luhn on the page', async () => {
    const { url, outReqNo } = await cashierUrl('88.00');
    await page.goto(url);
    await page.fill('#cardNum', '6222 0202 0011 2233 445');
    await page.fill('#mobile', '13812345678');
    await clickAndLoad('#send-code');
    expect(await page.textContent('#cardNum-err')).toBe('银行卡号有误，请核对后重新输入');
    expect(await page.inputValue('#cardNum')).toBe('6222 0202 0011 2233 445');
    await shot('4-luhn-refused');
    const admin = await h.admin<{ data: { sms?: unknown } }>('GET', `/orders/${outReqNo}`);
    expect(admin.data.sms).toBeUndefined();
  });

  it('shows a declined payment with its failure reason, and a reload does not pay again', async () => {
    // 0.02: every payment is declined; with no card typed, the simulated card pays
    const { url, outReqNo } = await cashierUrl('0.02', { returnUrl: merchantUrl });
    await page.goto(url);
    const code = await typeEntryAndSendCode('');
    await page.fill('#smsCode', code);
    await page.check('#agree');
    await clickAndLoad('#pay');
    expect(page.url()).toBe(url);
    const vo = await ok(h.client.inquery({ outReqNo }));
    expect(vo.payStatus).toBe('FAILURE');
    expect(await page.textContent('#result-h')).toBe('支付失败');
    expect(await page.textContent('#fail-reason')).toBe(`失败原因：${vo.channelReturnMsg}`);
    expect(await page.getAttribute('#back', 'href')).toBe(merchantUrl);
    await shot('5-declined');
    await page.reload();
    expect(await page.textContent('#result-h')).toBe('支付失败');
    await h.advance(0);
    expect(notified()).toMatchObject([{ outReqNo, payStatus: 'FAILURE', channelReturnMsg: vo.channelReturnMsg }]);
  });

  it('fits 320 px: no page of the flow scrolls sideways', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    // a long transaction text and contract number, where a layout that trusts glyph widths breaks
    const { url } = await cashierUrl('123456789.99', {
      contractNum: 'HT-2026-0001-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789',
      qpUserName: '欧阳娜娜',
    });
    const scrollWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto(url);
    expect(await scrollWidth()).toBeLessThanOrEqual(320);
    await shot('6-320-entry');
    await page.fill('#cardNum', '1234');
    await clickAndLoad('#send-code');
    expect(await scrollWidth()).toBeLessThanOrEqual(320);
    await shot('7-320-entry-errors');
    const code = await typeEntryAndSendCode(CARD);
    expect(await scrollWidth()).toBeLessThanOrEqual(320);
    await shot('8-320-confirm');
    await page.fill('#smsCode', code);
    await page.check('#agree');
    await clickAndLoad('#pay');
    expect(await page.textContent('#result-h')).toBe('支付成功');
    expect(await scrollWidth()).toBeLessThanOrEqual(320);
    await shot('9-320-paid');
    expect(cspViolations).toEqual([]);
  });
});
