/**
 * The table of LFT's wire operations (spec 004 §1–8): path, how fields are checked, which order
 * each is about, what it does to it, and which VO it answers. Balances and funds checks are LFT's
 * own business and live here and in index.ts (onTransition); outcomes come from scenarios.
 */
import type { Fields, Operation, OperationContext } from '../core/channel.ts';
import { beijingDateStamp } from '../core/codec/beijing-time.ts';
import { compileSchema } from '../core/codec/field-schema.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import type { Order, OrderStore } from '../core/order-store.ts';
import type { LftRuntime } from './runtime.ts';
import { toleratedFields } from './tolerated.ts';
import {
  outpayVo,
  outqueryVo,
  payinKind,
  payinVo,
  payoutKind,
  prepayVo,
  protocolKind,
  protocolVo,
  type PayinData,
  type PayoutData,
  type ProtocolData,
} from './views.ts';
import {
  checkOutReqNoPrefix,
  formatFen,
  lftOperationPath,
  lftRequestSchemas,
  parseYuanToFen,
  type LftOperationName,
} from './wire/index.ts';
import type { LftCashierType, LftOutType } from './wire/index.ts';

type Op = Operation<LftRuntime>;
type Ctx = OperationContext<LftRuntime>;

/** schema check, then the cross-field rules the schema cannot state */
function validator(name: LftOperationName) {
  const check = compileSchema(lftRequestSchemas[name]);
  return (fields: Fields, decoded: { merchant: string; warnings: string[] }) => {
    for (const w of toleratedFields(name, fields)) decoded.warnings.push(w);
    const problem = check(fields)[0];
    if (problem) throw fieldProblemError(problem);
    if (typeof fields.amount === 'string' && parseYuanToFen(fields.amount) === 0) {
      throw new SimError('SIM_ERR_FIELD_INVALID', 'amount (金额) 必须大于 0.00', { field: 'amount' });
    }
    if ((name === 'prepay' || name === 'outpay') && typeof fields.outReqNo === 'string') {
      const prefix = checkOutReqNoPrefix(fields.outReqNo, decoded.merchant);
      if (prefix) throw fieldProblemError(prefix);
    }
  };
}

/** sequence numbers in the style of the platform: prefix + Beijing date + zero-padded counter */
function platformNo(ctx: Ctx, prefix: string, now: number): string {
  return `${prefix}${beijingDateStamp(now)}${String(ctx.next(prefix)).padStart(8, '0')}`;
}

function protocolOf(ctx: Ctx): Order & { data: ProtocolData } {
  const transNo = ctx.fields.transNo as string;
  const p = ctx.store.get(transNo);
  if (!protocolKind.is(p) || p.merchant !== ctx.decoded.merchant) {
    throw new SimError('SIM_ERR_ORDER_NOT_FOUND', `transNo=${transNo}`, { kind: 'protocol', field: 'transNo' });
  }
  return p;
}

/** a six-digit POS code no order holds; Math.random, not crypto: the code is a lookup
 *  handle the payer types, not a secret, and crypto.randomInt was 4% of a prepay */
function freePosCode(store: OrderStore): string {
  for (;;) {
    const code = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
    if (!store.get(code)) return code;
  }
}

const byKey = (field: string, kind: string) => (fields: Fields) => ({
  key: fields[field] as string,
  kind,
  keyField: field,
});
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export const lftOperations: Op[] = [
  {
    name: 'create',
    description: '创建协议: a protocol (account) that holds balances',
    path: lftOperationPath('create'),
    kind: 'protocol',
    validate: validator('create'),
    identify: () => ({ creates: true, kind: 'protocol' }),
    execute(ctx) {
      const f = ctx.fields;
      const data: ProtocolData = {
        transNo: platformNo(ctx, 'LFTP', ctx.now),
        transDesc: f.transDesc as string,
        businessId: f.businessId as string,
        businessDesc: `模拟主体-${f.businessId as string}`,
        cashierType: (str(f.cashierType) ?? 'POS') as LftCashierType,
        amountFen: 0,
        onpassageFen: 0,
        outFen: 0,
        createdAt: ctx.now,
      };
      ctx.createOrder({ key: data.transNo, kind: protocolKind, data });
    },
    render: (ctx) => protocolVo(ctx.order!),
  },
  {
    name: 'find',
    description: '查询协议',
    path: lftOperationPath('find'),
    kind: 'protocol',
    validate: validator('find'),
    identify: byKey('transNo', 'protocol'),
    render: (ctx) => protocolVo(ctx.order!),
  },
  {
    name: 'prepay',
    description: '入金: a POS six-digit code or a QP cashier URL',
    path: lftOperationPath('prepay'),
    kind: 'payin',
    validate: validator('prepay'),
    identify: (fields) => ({ key: fields.outReqNo as string, creates: true, kind: 'payin', keyField: 'outReqNo' }),
    execute(ctx) {
      const f = ctx.fields;
      const protocol = protocolOf(ctx).data;
      const payOrderNo = platformNo(ctx, 'LFTI', ctx.now);
      const pos = protocol.cashierType === 'POS';
      const data: PayinData = {
        transNo: protocol.transNo,
        outReqNo: f.outReqNo as string,
        amountFen: parseYuanToFen(f.amount as string)!,
        cashierType: protocol.cashierType,
        posCode: pos ? freePosCode(ctx.store) : '',
        payOrderNo,
        outSuccessNotifyUrl: f.outSuccessNotifyUrl as string,
        outArrivedNotifyUrl: str(f.outArrivedNotifyUrl),
        prodCatalog: f.prodCatalog as string,
        contractNum: str(f.contractNum),
        qpUserName: str(f.qpUserName),
        qpCertNumber: str(f.qpCertNumber),
        returnUrl: str(f.returnUrl),
        cashierUrl: pos ? undefined : `${ctx.baseUrl}/cashier/${payOrderNo}`,
      };
      if (pos && (data.qpUserName || data.qpCertNumber || data.returnUrl))
        ctx.warnings.push('qpUserName/qpCertNumber/returnUrl are for QP (快捷) only; "Pos不传"');
      ctx.createOrder({
        key: data.outReqNo,
        kind: payinKind,
        aliases: [payOrderNo, ...(pos ? [data.posCode] : [])],
        data,
      });
    },
    render: (ctx) => prepayVo(ctx.order!),
  },
  {
    name: 'posclose',
    description: '入金关闭POS六位码',
    path: lftOperationPath('posclose'),
    kind: 'payin',
    validate: validator('posclose'),
    identify: byKey('outReqNo', 'payin'),
    execute(ctx) {
      const o = ctx.order!;
      if (payinKind.data(o).cashierType !== 'POS')
        ctx.warnings.push(`${o.key} is a QP order: it has no POS code to close`);
      else if (o.state === 'UNPAID') ctx.transition(o, 'CLOSED', 'posclose');
    },
    // "{"result": "true"}关闭成功" (closing twice is still closed); a paid or failed order cannot be
    render: (ctx) => ({ result: ctx.order!.state === 'CLOSED' ? 'true' : 'false' }),
  },
  {
    name: 'inquery',
    description: '入金查询',
    path: lftOperationPath('inquery'),
    kind: 'payin',
    validate: validator('inquery'),
    identify: byKey('outReqNo', 'payin'),
    render: (ctx) => payinVo(ctx.order!),
  },
  {
    name: 'outpay',
    description: '出金或退款: spends the available amount',
    path: lftOperationPath('outpay'),
    kind: 'payout',
    validate: validator('outpay'),
    identify: (fields) => ({ key: fields.outReqNo as string, creates: true, kind: 'payout', keyField: 'outReqNo' }),
    execute(ctx) {
      const f = ctx.fields;
      const protocolOrder = protocolOf(ctx);
      const protocol = protocolOrder.data;
      const fen = parseYuanToFen(f.amount as string)!;
      // check and spend in one synchronous block: two payouts racing for one balance cannot both pass
      if (fen > protocol.amountFen) {
        throw new SimError(
          'SIM_ERR_FUNDS_INSUFFICIENT',
          `可用金额 ${formatFen(protocol.amountFen)}, 请求出金 ${formatFen(fen)}`,
          { field: 'amount' },
        );
      }
      protocol.amountFen -= fen;
      protocol.outFen += fen;
      protocolOrder.updatedAt = ctx.now;
      ctx.store.put(protocolOrder);
      const data: PayoutData = {
        transNo: protocol.transNo,
        outReqNo: f.outReqNo as string,
        amountFen: fen,
        payOrderNo: platformNo(ctx, 'LFTO', ctx.now),
        outNotifyUrl: f.outNotifyUrl as string,
        bankAccName: f.bankAccName as string,
        bankAccNum: f.bankAccNum as string,
        bankName: f.bankName as string,
        bankCnaps: f.bankCnaps as string,
        outType: f.outType as LftOutType,
        remark: str(f.remark),
        channelSubaccCode: `SUB${protocol.transNo.slice(-8)}`,
        channelSubaccCustid: `CUST${protocol.businessId}`,
      };
      ctx.createOrder({ key: data.outReqNo, kind: payoutKind, aliases: [data.payOrderNo], data });
    },
    render: (ctx) => outpayVo(ctx.order!),
  },
  {
    name: 'outquery',
    description: '出金或退款查询',
    path: lftOperationPath('outquery'),
    kind: 'payout',
    validate: validator('outquery'),
    identify: byKey('outReqNo', 'payout'),
    render: (ctx) => outqueryVo(ctx.order!),
  },
  {
    name: 'querybankcnaps',
    description: '联行号查询: bank branches whose name contains the keyword',
    path: lftOperationPath('querybankcnaps'),
    validate: validator('querybankcnaps'),
    identify: () => ({}),
    render: (ctx) =>
      ctx.runtime
        .branches()
        .search(ctx.fields.bankNameKeyWord as string)
        .map((b) => ({ bankName: b.bankName, bankCnaps: b.bankCnaps })),
  },
];
