/**
 * DSP's field reference (simulators/dsp/README.md): the two steps of 单笔解约, their routes and the
 * field table come from the simulator (operations.ts, wire/fields.ts), with each field's `need`
 * (refused always, or only in strict mode) in words; kept here is an example request per step and
 * the answer's fields with spec 001's descriptions. test/field-reference-examples.test.ts sends
 * both through the reference client, checks the XML it wrote is the README's, and the answers.
 */
import type { ChannelFieldReference, OperationReference } from '../../simulators/core/codec/field-reference.ts';
import type { FieldSchema } from '../../simulators/core/codec/field-schema.ts';
import { contractKeyOf, smsCodeFor } from '../../simulators/dsp/contract.ts';
import { dsp } from '../../simulators/dsp/index.ts';
import {
  DSP_COMMAND_CODE,
  DSP_COMMON_FIELDS,
  DSP_DECONTRACT_FIELDS,
  DSP_TRANS_TYPE,
  encodeDspRequest,
  type DspField,
  type DspRequestFields,
} from '../../simulators/dsp/wire/index.ts';

/** Beijing 2026-12-02 10:30:00: the examples' TransTime, and the clock a test runs them at */
export const DSP_EXAMPLE_TIME = Date.parse('2026-12-02T02:30:00Z');

const CONTRACT: DspRequestFields = {
  BankCode: 'ALIPAY01',
  TransType: DSP_TRANS_TYPE,
  CommandCode: DSP_COMMAND_CODE,
  TransTime: '2026-12-02 10:30:00',
  PayAct: '6222021001122334455',
  PayName: '张三',
  PayBankCode: '102',
  RecAct: '1001020309000012345',
  RecName: '某某保险股份有限公司',
  RecBankCode: '102',
  PayAmount: '667.00',
  PolicyNo: 'P20261202000001',
  CellPhone: '13800138000',
};

/** the code Step 01 sends for this contract in a fresh simulator (its first SMS) */
const SMS_CODE = smsCodeFor(contractKeyOf(CONTRACT), 1);

/** per wire operation (operations.ts name): the request as the merchant's front writes it */
export const dspExamples: Record<string, DspRequestFields> = {
  'decontract-apply': { ...CONTRACT, TransSeqID: 'T202612020001', ReqSeqID: 'R202612020001', Step: '01' },
  'decontract-confirm': {
    ...CONTRACT,
    TransSeqID: 'T202612020002',
    ReqSeqID: 'R202612020002',
    SmsCode: SMS_CODE,
    Step: '02',
  },
};

const ANSWER = {
  BankCode: '线路代码 (echoed)',
  TransType: '交易类型 (echoed)',
  TransSeqID: '指令流水号 (echoed)',
  RespCode: '0: the front processed the request, -1: it could not',
  RespInfo: '响应信息',
  ReqSeqID: '支付流水号 (echoed)',
  UnifiedCode: "统一返回码 (EC100 验证码已发送, EC000 解约成功, EC8NN the bank's refusal…)",
  DeSignState: 'success 已解约 / fail 未解约',
  OriginalCode: "原始返回码 (the bank's own code, for some UnifiedCodes)",
};
export const DSP_ANSWER_SOMETIMES = ['OriginalCode'] as const;

/** a DspField as a FieldRule, with its `need` in words */
function schemaOf(fields: Record<string, DspField>): { schema: FieldSchema; notes: Record<string, string> } {
  const schema: FieldSchema = {};
  const notes: Record<string, string> = {};
  for (const [name, { need, ...rule }] of Object.entries(fields)) {
    schema[name] = { ...rule, required: need !== undefined };
    const says: string[] = [];
    if (need === 'table') says.push('missing: warned (lenient) / refused (strict)');
    if (rule.pattern || rule.enum || rule.check) says.push('bad format: warned (lenient) / refused (strict)');
    if (name === 'PayAct' || name === 'RecAct') says.push('`PayAct` and `RecAct` are never both empty');
    if (says.length > 0) notes[name] = says.join('; ');
  }
  return { schema, notes };
}

const INTRO = `Every request is an XML \`<ATSYH version="5.1.0.0"><TransReq>…\` posted to any path of the port
(\`text/xml\`, UTF-8 by default; GBK/GB18030/GB2312 when declared): the common fields, then
\`TransParam/DetailRecord\` with the business fields, one element each. There is no signature (the
document has none). Lengths and the \`always\` fields are refused in every mode with \`RespCode -1\`
(\`EC991\` missing, \`EC992\` malformed); the table's other requirements and formats are "warned
(lenient) / refused (strict)": a journal warning in the lenient default, refused in strict mode. The examples are accepted as shown by a
fresh simulator (\`test/field-reference-examples.test.ts\`).`;

export function dspFieldReference(command: string): ChannelFieldReference {
  const common = schemaOf(DSP_COMMON_FIELDS);
  const business = schemaOf(DSP_DECONTRACT_FIELDS);
  return {
    command,
    intro: INTRO,
    common: {
      title: 'Common fields (2.1, every request)',
      fields: common.schema,
      notes: common.notes,
    },
    operations: dsp.operations
      .filter((op) => op.path !== undefined)
      .map((op): OperationReference => {
        const ex = dspExamples[op.name];
        if (!ex) throw new Error(`dsp operation ${op.name} has no example in scripts/field-reference/dsp.ts`);
        const confirm = ex.Step === '02';
        return {
          name: op.name,
          description: op.description,
          path: op.path!,
          route: op.route,
          fields: business.schema,
          fieldsTitle: '`DetailRecord` fields (2.2, then the elements the example 2.3 adds)',
          notes: confirm
            ? {
                ...business.notes,
                SmsCode: 'Step 02: the code Step 01 sent (admin order view `data.smsCode`); absent or wrong: EC803',
              }
            : business.notes,
          examples: [
            {
              caption: confirm
                ? `Example (the same contract; \`SmsCode\` is the one its Step 01 sent in a fresh simulator)`
                : 'Example',
              language: 'xml',
              text: encodeDspRequest(ex, 'UTF-8').toString('utf8'),
            },
          ],
          response: ANSWER,
        };
      }),
  };
}
