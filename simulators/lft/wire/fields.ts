/**
 * LFT (理房通) request schemas ("data中包含字段", spec 004), the amount format, and the TypeScript
 * shapes of every request data and response VO, with the spec's field names verbatim (its `appld`
 * is `appId`, its `outReaNo` is `outReqNo`). Pure declarations: no validation engine (core/codec/field-schema),
 * no business rules (which amounts succeed, state moves) and no I/O. maxLengths are the
 * simulator's choice: the spec gives none.
 */
import type { FieldProblem, FieldRule, FieldSchema } from '../../core/codec/field-schema.ts';

export type LftOperationName =
  'create' | 'find' | 'prepay' | 'posclose' | 'inquery' | 'outpay' | 'outquery' | 'querybankcnaps';
export const lftOperationNames: readonly LftOperationName[] = [
  'create',
  'find',
  'prepay',
  'posclose',
  'inquery',
  'outpay',
  'outquery',
  'querybankcnaps',
];
/** Spec 004: `xxx/api/protocol/<op>`, POST, JSON body. */
export const lftOperationPath = (op: LftOperationName): string => `/api/protocol/${op}`;

export type LftChannelType = 'LFT';
/** QP 快捷 / POS POS支付; create defaults to POS when absent ("为了兼容老的,暂时不传,默认pos"). */
export type LftCashierType = 'QP' | 'POS';
/** 01 debit cards only, 02 debit and credit; only meaningful for POS (spec 004 prodCatalog). */
export type LftProdCatalog = '01' | '02';
export type LftOutType = 'OUT' | 'REFUND';
export type LftPayStatus = 'UNPAID' | 'PROCESSING' | 'SUCCESS' | 'FAILURE';
/** 01 未到账, 02 已到账. */
export type LftArrivedStatus = '01' | '02';

/** Yuan with exactly two decimals, no sign, no grouping, at most 12 integer digits. */
export const LFT_AMOUNT_PATTERN = /^(0|[1-9]\d{0,11})\.\d{2}$/;

export function parseYuanToFen(s: string): number | undefined {
  if (typeof s !== 'string' || !LFT_AMOUNT_PATTERN.test(s)) return undefined;
  const [yuan = '', cents = ''] = s.split('.');
  return Number(yuan) * 100 + Number(cents); // ≤ 999999999999 99 fen: well inside 2^53
}

export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw new RangeError(`LFT amount: ${fen} is not a non-negative whole number of fen`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** outReqNo "必须以appld开头" (prepay, outpay): a cross-field rule a FieldSchema cannot state. */
export function checkOutReqNoPrefix(outReqNo: string, appId: string): FieldProblem | undefined {
  if (outReqNo.startsWith(appId)) return undefined;
  return {
    field: 'outReqNo',
    problem: 'format',
    message: `outReqNo (业务系统请求流水号) 格式错误: ${JSON.stringify(outReqNo)} 必须以 appId ${JSON.stringify(appId)} 开头`,
  };
}

const amount: FieldRule = {
  label: '金额',
  required: true,
  pattern: LFT_AMOUNT_PATTERN,
  patternHint: '两位小数的元金额 (如 100.00)',
};
/** an http(s) URL, or one without a scheme (`www.example.com/notify`, `host:8080/x`): the spec
 *  types it only `string` and LFT's test environment takes it (the simulator warns); any other
 *  scheme (`ftp://`, `mailto:`) is refused */
const URL_PATTERN = /^(?:https?:\/\/|(?![a-z][a-z\d+-]*:(?!\d)))[^\s/?#]+[^\s]*$/i;
const url = (label: string, required: boolean, use?: string): FieldRule => ({
  label,
  required,
  maxLength: 512,
  pattern: URL_PATTERN,
  patternHint: '合法的 http(s) URL (如 https://merchant.example/notify)',
  doc: `${use ? `${use}; ` : ''}without a scheme (\`www.example.com/notify\`): accepted with a journal warning, and delivery to it fails`,
});
const channelType: FieldRule = { label: '渠道类型', required: true, enum: ['LFT'] };
const transNo: FieldRule = { label: '协议编号', required: true, maxLength: 64 };
const outReqNo: FieldRule = { label: '业务系统请求流水号', required: true, maxLength: 64 };

export const lftRequestSchemas: Record<LftOperationName, FieldSchema> = {
  create: {
    channelType,
    transDesc: { label: '交易说明', required: true, maxLength: 256 },
    businessId: { label: '主体id', required: true, maxLength: 64 },
    cashierType: {
      label: '账户类型',
      enum: ['QP', 'POS'],
      doc: 'QP 快捷, POS POS支付; absent: POS ("暂时不传,默认pos")',
    },
  },
  find: { transNo },
  prepay: {
    transNo,
    outReqNo,
    amount: {
      ...amount,
      doc: '金额,单位元; `100` or `100.5`: accepted with a journal warning, read as `100.00` / `100.50`',
    },
    outSuccessNotifyUrl: url('业务系统支付成功或失败回调地址', true),
    outArrivedNotifyUrl: url('业务系统资金到账回调地址', false),
    prodCatalog: {
      label: '限制刷卡类别',
      required: true,
      enum: ['01', '02'],
      doc: '01 只能借记卡, 02 借记卡、信用卡都可以 (只对POS)',
    },
    contractNum: { label: '业务系统合同号', maxLength: 64 },
    qpUserName: {
      label: '用户姓名',
      maxLength: 50,
      doc: 'QP only ("Pos不传"): given, the payer cannot change it on the cashier',
    },
    qpCertNumber: {
      label: '用户身份证号',
      pattern: /^\d{17}[\dX]$/i,
      patternHint: '合法的 18 位身份证号 (17 位数字 + 数字或 X)',
      doc: 'QP only ("Pos不传"): given, the payer cannot change it on the cashier',
    },
    returnUrl: url('收银台支付完成跳转业务系统url', false, 'QP only: where the cashier sends the payer after paying'),
  },
  posclose: { outReqNo },
  // The spec lists no data fields for inquery; like posclose it is keyed by outReqNo (seeds README).
  inquery: { outReqNo },
  outpay: {
    transNo,
    outReqNo,
    amount: { ...amount, doc: '金额,单位元精确到两位小数' },
    channelType,
    outNotifyUrl: url('业务系统出金成功或退款回调地址', true),
    bankAccName: { label: '收款方银行户名', required: true, maxLength: 100 },
    bankAccNum: { label: '收款方银行账号', required: true, maxLength: 32 },
    bankName: { label: '收款方开户行或支行', required: true, maxLength: 100 },
    // 12 digits in practice, but LFT does not refuse others: tolerated.ts warns instead
    bankCnaps: {
      label: '收款方银行支行对应的联行号',
      required: true,
      maxLength: 32,
      doc: '12 digits (querybankcnaps finds it); other values: accepted with a journal warning',
    },
    outType: { label: '出金或退款', required: true, enum: ['OUT', 'REFUND'] },
    remark: { label: '付款描述', maxLength: 256 },
  },
  outquery: { outReqNo }, // spec typo: outReaNo
  querybankcnaps: { bankNameKeyWord: { label: '银行支行名称关键字', required: true, maxLength: 50 } },
};

/** The envelope itself (spec 004 request table); the sign is 32 hex digits in either case. */
export const lftEnvelopeSchema: FieldSchema = {
  appId: { label: '业务系统ID', required: true, maxLength: 64 },
  data: { label: '业务相关json串', required: true },
  sign: { label: '签名', required: true, pattern: /^[0-9a-f]{32}$/i, patternHint: '合法的 MD5 签名 (32 位十六进制)' },
  timestamp: { label: '时间戳', required: true, pattern: /^\d{17}$/, patternHint: '合法的时间戳 (yyyyMMddHHmmssSSS)' },
};

// ---- request data -------------------------------------------------------------------------
export interface LftCreateData {
  channelType: LftChannelType;
  transDesc: string;
  businessId: string;
  cashierType?: LftCashierType;
}
export interface LftFindData {
  transNo: string;
}
export interface LftPrepayData {
  transNo: string;
  outReqNo: string;
  amount: string;
  outSuccessNotifyUrl: string;
  outArrivedNotifyUrl?: string;
  prodCatalog: LftProdCatalog;
  contractNum?: string;
  qpUserName?: string;
  qpCertNumber?: string;
  returnUrl?: string;
}
export interface LftPosCloseData {
  outReqNo: string;
}
export interface LftInqueryData {
  outReqNo: string;
}
export interface LftOutpayData {
  transNo: string;
  outReqNo: string;
  amount: string;
  channelType: LftChannelType;
  outNotifyUrl: string;
  bankAccName: string;
  bankAccNum: string;
  bankName: string;
  bankCnaps: string;
  outType: LftOutType;
  remark?: string;
}
export interface LftOutqueryData {
  outReqNo: string;
}
export interface LftQueryBankCnapsData {
  bankNameKeyWord: string;
}

// ---- response VOs (times are yyyy-MM-dd HH:mm:ss Beijing; "" while not yet known) --------------
/** create / find. amount 可用, onpassageAmount 入金在途, outAmount 已出金: they must add up. */
export interface LftProtocolVo {
  transNo: string;
  transDesc: string;
  appId: string;
  businessId: string;
  businessDesc: string;
  channelType: LftChannelType;
  amount: string;
  onpassageAmount: string;
  outAmount: string;
  createTime: string;
  cashierType: LftCashierType;
}
/** prepay. posCode is "仅Pos返回" although marked required: empty for QP. cashierUrl only for QP. */
export interface LftPrepayVo {
  transNo: string;
  appId: string;
  channelType: LftChannelType;
  amount: string;
  outReqNo: string;
  posCode: string;
  payOrderNo: string;
  payStatus: LftPayStatus;
  createTime: string;
  cashierUrl?: string;
}
/** 入金查询 VO: inquery, and the data of the pay and arrival notifications. */
export interface LftPayinVo {
  transNo: string;
  appId: string;
  channelType: LftChannelType;
  amount: string;
  outReqNo: string;
  posCode: string;
  payOrderNo: string;
  payStatus: LftPayStatus;
  arrivedStatus: LftArrivedStatus;
  payFinishTime: string;
  payArriveTime: string;
  createTime: string;
  cardNum: string;
  issuingBank: string;
  issuingBankZH: string;
  channelReturnCode: string;
  channelReturnMsg: string;
  contractNum?: string;
  cashierUrl?: string;
  qpUserName?: string;
  qpCertNumber?: string;
  cashierType: LftCashierType;
}
/** posclose: `{"result": "true"}` means closed. */
export interface LftPosCloseVo {
  result: 'true';
}
export interface LftOutpayVo {
  transNo: string;
  appId: string;
  channelSubaccCode?: string;
  channelSubaccCustid: string;
  amount: string;
  outReqNo: string;
  payOrderNo: string;
  channelType: LftChannelType;
  bankAccName: string;
  bankAccNum: string;
  bankName: string;
  bankCnaps: string;
  outType: LftOutType;
  remark?: string;
  payStatus: LftPayStatus;
  createTime: string;
}
/** 出金查询 VO: outquery, and the data of the payout/refund notification. remark is required here. */
export interface LftOutqueryVo {
  transNo: string;
  appId: string;
  channelType: LftChannelType;
  amount: string;
  outReqNo: string;
  payOrderNo: string;
  bankAccName: string;
  bankAccNum: string;
  bankName: string;
  bankCnaps: string;
  outType: LftOutType;
  remark: string;
  payStatus: LftPayStatus;
  payFinishTime: string;
  createTime: string;
  channelReturnCode: string;
  channelReturnMsg: string;
}
/** QueryBankCnapsRspVo; querybankcnaps answers a JSON array of these. */
export interface LftBankCnapsVo {
  bankName: string;
  bankCnaps: string;
}

export interface LftRequestDataMap {
  create: LftCreateData;
  find: LftFindData;
  prepay: LftPrepayData;
  posclose: LftPosCloseData;
  inquery: LftInqueryData;
  outpay: LftOutpayData;
  outquery: LftOutqueryData;
  querybankcnaps: LftQueryBankCnapsData;
}
export interface LftResponseDataMap {
  create: LftProtocolVo;
  find: LftProtocolVo;
  prepay: LftPrepayVo;
  posclose: LftPosCloseVo;
  inquery: LftPayinVo;
  outpay: LftOutpayVo;
  outquery: LftOutqueryVo;
  querybankcnaps: LftBankCnapsVo[];
}
