/**
 * The QP cashier's pages, as plain HTML (no script): the order and its payee on top, then one
 * step: the payer's card and 预留手机号 (entry), the SMS code and the agreement (confirm), or the
 * result with its failure reason. Every value is escaped; ids on the parts a test reads.
 */
import { bankOfCard, maskCard } from '../../core/banks/index.ts';
import type { Order } from '../../core/order-store.ts';
import type { PayinData } from '../views.ts';
import { formatFen } from '../wire/index.ts';
import { CASHIER_CSS } from './page-style.ts';
import type { EntryErrors, EntryValues } from './payer-entry.ts';
import { STATE_ZH } from './payer-messages.ts';
import { maskMobile, SMS_CODE_TTL_MS } from './sms.ts';

export interface CashierView {
  order: Order;
  d: PayinData;
  /** the protocol's 主体描述 (businessDesc) and 交易说明 (transDesc) */
  payee: { name: string; transDesc: string };
  /** the 入金查询 VO's failure text (channelReturnMsg), empty unless failed */
  failureReason: string;
  /** the 入金查询 VO's payFinishTime, empty until the payment is finished */
  payFinishTime: string;
  /** where 返回商户 goes, when the browser can go there */
  returnUrl?: string;
}

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, main: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CASHIER_CSS}</style></head>
<body><header><h1>理房通 · 快捷支付</h1></header>
<div class="sim"><p>测试环境：channel-sim 模拟收银台，不会发生真实扣款，也不会发送真实短信。</p></div>
<main>${main}</main></body></html>`;
}

const row = (label: string, value: string, id?: string) =>
  `<div><dt>${esc(label)}</dt><dd${id ? ` id="${id}"` : ''}>${esc(value)}</dd></div>`;

function summary(v: CashierView): string {
  const { d } = v;
  return `<section aria-label="订单信息">
<p class="payee">收款方：<span id="payee">${esc(v.payee.name)}</span></p>
<div class="amount" id="amount">¥ ${esc(formatFen(d.amountFen))}</div>
<dl>${row('交易说明', v.payee.transDesc, 'trans-desc')}${row('商户订单号', d.outReqNo)}${row('支付流水号', d.payOrderNo)}${
    d.contractNum ? row('合同号', d.contractNum) : ''
  }${row('订单状态', STATE_ZH[v.order.state] ?? '', 'status')}</dl></section>`;
}

const alert = (message?: string) => (message ? `<p class="alert" role="alert" id="alert">${esc(message)}</p>` : '');

function field(
  name: keyof EntryValues,
  label: string,
  opts: { value: string; locked?: boolean; hint?: string; error?: string; attrs: string },
): string {
  const described = [opts.hint && `${name}-hint`, opts.error && `${name}-err`].filter(Boolean).join(' ');
  return `<label for="${name}">${esc(label)}</label>
<input class="field" id="${name}" name="${name}" value="${esc(opts.value)}" ${opts.attrs}${opts.locked ? ' readonly' : ''}${
    opts.error ? ' aria-invalid="true"' : ''
  }${described ? ` aria-describedby="${described}"` : ''}>${opts.hint ? `<span class="hint" id="${name}-hint">${esc(opts.hint)}</span>` : ''}${
    opts.error ? `<span class="err" id="${name}-err">${esc(opts.error)}</span>` : ''
  }`;
}

/** the test aid: fail the payment without paying */
const failForm = (d: PayinData) =>
  `<form method="post" action="/cashier/${esc(d.payOrderNo)}/fail"><button class="test" type="submit" id="fail">模拟支付失败（测试用）</button></form>`;

export function entryPage(v: CashierView, values: EntryValues, errors: EntryErrors = {}, message?: string): string {
  const { d } = v;
  const locked = (typed: string, sent?: string) => ({ value: sent ?? typed, locked: sent !== undefined });
  return page(
    '理房通快捷支付',
    `${summary(v)}<section aria-labelledby="entry-h"><h2 id="entry-h">填写付款信息</h2>${alert(message)}
<form method="post" action="/cashier/${esc(d.payOrderNo)}/sms">
${field('cardNum', '银行卡号', {
  value: values.cardNum,
  hint: '测试环境：留空则使用一张模拟银行卡',
  error: errors.cardNum,
  attrs: 'inputmode="numeric" autocomplete="cc-number" maxlength="23"',
})}
${field('qpUserName', '持卡人姓名', {
  ...locked(values.qpUserName, d.qpUserName),
  hint: d.qpUserName ? '由商户提供，不可修改' : '测试环境：留空则使用模拟付款人',
  error: errors.qpUserName,
  attrs: 'autocomplete="name" maxlength="50"',
})}
${field('qpCertNumber', '身份证号', {
  ...locked(values.qpCertNumber, d.qpCertNumber),
  hint: d.qpCertNumber ? '由商户提供，不可修改' : '测试环境：留空则使用模拟身份证号',
  error: errors.qpCertNumber,
  attrs: 'autocomplete="off" maxlength="18"',
})}
${field('mobile', '银行预留手机号', {
  value: values.mobile,
  hint: '办卡时在银行登记的手机号，用于接收短信验证码',
  error: errors.mobile,
  attrs: 'type="tel" inputmode="numeric" autocomplete="tel-national" maxlength="13" aria-required="true"',
})}
<button class="primary" type="submit" id="send-code">获取短信验证码</button></form></section>
${failForm(d)}`,
  );
}

export interface ConfirmErrors {
  smsCode?: string;
  agree?: string;
}

export function confirmPage(v: CashierView, errors: ConfirmErrors = {}, message?: string): string {
  const { d } = v;
  const sms = d.sms!;
  const card = d.cashierEntry?.cardNum;
  return page(
    '理房通快捷支付 · 短信验证',
    `${summary(v)}<section aria-labelledby="confirm-h"><h2 id="confirm-h">短信验证</h2>${alert(message)}
<dl>${row('银行卡', card ? `${bankOfCard(card)?.shortName ?? ''} ${maskCard(card)}`.trim() : '模拟银行卡（测试环境）', 'card')}${row('预留手机号', maskMobile(sms.mobile), 'mobile-masked')}</dl>
<p class="aid" id="sms-aid">测试环境不发送短信，验证码是 <span class="code" id="sms-code">${esc(sms.code)}</span>（${
      SMS_CODE_TTL_MS / 60_000
    } 分钟内有效，第 ${esc(sms.sent)} 次发送）</p>
<form method="post" action="/cashier/${esc(d.payOrderNo)}/pay">
<label for="smsCode">短信验证码</label>
<input class="field" id="smsCode" name="smsCode" inputmode="numeric" autocomplete="one-time-code" maxlength="6" aria-required="true"${
      errors.smsCode ? ' aria-invalid="true" aria-describedby="smsCode-err"' : ''
    }>${errors.smsCode ? `<span class="err" id="smsCode-err">${esc(errors.smsCode)}</span>` : ''}
<label class="agree"><input type="checkbox" name="agree" value="yes" id="agree"${
      errors.agree ? ' aria-invalid="true" aria-describedby="agree-err"' : ''
    }><span>我已阅读并同意《快捷支付服务协议》</span></label>${
      errors.agree ? `<span class="err" id="agree-err">${esc(errors.agree)}</span>` : ''
    }
<details><summary>查看《快捷支付服务协议》</summary><p class="hint">本页为 channel-sim 模拟收银台，协议内容仅为示意：付款人授权理房通通过所绑定银行卡完成本笔付款；验证码仅用于本次交易，请勿告知他人。</p></details>
<button class="primary" type="submit" id="pay">确认支付 ¥ ${esc(formatFen(d.amountFen))}</button></form>
<form method="post" action="/cashier/${esc(d.payOrderNo)}/sms"><input type="hidden" name="resend" value="1"><button class="secondary" type="submit" id="resend">重新获取验证码</button></form>
<p class="links"><a href="/cashier/${esc(d.payOrderNo)}?step=entry" id="edit">修改付款信息</a></p></section>
${failForm(d)}`,
  );
}

const RESULT: Record<string, { title: string; cls: string; text?: string }> = {
  SUCCESS: { title: '支付成功', cls: 'ok' },
  ARRIVED: { title: '支付成功', cls: 'ok' },
  FAILURE: { title: '支付失败', cls: 'bad' },
  CLOSED: { title: '订单已关闭', cls: 'bad' },
  PROCESSING: {
    title: '支付处理中',
    cls: 'wait',
    text: '银行正在处理本笔付款，结果以商户通知为准，可稍后刷新本页查看。',
  },
};

export function resultPage(v: CashierView, message?: string): string {
  const { d, order } = v;
  const r = RESULT[order.state] ?? { title: STATE_ZH[order.state] ?? '', cls: 'wait' };
  const reason = v.failureReason ? `<p class="reason" id="fail-reason">失败原因：${esc(v.failureReason)}</p>` : '';
  const facts = [
    v.payFinishTime ? row('完成时间', v.payFinishTime, 'finished-at') : '',
    d.cardNum ? row('银行卡', `${d.issuingBankZH ?? ''} ${maskCard(d.cardNum)}`.trim(), 'card') : '',
    d.qpUserName ? row('付款人', d.qpUserName) : '',
  ].join('');
  return page(
    `理房通快捷支付 · ${r.title}`,
    `${summary(v)}<section class="result" aria-labelledby="result-h">${alert(message)}<h2 class="${r.cls}" id="result-h">${esc(r.title)}</h2>${reason}${
      r.text ? `<p>${esc(r.text)}</p>` : ''
    }${facts ? `<dl>${facts}</dl>` : ''}${v.returnUrl ? `<a class="back" href="${esc(v.returnUrl)}" id="back">返回商户</a>` : ''}</section>`,
  );
}

export function notFoundPage(): string {
  return page(
    '订单不存在',
    '<section class="result"><h2 class="bad">订单不存在</h2><p>收银台链接无效或已过期，请返回商户重新下单。</p></section>',
  );
}
