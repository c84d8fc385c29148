/**
 * The QP (快捷) test cashier: the page a prepay's cashierUrl points at, in the steps of a bank's
 * 快捷支付 page. The payer types a card, name, ID number and 预留手机号 and asks for an SMS code
 * (the cashier-sms event: the code is shown on the page as a test aid and kept in the order's
 * data); then types the code, ticks the agreement and pays (the cashier-pay event, so the bound
 * scenario decides the result and the notifications), or fails the payment (cashier-fail). Every
 * post that changes the order is answered 303 to a page (post/redirect/get: a reload never posts
 * again): a paid order goes on to the merchant's returnUrl, as LFT's cashier does, anything else
 * to the result page with its failure reason. A refused post (a card that fails Luhn, a wrong
 * code) changes nothing and answers the form again with the payer's message.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChannelApi } from '../core/channel.ts';
import { isSimError, type SimError } from '../core/errors.ts';
import type { Order } from '../core/order-store.ts';
import { browsableReturnUrl, cashierHeaders } from './cashier/page-headers.ts';
import { readPayerEntry, type EntryValues } from './cashier/payer-entry.ts';
import { closedToPayment, payerMessage } from './cashier/payer-messages.ts';
import { checkSmsCode, type SmsCheck } from './cashier/sms.ts';
import {
  confirmPage,
  entryPage,
  notFoundPage,
  resultPage,
  type CashierView,
  type ConfirmErrors,
} from './cashier/templates.ts';
import type { LftRuntime } from './runtime.ts';
import { payinKind, payinVo, protocolKind, type PayinData } from './views.ts';

const HTML = 'text/html; charset=utf-8';

/** a QP order found from its cashier link */
type Found = { o: Order; d: PayinData };

const SMS_ERRORS: Record<Exclude<SmsCheck, 'ok' | 'not-sent'>, string> = {
  empty: '请输入短信验证码',
  expired: '验证码已过期，请重新获取',
  wrong: '验证码错误，请重新输入',
};

/** the order still takes a payment here: unpaid, or PROCESSING before anyone paid (a scenario's
 *  query can make it so); PROCESSING after paying is a result, "处理中" */
const takesPayment = (o: Order, d: PayinData) =>
  o.state === 'UNPAID' || (o.state === 'PROCESSING' && d.cardNum === undefined);

function formOf(req: FastifyRequest): Record<string, string> {
  const form: Record<string, string> = {};
  if (req.body && typeof req.body === 'object')
    for (const [k, v] of Object.entries(req.body)) if (typeof v === 'string') form[k] = v;
  return form;
}

/** what the entry form shows again: what the payer typed last time, the merchant's locked fields */
const enteredValues = (d: PayinData): EntryValues => ({
  cardNum: d.cashierEntry?.cardNum ?? '',
  qpUserName: d.cashierEntry?.qpUserName ?? '',
  qpCertNumber: d.cashierEntry?.qpCertNumber ?? '',
  mobile: d.sms?.mobile ?? '',
});

/** a plugin in a scope of its own: the form parser is this page's, not the wire's */
export async function registerCashier(app: FastifyInstance, api: ChannelApi<LftRuntime>): Promise<void> {
  await app.register(formbody);
  // every answer of the page, 404s and redirects too; an order's page widens form-action below
  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(cashierHeaders());
  });

  function find(req: FastifyRequest): Found | undefined {
    const payOrderNo = (req.params as { payOrderNo: string }).payOrderNo;
    const o = api.store.get(payOrderNo);
    if (!payinKind.is(o)) return undefined;
    return o.data.payOrderNo === payOrderNo && o.data.cashierType === 'QP' ? { o, d: o.data } : undefined;
  }

  function viewOf(o: Order, d: PayinData): CashierView {
    const p = api.store.get(d.transNo);
    const protocol = protocolKind.is(p) ? p.data : undefined;
    const failed = o.state === 'FAILURE' || o.state === 'CLOSED';
    // what the page says of the result is what inquery and the notification say
    const vo = payinVo(o);
    return {
      order: o,
      d,
      payee: { name: protocol?.businessDesc ?? '', transDesc: protocol?.transDesc ?? '' },
      failureReason: failed ? vo.channelReturnMsg : '',
      payFinishTime: vo.payFinishTime,
      returnUrl: browsableReturnUrl(d.returnUrl)?.href,
    };
  }

  /** the page the order is at: entry, confirm (a code was sent) or its result */
  function currentPage(o: Order, d: PayinData, message?: string, step?: string): string {
    const v = viewOf(o, d);
    if (!takesPayment(o, d)) return resultPage(v, message);
    if (d.sms && step !== 'entry') return confirmPage(v, {}, message);
    return entryPage(v, enteredValues(d), {}, message);
  }

  const send = (reply: FastifyReply, status: number, d: PayinData, body: string, detail?: string) => {
    reply.code(status).headers(cashierHeaders(d.returnUrl)).type(HTML);
    // what the simulator would explain goes to its own header, not onto the payer's page
    if (detail) reply.header('x-sim-detail', encodeURIComponent(detail.slice(0, 300)));
    return reply.send(body);
  };
  const seeOther = (reply: FastifyReply, d: PayinData, location: string) =>
    reply.headers(cashierHeaders(d.returnUrl)).redirect(location, 303);
  const pagePath = (d: PayinData) => `/cashier/${encodeURIComponent(d.payOrderNo)}`;

  /** runs an event for the page; a refusal is answered with the order's page and a payer's message */
  async function run(
    reply: FastifyReply,
    found: Found,
    event: string,
    fields: Record<string, string>,
    after: (o: Order, d: PayinData) => FastifyReply,
  ) {
    let o: Order;
    try {
      o = await api.runEvent(found.o.key, event, 'cashier page', fields);
    } catch (e) {
      if (!isSimError(e)) throw e;
      const now = api.store.get(found.o.key) ?? found.o;
      const d = payinKind.data(now);
      return send(reply, (e as SimError).status, d, currentPage(now, d, payerMessage(e, now.state)), e.message);
    }
    return after(o, payinKind.data(o));
  }

  app.get('/cashier/:payOrderNo', async (req, reply) => {
    const found = find(req);
    if (!found) return reply.code(404).type(HTML).send(notFoundPage());
    const step = (req.query as Record<string, string | undefined>).step;
    return send(reply, 200, found.d, currentPage(found.o, found.d, undefined, step));
  });

  /** a post to a finished order (a second tab, the back button): its result, and why not */
  const closed = (reply: FastifyReply, o: Order, d: PayinData) =>
    send(reply, 409, d, resultPage(viewOf(o, d), closedToPayment(o.state)), `${o.key} is ${o.state}`);

  /** a form post of the page: to an order that still takes a payment, else 404 or its result */
  function onPost(action: string, handle: (req: FastifyRequest, reply: FastifyReply, found: Found) => unknown) {
    app.post(`/cashier/:payOrderNo/${action}`, async (req, reply) => {
      const found = find(req);
      if (!found) return reply.code(404).type(HTML).send(notFoundPage());
      if (!takesPayment(found.o, found.d)) return closed(reply, found.o, found.d);
      return handle(req, reply, found);
    });
  }

  onPost('sms', async (req, reply, found) => {
    const { o, d } = found;
    const form = formOf(req);
    let fields: Record<string, string> = { resend: '1' };
    if (!(form.resend && d.sms)) {
      const entry = readPayerEntry(form, d);
      const refused = Object.keys(entry.errors);
      if (refused.length > 0)
        return send(
          reply,
          422,
          d,
          entryPage(viewOf(o, d), entry.values, entry.errors),
          `refused: ${refused.join(', ')}`,
        );
      fields = entry.fields;
    }
    return run(reply, found, 'cashier-sms', fields, (_o, after) => seeOther(reply, after, pagePath(after)));
  });

  onPost('pay', async (req, reply, found) => {
    const { o, d } = found;
    const form = formOf(req);
    const check = checkSmsCode(d.sms, form.smsCode ?? '', api.runtime.clock.now());
    if (check === 'not-sent')
      return send(reply, 422, d, entryPage(viewOf(o, d), enteredValues(d), {}, '请先获取短信验证码'), 'no code sent');
    const errors: ConfirmErrors = {};
    if (check !== 'ok') errors.smsCode = SMS_ERRORS[check];
    if (!form.agree) errors.agree = '请阅读并勾选同意《快捷支付服务协议》';
    if (errors.smsCode || errors.agree)
      return send(reply, 422, d, confirmPage(viewOf(o, d), errors), `refused: ${check}${form.agree ? '' : ', agree'}`);
    // what was typed at the first step; the event fills in what was left empty
    const entry = Object.fromEntries(Object.entries(d.cashierEntry ?? {}).filter(([, v]) => v)) as Record<
      string,
      string
    >;
    return run(reply, found, 'cashier-pay', entry, (paid, after) => {
      // "用户支付成功之后的跳转地址": a paid order goes to the merchant, anything else to its result
      const back = browsableReturnUrl(after.returnUrl);
      const ok = paid.state === 'SUCCESS' || paid.state === 'ARRIVED';
      return seeOther(reply, after, ok && back ? back.href : pagePath(after));
    });
  });

  onPost('fail', (_req, reply, found) =>
    run(reply, found, 'cashier-fail', {}, (_o, after) => seeOther(reply, after, pagePath(after))),
  );
}
