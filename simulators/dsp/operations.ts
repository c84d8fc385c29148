/**
 * DSP's operations. On the wire, one transaction in two steps, any path on the port, routed by
 * TransType DeContract + CommandCode 9108Auth + Step: 01 解约申请 (the channel sends an SMS code
 * to CellPhone; the answer says the application was accepted: RespCode 0, DeSignState fail,
 * EC100 验证码已发送) and 02 解约确认 (with SmsCode: the contract is cancelled, DeSignState
 * success EC000, or not, with the UnifiedCode saying why). The protocol's own rules (no
 * application, wrong or expired code, too many tries, already cancelled) follow from the
 * contract; what the bank answers once the code is right is the scenario's: no reason is
 * success, a reason is the bank's refusal (RETRYABLE ones keep the application), faults and
 * delays are the core's. Outside the wire, the events that happen to a contract elsewhere.
 */
import { ANY_PATH, outsideEvent, type Fields, type Operation, type OperationContext } from '../core/channel.ts';
import type { Order } from '../core/order-store.ts';
import { checkAlways, checkTable, isStrict } from './checks.ts';
import { DSP_REASONS, RETRYABLE_REASONS, UNIFIED_CODES, type UnifiedCode } from './codes.ts';
import {
  applicationOf,
  contractKeyField,
  contractKeyOf,
  contractKind,
  identityOf,
  isExpired,
  smsCodeFor,
  type ContractData,
} from './contract.ts';
import type { DspRuntime } from './runtime.ts';
import type { DspContext } from './wire-adapter.ts';
import { DSP_APPLY_ACCEPTED_CODE, DSP_COMMAND_CODE, DSP_SUCCESS_CODE, DSP_TRANS_TYPE } from './wire/index.ts';

type Op = Operation<DspRuntime>;
type Ctx = OperationContext<DspRuntime>;

/** what an operation decided, for render (one per request: the context object is the key) */
interface Answer {
  code: UnifiedCode;
}
const answers = new WeakMap<Ctx, Answer>();
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** the answer's code; `why` (which field, how many tries are left) goes to the journal, RespInfo is the code's text */
function answer(ctx: Ctx, code: UnifiedCode, why?: string): void {
  if (why) ctx.warnings.push(why);
  answers.set(ctx, { code });
}

/** the mode checks and the duplicate-ReqSeqID note: every request of both steps */
function checked(ctx: Ctx): void {
  const version = (ctx.decoded.context as DspContext | undefined)?.version;
  for (const w of checkTable(ctx.fields, isStrict(ctx.runtime.strict, ctx.step), version)) ctx.warnings.push(w);
  const seq = str(ctx.fields.ReqSeqID);
  if (!ctx.once('req-seq-ids', seq)) ctx.warnings.push(`ReqSeqID=${seq} 已经上送过 (每条报文应有自己的支付流水号)`);
}

/** the contract of the request: found, or (Step 01) brought into being active */
function contractOf(ctx: Ctx, create: boolean): Order | undefined {
  if (ctx.order || !create) return ctx.order;
  const f = ctx.fields;
  const data: ContractData = { ...identityOf(f), origin: 'wire' };
  ctx.createOrder({ key: contractKeyOf(f), kind: contractKind, state: 'ACTIVE', data });
  return ctx.order;
}

function remember(d: ContractData, f: Fields): void {
  for (const k of ['BankCode', 'PayName', 'RecName', 'CellPhone'] as const) if (str(f[k])) d[k] = str(f[k]);
}

function apply(ctx: Ctx): void {
  checked(ctx);
  const order = contractOf(ctx, true)!;
  const d = contractKind.data(order);
  remember(d, ctx.fields);
  // a refusal by the front itself (RespCode -1) sends nothing; the core answers it
  if (ctx.step.reply?.outcome === 'rejected') return;
  if (order.state === 'CANCELLED') return answer(ctx, 'EC801', '该协议已解约 (EC801, RespInfo 如文档示例为 重复签约)');
  const reason = ctx.step.reply?.reason;
  if (reason) {
    // the bank would not send a code: no application (a pending one stays as it was)
    return answer(ctx, DSP_REASONS[reason]);
  }
  const code = smsCodeFor(order.key, ctx.next('sms'));
  Object.assign(d, applicationOf(code, str(ctx.fields.CellPhone), ctx.now, str(ctx.fields.ReqSeqID)));
  ctx.transition(order, 'APPLIED', 'Step 01 解约申请');
  ctx.warnings.push(`短信验证码 ${code} 已发送至 ${d.smsSentTo || '(未上送 CellPhone)'} (5 分钟内有效, 可错 3 次)`);
  answer(ctx, DSP_APPLY_ACCEPTED_CODE);
}

/** the application ends without a cancellation: back to active */
function voidApplication(ctx: Ctx, order: Order, status: ContractData['smsStatus'], why: string): void {
  contractKind.data(order).smsStatus = status;
  ctx.transition(order, 'ACTIVE', why);
}

function confirm(ctx: Ctx): void {
  checked(ctx);
  const order = contractOf(ctx, false);
  if (!order || order.state === 'ACTIVE') return answer(ctx, 'EC802');
  const d = contractKind.data(order);
  if (order.state === 'CANCELLED') return answer(ctx, 'EC801', '该协议已解约 (EC801, RespInfo 如文档示例为 重复签约)');
  if (isExpired(d, ctx.now)) {
    voidApplication(ctx, order, 'expired', 'Step 02: 验证码已过期');
    return answer(ctx, 'EC804');
  }
  const sent = str(ctx.fields.SmsCode);
  if (!sent) return answer(ctx, 'EC803', '未上送短信验证码 (SmsCode)');
  if (sent !== d.smsCode) {
    d.smsTriesLeft = Math.max(0, (d.smsTriesLeft ?? 1) - 1);
    if (d.smsTriesLeft > 0) return answer(ctx, 'EC803', `短信验证码错误, 还可尝试 ${d.smsTriesLeft} 次`);
    voidApplication(ctx, order, 'exhausted', 'Step 02: 验证码错误次数超限');
    return answer(ctx, 'EC805');
  }
  const reason = ctx.step.reply?.reason;
  if (reason && RETRYABLE_REASONS.has(reason)) return answer(ctx, DSP_REASONS[reason]);
  if (reason) {
    voidApplication(ctx, order, 'refused', `Step 02: 渠道拒绝 (${reason})`);
    return answer(ctx, DSP_REASONS[reason]);
  }
  d.smsStatus = 'used';
  d.cancelReqSeqID = str(ctx.fields.ReqSeqID);
  d.cancelledAt = new Date(ctx.now).toISOString();
  ctx.transition(order, 'CANCELLED', 'Step 02 解约确认');
  answer(ctx, DSP_SUCCESS_CODE);
}

/** 3.1 响应参数 from what the operation decided (the common fields are the wire's echo) */
function render(ctx: Ctx): Record<string, string> {
  const a = answers.get(ctx) ?? { code: 'EC999' };
  const entry = UNIFIED_CODES[a.code];
  return {
    RespCode: '0',
    RespInfo: entry.text,
    ReqSeqID: str(ctx.fields.ReqSeqID),
    UnifiedCode: a.code,
    DeSignState: a.code === DSP_SUCCESS_CODE ? 'success' : 'fail',
    ...('original' in entry ? { OriginalCode: entry.original } : {}),
  };
}

function step(name: string, stepNo: '01' | '02', description: string, execute: (ctx: Ctx) => void): Op {
  return {
    name,
    description,
    path: ANY_PATH,
    route: { equals: { TransType: DSP_TRANS_TYPE, CommandCode: DSP_COMMAND_CODE, Step: stepNo } },
    kind: 'contract',
    validate: (fields) => checkAlways(fields),
    identify: (f) => ({
      key: contractKeyOf(f),
      creates: 'if-missing',
      kind: 'contract',
      keyField: contractKeyField(f),
    }),
    execute,
    render,
  };
}

export const decontractApply = step(
  'decontract-apply',
  '01',
  '单笔解约 Step 01 解约申请: the channel sends an SMS code to CellPhone (RespCode 0, DeSignState fail, EC100)',
  apply,
);
export const decontractConfirm = step(
  'decontract-confirm',
  '02',
  '单笔解约 Step 02 解约确认 with SmsCode: DeSignState success (EC000) or fail with the UnifiedCode saying why',
  confirm,
);

export const contractEvents: Op[] = [
  outsideEvent({
    name: 'cancel',
    description: '解约 (elsewhere): the contract is cancelled at the bank or by the payer; a pending application ends',
    kind: 'contract',
    from: ['ACTIVE', 'APPLIED'],
    to: 'CANCELLED',
    verb: '解约',
    execute: (ctx) => {
      const d = contractKind.data(ctx.order!);
      if (d.smsStatus === 'sent') d.smsStatus = 'void';
      d.cancelledAt = new Date(ctx.now).toISOString();
    },
  }),
  outsideEvent({
    name: 're-sign',
    description: '重新签约: a cancelled contract is signed again and is active',
    kind: 'contract',
    from: ['CANCELLED'],
    to: 'ACTIVE',
    verb: '重新签约',
  }),
];

export const dspOperations: Op[] = [decontractApply, decontractConfirm, ...contractEvents];
