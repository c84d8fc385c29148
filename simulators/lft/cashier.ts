/**
 * The QP (快捷) test cashier: the page a prepay's cashierUrl points at. A tester sees the order,
 * may type a payer name, ID number and card, and presses pay or fail; the simulator runs the
 * cashier-pay / cashier-fail event (so the bound scenario decides the result and the
 * notifications) and sends the browser on to the merchant's returnUrl, as LFT's cashier does.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { ChannelApi } from '../core/channel.ts';
import { isSimError } from '../core/errors.ts';
import type { Order } from '../core/order-store.ts';
import type { LftRuntime } from './runtime.ts';
import { payStatusOf } from './states.ts';
import { payinKind, type PayinData } from './views.ts';
import { formatFen } from './wire/index.ts';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_ZH: Record<string, string> = {
  UNPAID: '待支付',
  PROCESSING: '支付中',
  SUCCESS: '支付成功',
  FAILURE: '支付失败',
};

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f3f5f8;margin:0;padding:24px;color:#222}
main{max-width:420px;margin:auto;background:#fff;border-radius:10px;padding:24px;box-shadow:0 2px 10px #0001}
h1{font-size:20px;margin:0 0 4px}.sim{color:#b45309;font-size:12px;margin-bottom:16px}.amount{font-size:32px;font-weight:600;margin:12px 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;font-size:14px}dt{color:#666}dd{margin:0;word-break:break-all}
label{display:block;font-size:13px;color:#555;margin-top:12px}input{width:100%;box-sizing:border-box;padding:8px;border:1px solid #ccc;border-radius:6px;font-size:15px}
input[readonly]{background:#f1f1f1}.buttons{display:flex;gap:12px;margin-top:20px}button{flex:1;padding:12px;border:0;border-radius:6px;font-size:16px;cursor:pointer}
.pay{background:#1677ff;color:#fff}.fail{background:#eee;color:#a00}.status{padding:12px;border-radius:6px;background:#f6f6f6;margin-top:16px}
</style></head><body><main>${body}</main></body></html>`;
}

function cashierPage(o: Order, d: PayinData, note = ''): string {
  const status = payStatusOf(o.state);
  const open = status === 'UNPAID' || status === 'PROCESSING';
  const ro = (v?: string) => (v ? `value="${esc(v)}" readonly` : '');
  const form = open
    ? `<form method="post" action="/cashier/${esc(d.payOrderNo)}/pay">
<label>姓名<input name="qpUserName" ${ro(d.qpUserName)} placeholder="留空则使用模拟付款人"></label>
<label>身份证号<input name="qpCertNumber" ${ro(d.qpCertNumber)} placeholder="留空则使用模拟身份证号"></label>
<label>银行卡号<input name="cardNum" inputmode="numeric" placeholder="留空则使用模拟银行卡"></label>
<div class="buttons"><button class="pay" type="submit">确认支付</button>
<button class="fail" type="submit" formaction="/cashier/${esc(d.payOrderNo)}/fail">模拟支付失败</button></div></form>`
    : `<div class="status">订单${esc(STATUS_ZH[status])}${d.returnUrl ? `，<a href="${esc(d.returnUrl)}">返回商户</a>` : ''}</div>`;
  return page(
    '理房通快捷收银台',
    `<h1>理房通 · 快捷支付</h1><div class="sim">channel-sim 测试收银台 — 不会发生真实扣款</div>
<div class="amount">¥ ${esc(formatFen(d.amountFen))}</div>
<dl><dt>商户订单号</dt><dd>${esc(d.outReqNo)}</dd><dt>支付流水号</dt><dd>${esc(d.payOrderNo)}</dd><dt>状态</dt><dd id="status">${esc(STATUS_ZH[status])}</dd>${d.contractNum ? `<dt>合同号</dt><dd>${esc(d.contractNum)}</dd>` : ''}</dl>
${note ? `<div class="status">${esc(note)}</div>` : ''}${form}`,
  );
}

function findQpOrder(api: ChannelApi<LftRuntime>, payOrderNo: string): { o: Order; d: PayinData } | undefined {
  const o = api.store.get(payOrderNo);
  if (!payinKind.is(o)) return undefined;
  return o.data.payOrderNo === payOrderNo && o.data.cashierType === 'QP' ? { o, d: o.data } : undefined;
}

/** a plugin in a scope of its own: the form parser is this page's, not the wire's */
export async function registerCashier(app: FastifyInstance, api: ChannelApi<LftRuntime>): Promise<void> {
  await app.register(formbody);
  const html = 'text/html; charset=utf-8';
  const notFound = page('订单不存在', '<h1>订单不存在</h1><p>收银台链接无效或已过期。</p>');

  app.get('/cashier/:payOrderNo', async (req, reply) => {
    const found = findQpOrder(api, (req.params as { payOrderNo: string }).payOrderNo);
    if (!found) return reply.code(404).type(html).send(notFound);
    return reply.type(html).send(cashierPage(found.o, found.d));
  });

  for (const [action, event] of [
    ['pay', 'cashier-pay'],
    ['fail', 'cashier-fail'],
  ] as const) {
    app.post(`/cashier/:payOrderNo/${action}`, async (req, reply) => {
      const found = findQpOrder(api, (req.params as { payOrderNo: string }).payOrderNo);
      if (!found) return reply.code(404).type(html).send(notFound);
      const body = req.body;
      const form: Record<string, string> = {};
      if (body && typeof body === 'object')
        for (const [k, v] of Object.entries(body)) if (typeof v === 'string') form[k] = v;
      try {
        const o = await api.runEvent(found.o.key, event, 'cashier page', form);
        const d = payinKind.data(o);
        // like LFT's cashier: back to the merchant when it gave a returnUrl, else a result page
        if (d.returnUrl) return reply.redirect(d.returnUrl, 303);
        return reply.type(html).send(cashierPage(o, d));
      } catch (e) {
        if (!isSimError(e)) throw e;
        return reply
          .code(409)
          .type(html)
          .send(cashierPage(found.o, found.d, e.message));
      }
    });
  }
}
