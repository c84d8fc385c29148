/**
 * LFT's field reference (simulators/lft/README.md): the operations and their request schemas come
 * from the simulator (operations.ts, wire/fields.ts); what is kept here is what no schema holds —
 * an example `data` per operation, which of its values come from an earlier answer, the rules
 * validate states outside the schema, and the answer VO's fields with spec 004's descriptions.
 * test/field-reference-examples.test.ts sends every example to a simulator and checks the answer
 * against these fields, so neither can drift.
 */
import type { ChannelFieldReference } from '../../simulators/core/codec/field-reference.ts';
import { lftOperations } from '../../simulators/lft/operations.ts';
import {
  encodeRequest,
  lftEnvelopeSchema,
  lftRequestSchemas,
  type LftOperationName,
  type LftRequestDataMap,
} from '../../simulators/lft/wire/index.ts';

/** the app the examples are signed for (a test passes it as the simulator's credentials) */
export const LFT_EXAMPLE_APP = { appId: 'SIM100001', key: '0123456789abcdef0123456789abcdef' };
/** Beijing 2026-12-02 10:30:00.123: the examples' timestamp, and the clock a test runs them at */
const EXAMPLE_TIMESTAMP = '20261202103000123';
export const LFT_EXAMPLE_TIME = Date.parse('2026-12-02T02:30:00.123Z');

/** the first protocol `create` answers on that day */
const TRANS_NO = 'LFTP2026120200000001';
const PAYIN = `${LFT_EXAMPLE_APP.appId}202612020001`;
const PAYOUT = `${LFT_EXAMPLE_APP.appId}202612020002`;

/** in the order a merchant meets them: each example may use what an earlier one answered */
export const lftExamples: { [Op in LftOperationName]: LftRequestDataMap[Op] } = {
  create: { channelType: 'LFT', transDesc: '房屋租金代收', businessId: 'BIZ0001', cashierType: 'POS' },
  find: { transNo: TRANS_NO },
  prepay: {
    transNo: TRANS_NO,
    outReqNo: PAYIN,
    amount: '100.00',
    outSuccessNotifyUrl: 'https://merchant.example/lft/notify/pay',
    outArrivedNotifyUrl: 'https://merchant.example/lft/notify/arrived',
    prodCatalog: '01',
    contractNum: 'HT20261202001',
  },
  posclose: { outReqNo: PAYIN },
  inquery: { outReqNo: PAYIN },
  outpay: {
    transNo: TRANS_NO,
    outReqNo: PAYOUT,
    amount: '60.00',
    channelType: 'LFT',
    outNotifyUrl: 'https://merchant.example/lft/notify/payout',
    bankAccName: '张三',
    bankAccNum: '6222021001122334455',
    bankName: '中国工商银行股份有限公司北京西单支行',
    bankCnaps: '102100000458',
    outType: 'OUT',
    remark: '12月租金',
  },
  outquery: { outReqNo: PAYOUT },
  querybankcnaps: { bankNameKeyWord: '工商银行' },
};

/** example values that are an earlier answer's (field → the operation that answered it) */
export const lftCarried: Partial<Record<LftOperationName, Record<string, LftOperationName>>> = {
  find: { transNo: 'create' },
  prepay: { transNo: 'create' },
  outpay: { transNo: 'create' },
};

/** the body that carries an example, exactly as the README shows it */
export function lftExampleBody(op: LftOperationName): string {
  return encodeRequest(
    { appId: LFT_EXAMPLE_APP.appId, data: lftExamples[op], timestamp: EXAMPLE_TIMESTAMP },
    LFT_EXAMPLE_APP.key,
  );
}

const OUT_REQ_NO = '必须以 appId 开头 (`EP10005`), and used once: pay-ins and payouts share one namespace (`EP10006`)';
const POSITIVE = 'greater than `0.00`';
const notes: Partial<Record<LftOperationName, Record<string, string>>> = {
  prepay: { outReqNo: OUT_REQ_NO, amount: POSITIVE },
  outpay: { outReqNo: OUT_REQ_NO, amount: `${POSITIVE}, at most the protocol's available \`amount\` (\`EP10008\`)` },
  inquery: { outReqNo: "the prepay's (the spec lists no fields for inquery; keyed like posclose)" },
};

const PROTOCOL_VO = {
  transNo: '协议编码',
  transDesc: '协议描述',
  appId: '业务系统ID',
  businessId: '主体id',
  businessDesc: '主体描述',
  channelType: '渠道编码 (LFT)',
  amount: '可用金额',
  onpassageAmount: '入金在途金额',
  outAmount: '出金金额',
  createTime: '生成日期 (yyyy-MM-dd HH:mm:ss)',
  cashierType: '账户类型 (QP / POS)',
};
const PAY_STATUS = '支付状态: UNPAID 未支付, PROCESSING 支付中, SUCCESS 支付成功, FAILURE 支付失败';
const OUT_STATUS = '出金状态: UNPAID 未出金, PROCESSING 出金中, SUCCESS 出金成功, FAILURE 出金失败';
const PREPAY_VO = {
  transNo: '协议编码',
  appId: '业务系统ID',
  channelType: '渠道编码 (LFT)',
  amount: '金额, 单位元, 两位小数',
  outReqNo: '业务系统流水号',
  posCode: 'pos六位码 (仅Pos返回; `""` for QP)',
  payOrderNo: '支付系统流水号',
  payStatus: PAY_STATUS,
  createTime: '创建时间 (yyyy-MM-dd HH:mm:ss)',
  cashierUrl: '快捷收银台地址 (仅快捷入金返回)',
};
const PAYIN_VO = {
  ...PREPAY_VO,
  arrivedStatus: '资金到账状态: 01 未到账, 02 已到账',
  payFinishTime: '支付完成时间 (`""` until paid)',
  payArriveTime: '资金到账时间 (`""` until arrived)',
  cardNum: '卡号',
  issuingBank: '发卡行 (仅POS)',
  issuingBankZH: '发卡行(中文)',
  channelReturnCode: '结果标识码',
  channelReturnMsg: '结果描述',
  contractNum: '业务系统合同号 (when sent)',
  qpUserName: '用户姓名 (仅快捷)',
  qpCertNumber: '用户身份证号 (仅快捷)',
  cashierType: '账户类型 (QP / POS)',
};
const PAYOUT_FIELDS = {
  transNo: '协议编码',
  appId: '业务系统ID',
  amount: '金额',
  outReqNo: '业务系统流水号',
  payOrderNo: '支付系统流水号',
  channelType: '渠道编码 (LFT)',
  bankAccName: '收款方银行户名',
  bankAccNum: '收款方银行账号',
  bankName: '收款方开户行或支行',
  bankCnaps: '收款方银行支行对应的联行号',
  outType: '出金或退款 (OUT / REFUND)',
  remark: '付款描述',
  payStatus: OUT_STATUS,
};

/** the answer's `data` fields; `sometimes`: absent in some answers (QP or POS only, not sent) */
export const lftAnswers: Record<LftOperationName, { fields: Record<string, string>; sometimes?: readonly string[] }> = {
  create: { fields: PROTOCOL_VO },
  find: { fields: PROTOCOL_VO },
  prepay: { fields: PREPAY_VO, sometimes: ['cashierUrl'] },
  posclose: { fields: { result: '"true": 关闭成功 (`"false"`: paid or failed, nothing to close)' } },
  inquery: { fields: PAYIN_VO, sometimes: ['cashierUrl', 'contractNum', 'qpUserName', 'qpCertNumber'] },
  outpay: {
    fields: {
      ...PAYOUT_FIELDS,
      channelSubaccCode: '渠道子账户号',
      channelSubaccCustid: '渠道子账户号对应的ID',
      createTime: '创建时间 (yyyy-MM-dd HH:mm:ss)',
    },
    sometimes: ['remark', 'channelSubaccCode'],
  },
  outquery: {
    fields: {
      ...PAYOUT_FIELDS,
      payFinishTime: '出金完成时间 (`""` until settled)',
      createTime: '创建时间 (yyyy-MM-dd HH:mm:ss)',
      channelReturnCode: '结果标识码',
      channelReturnMsg: '结果描述',
    },
  },
  querybankcnaps: { fields: { bankName: '支行名称', bankCnaps: '联行号 (12 位)' } },
};

const INTRO = `Every request is \`POST\` with a JSON body \`{appId, data, sign, timestamp}\` (the envelope below);
\`data\` is a JSON **string** holding the operation's fields, listed per operation in the order they are
checked. The first problem found is answered: \`EP10004\` for a missing field, \`EP10005\` for a
malformed one. Every field is a JSON string. The examples use appId \`${LFT_EXAMPLE_APP.appId}\`,
key \`${LFT_EXAMPLE_APP.key}\` and a \`transNo\` as \`create\` answers it; each one is accepted by the
simulator as shown (\`test/field-reference-examples.test.ts\`).`;

const ENVELOPE_TEXT = `\`sign\` = lower-case hex \`md5(appId + "&" + data + "&" + timestamp + "&" + key)\`, over \`data\`
exactly as sent; \`timestamp\` is Beijing time (freshness is not checked; more than 10 minutes off is a
journal warning). Answers are a \`PayCommonVo\` \`{code, msg, data, appId, timestamp, sign}\` signed the
same way, whose \`data\` (a JSON string) holds the answer fields listed per operation.`;

export function lftFieldReference(command: string): ChannelFieldReference {
  return {
    command,
    intro: INTRO,
    common: { title: 'Envelope (every request)', fields: lftEnvelopeSchema, text: ENVELOPE_TEXT },
    operations: lftOperations
      .filter((op) => op.path !== undefined)
      .map((op) => {
        const name = op.name as LftOperationName;
        const data = lftExamples[name];
        const carried = Object.entries(lftCarried[name] ?? {}).map(([f, from]) => `\`${f}\` is ${from}'s answer`);
        return {
          name,
          description: op.description,
          path: op.path!,
          route: op.route,
          fields: lftRequestSchemas[name],
          fieldsTitle: '`data` fields',
          notes: notes[name],
          examples: [
            {
              caption: `Example \`data\`${carried.length > 0 ? ` (${carried.join(', ')})` : ''}`,
              language: 'json',
              text: JSON.stringify(data, null, 2),
            },
            {
              caption: `The body that carries it (timestamp \`${EXAMPLE_TIMESTAMP}\`)`,
              language: 'json',
              text: lftExampleBody(name),
            },
          ],
          response: lftAnswers[name].fields,
          responseTitle: name === 'querybankcnaps' ? 'Answer: `data` is a JSON array of' : 'Answer `data` fields',
        };
      }),
  };
}
