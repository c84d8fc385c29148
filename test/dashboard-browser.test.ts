/**
 * The dashboard (/__admin/ui) in a real browser: Debian's Chromium driven by playwright-core,
 * every step a click. With LFT and DSP in one process (the library), a QA engineer's whole flow
 * without the CLI: an order created through the LFT reference client appears live, a swipe is
 * fired from the page, the clock is advanced from the page and the callback's attempts to the
 * merchant (a sink) appear, Replay sends it again (re-signed, then the exact bytes), a scenario
 * override set on the page is used by the next order, the channel filter hides the other
 * channel, a DSP GBK body is downloaded as its bytes, credentials stay hidden until asked,
 * reset empties it all, and closing the page removes its live listeners. Then token mode: the
 * page asks for the token and shows nothing without the right one. Screenshots go to
 * test-artifacts/dashboard/ (gitignored), their paths printed. Without a Chromium the file
 * skips with a message, unless CI=true: there a missing browser fails.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLftNotification } from '../clients/lft.ts';
import { startSimulators, type OutboundRequest, type StartedSimulators } from '../index.ts';
import { CHROMIUM, launchChromium, requireChromium } from './support/chromium.ts';
import { ok } from './support/results.ts';

const SHOTS = join(import.meta.dirname, '..', 'test-artifacts', 'dashboard');

requireChromium('dashboard-browser', 'dashboard in Chromium');

describe.runIf(!!CHROMIUM)('dashboard in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cspViolations: string[];
  let pageErrors: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(url: string): Promise<void> {
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    page = await context.newPage();
    cspViolations = [];
    pageErrors = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
  }
  afterEach(async () => {
    await context?.close();
  });

  async function shot(name: string): Promise<void> {
    const path = join(SHOTS, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot: ${path}`);
  }

  /** how many live streams each simulator of the process has, as the dashboard reports it */
  async function streams(adminUrl: string, token?: string): Promise<number[]> {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const r = await fetch(`${adminUrl}/ui/channels`, { headers });
    return ((await r.json()) as { channels: { streams: number }[] }).channels.map((c) => c.streams);
  }
  async function until(what: () => Promise<boolean>, label: string): Promise<void> {
    const end = Date.now() + 10_000;
    while (!(await what())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${label}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  describe('a whole flow, LFT and DSP in one process', () => {
    let sims: StartedSimulators<'lft' | 'dsp'>;
    const sent: OutboundRequest[] = [];
    beforeAll(async () => {
      sims = await startSimulators({
        channels: ['lft', 'dsp'],
        clock: 'manual',
        // the merchant: acknowledges every notification as LFT wants it
        send: async (req) => {
          sent.push(req);
          return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'SUCCESS' };
        },
      });
    });
    afterAll(() => sims?.close());

    it('runs, inspects and replays a pay-in from the page, by clicks', async () => {
      await openPage(`${sims.lft.adminUrl}/ui`);
      // one card per simulator of the process, served from LFT's port
      await page.waitForSelector('.channel[data-channel="dsp"]');
      expect(await page.locator('.channel').count()).toBe(2);
      await page.waitForSelector('#live.on');
      await until(async () => (await streams(sims.lft.adminUrl)).every((n) => n === 1), 'one stream per simulator');

      // credentials: nothing secret on the page until asked
      const key = String(sims.lft.credentials.key);
      expect(await page.content()).not.toContain(key);

      // 1 an order made through the reference client appears without a reload
      const lft = sims.lft.client();
      // an outReqNo starts with the appId (EP10005 otherwise)
      const no = (n: number) => `${String(sims.lft.credentials.appId)}-DASH${n}`;
      const { transNo } = await ok(lft.create({ channelType: 'LFT', transDesc: '2026年3月房租', businessId: 'DASH' }));
      const prepay = (n: number) =>
        ok(
          lft.prepay({
            transNo,
            outReqNo: no(n),
            amount: '88.00',
            outSuccessNotifyUrl: 'http://merchant.test/paid',
            prodCatalog: '02',
          }),
        );
      const pre = await prepay(1);
      const row = page.locator(`#orders-table tr[data-key="${no(1)}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-state')).toBe('UNPAID');
      await shot('1-order-appeared');

      // 2 the order's detail: state, scenario and why; the payer swipes, from the page
      await row.click();
      await expect.poll(() => page.locator('#detail').innerText()).toContain('lft/default');
      expect(await page.locator('#detail').innerText()).toContain(String(pre.posCode));
      await page.click('#detail button.event[data-event="swipe"]');
      const paidState = (await sims.lft.admin.order(no(1))).state;
      expect(paidState).not.toBe('UNPAID');
      await page.waitForSelector(`#orders-table tr[data-key="${no(1)}"][data-state="${paidState}"]`);
      await expect.poll(() => page.locator('#detail').innerText()).toContain('UNPAID →');

      // 3 the clock, advanced from the page, sends the paid notification; its attempt appears live
      await page.click('.channel[data-channel="lft"] button.advance[data-ms="1000"]');
      const delivery = page.locator('#callbacks-table tr[data-status="acked"]');
      await delivery.first().waitFor();
      expect(sent).toHaveLength(1);
      expect(readLftNotification(sent[0]!.body, sims.lft.credentials as never).data).toMatchObject({
        outReqNo: no(1),
      });
      await delivery.first().click();
      await page.waitForSelector('#detail .attempt[data-n="1"]', { timeout: 3000 }).catch(async (e) => {
        await shot('debug');
        console.log('DEBUG', pageErrors, await page.locator('#detail').innerHTML());
        throw e;
      });
      expect(await page.locator('#detail').innerText()).toContain('http://merchant.test/paid');
      await shot('2-callback-attempts');

      // 4 Replay: re-signed (built and signed now), then the exact bytes of the first
      const first = (await sims.lft.admin.callbacks())[0]!;
      await page.click('#detail button.replay[data-mode="resign"]');
      await until(async () => sent.length === 2, 'the re-signed replay');
      await expect.poll(() => page.locator('#detail').innerText()).toContain(`replay of\n${first.id} (resign)`);
      await page.locator(`#callbacks-table tr[data-id="${first.id}"]`).click();
      await page.click('#detail button.replay[data-mode="exact"]');
      await until(async () => sent.length === 3, 'the exact replay');
      expect(sent[2]!.body).toBe(sent[0]!.body);
      await expect.poll(() => page.locator('#callbacks-table tbody tr').count()).toBe(3);
      await shot('3-replayed');

      // 5 30 s later the funds arrive: the arrival notification, on the page's +30 s
      await page.click('.channel[data-channel="lft"] button.advance[data-ms="30000"]');
      const arrived = (await sims.lft.admin.order(no(1))).state;
      expect(arrived).not.toBe(paidState);
      await page.waitForSelector(`#orders-table tr[data-key="${no(1)}"][data-state="${arrived}"]`);
      await expect.poll(() => page.locator('#callbacks-table tbody tr').count()).toBe(4);

      // 6 a scenario override set on the page (once) is what the next order gets
      await page.selectOption('.channel[data-channel="lft"] select.scenario', 'lft/payin-declined');
      await page.check('.channel[data-channel="lft"] input.once');
      await page.click('.channel[data-channel="lft"] button.use-scenario');
      await page.waitForSelector('.channel[data-channel="lft"] li.override');
      expect(await page.locator('.channel[data-channel="lft"] .overrides').innerText()).toContain(
        'lft/payin-declined (once)',
      );
      await prepay(2);
      const second = page.locator(`#orders-table tr[data-key="${no(2)}"]`);
      await second.waitFor();
      expect(await second.locator('td.scenario').innerText()).toBe('lft/payin-declined');
      // used once, the override is gone
      await page.waitForSelector('.channel[data-channel="lft"] li.override', { state: 'detached' });
      await second.click();
      await expect.poll(() => page.locator('#detail').innerText()).toMatch(/chosen because\s+.*override/);
      await shot('4-override-used');

      // 7 DSP, GBK: a request with Chinese names; the channel filter shows DSP's only
      const dsp = sims.dsp.client({ charset: 'GBK' });
      const contract = { PolicyNo: 'DASH-P1', PayAct: '6123011880003601000', RecAct: '001053110000001123' };
      expect(await dsp.apply({ ...contract, PayName: '张三' })).toMatchObject({ ok: true });
      await page.waitForSelector('#journal-table tr[data-channel="dsp"][data-kind="request"]');
      await page.selectOption('#filter-channel', 'dsp');
      await expect.poll(() => page.locator('#orders-table tr[data-channel="lft"]').count()).toBe(0);
      expect(await page.locator('#orders-table tr[data-channel="dsp"]').count()).toBe(1);
      expect(await page.locator('.channel').count()).toBe(1);
      // the kind filter: requests only
      await page.selectOption('#filter-kind', 'request');
      await expect.poll(() => page.locator('#journal-table tr[data-kind="event"]').count()).toBe(0);
      // the SMS code the channel sent is on the order
      await page.locator('#orders-table tr[data-channel="dsp"]').click();
      const sms = String((await sims.dsp.admin.order(`DASH-P1:${contract.PayAct}:${contract.RecAct}`)).data.smsCode);
      await expect.poll(() => page.locator('#detail .sms').innerText()).toBe(sms);

      // 8 the raw bytes of the request and the answer, downloaded: GBK as it went
      await page.locator('#journal-table tr[data-channel="dsp"][data-kind="request"]').first().click();
      expect(await page.locator('#detail .request-body').innerText()).toContain('张三');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('#detail button.download[data-part="request"]'),
      ]);
      expect(download.suggestedFilename()).toMatch(/^dsp-journal-\d+-request\.xml$/);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.includes(iconv.encode('张三', 'gbk'))).toBe(true);
      expect(bytes.includes(Buffer.from('张三', 'utf8'))).toBe(false);
      await shot('5-dsp-filtered');

      // 9 credentials only when asked
      await page.selectOption('#filter-channel', '');
      await page.selectOption('#filter-kind', '');
      await page.click('.channel[data-channel="lft"] button.show-credentials');
      await expect.poll(() => page.locator('.channel[data-channel="lft"] pre.credentials').innerText()).toContain(key);
      await page.click('.channel[data-channel="lft"] button.show-credentials');
      await page.waitForSelector('.channel[data-channel="lft"] pre.credentials', { state: 'detached' });

      // 10 reset all: orders, callbacks and journal gone, on the page and in the simulators
      await page.click('#reset-all');
      await expect.poll(() => page.locator('#orders-table tbody tr').count()).toBe(0);
      await expect.poll(() => page.locator('#callbacks-table tbody tr').count()).toBe(0);
      expect(await sims.lft.admin.orders()).toEqual([]);
      expect(await sims.dsp.admin.orders()).toEqual([]);
      await shot('6-reset');

      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
      // 11 the page closed, its listeners are gone
      await page.close();
      await until(async () => (await streams(sims.lft.adminUrl)).every((n) => n === 0), 'the listeners removed');
    });
  });

  describe('token mode', () => {
    const TOKEN = 'dash-t0ken';
    let sims: StartedSimulators<'lft' | 'withhold'>;
    beforeAll(async () => {
      sims = await startSimulators({ channels: ['lft', 'withhold'], adminToken: TOKEN });
    });
    afterAll(() => sims?.close());

    it('asks for the token, shows nothing without the right one, and works with it', async () => {
      await openPage(`${sims.withhold.adminUrl}/ui`);
      await page.waitForSelector('#token-form:not([hidden])');
      expect(await page.locator('#main').isHidden()).toBe(true);
      expect(await page.locator('.channel').count()).toBe(0);
      await page.fill('#token-input', 'wrong');
      await page.click('#token-submit');
      await expect.poll(() => page.locator('#token-why').innerText()).toMatch(/refused/);
      expect(await page.locator('#main').isHidden()).toBe(true);
      await shot('7-token-refused');

      await page.fill('#token-input', TOKEN);
      await page.click('#token-submit');
      await page.waitForSelector('.channel[data-channel="lft"]');
      await page.waitForSelector('#live.on');
      // the token is never shown, and the stream is authorised like every call
      expect(await page.content()).not.toContain(TOKEN);
      await until(
        async () => (await streams(sims.withhold.adminUrl, TOKEN)).every((n) => n === 1),
        'the authorised stream',
      );
      const { transNo } = await ok(
        sims.lft.client().create({ channelType: 'LFT', transDesc: '房租', businessId: 'TOKEN' }),
      );
      await page.waitForSelector(`#orders-table tr[data-key="${transNo}"]`);
      await shot('8-token-accepted');
      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  });
});
