/**
 * Lakala's field reference (simulators/lakala/README.md): the operation and its `req_data` rules
 * come from the simulator (operations.ts, wire/fields.ts); kept here is what no schema holds — an
 * example `req_data` per operation, the body that carries it, and resp_data's fields with seed
 * 000's descriptions. test/field-reference-examples.test.ts sends every example through the
 * reference client and checks the body it sent is the README's, and the answer's fields.
 */
import type { ChannelFieldReference } from '../../simulators/core/codec/field-reference.ts';
import { lakala } from '../../simulators/lakala/index.ts';
import { DEFAULT_APPID, DEFAULT_MERCHANT_NO } from '../../simulators/lakala/runtime.ts';
import {
  ENVELOPE_SCHEMA,
  LAKALA_VERSION,
  SIGN_QRY_SCHEMA,
  encodeRequest,
  type SignQryReqData,
} from '../../simulators/lakala/wire/index.ts';

/** Beijing 2026-12-02 10:30:00: the examples' req_time, and the clock a test runs them at */
export const LAKALA_EXAMPLE_TIME = Date.parse('2026-12-02T02:30:00Z');
export const LAKALA_EXAMPLE_REQ_ID = 'REQ20261202000001';

interface LakalaExample {
  reqData: SignQryReqData;
  /** resp_data's fields → seed 000's words */
  answer: Record<string, string>;
}

export const lakalaExamples: Record<string, LakalaExample> = {
  'sign-qry': {
    reqData: {
      merchant_no: DEFAULT_MERCHANT_NO,
      enterprise_num: 'QT330001',
      corp_bank_code: 'GJ101',
      sign_flag: '0',
      cust_act: '6227002920120342761',
      corp_act: '43050179373600000471',
      protocol_code: 'XY20261202000001',
    },
    answer: {
      result_info_code: '交易返回码',
      sign_flag: '签约解约标记 (0 签约, 1 解约)',
      limit_amount: '限额 (单位分)',
      result_info: '签约返回信息',
      mobile: '手机号',
      cert_num: '证件号码',
      cust_name: '客户方户名',
      verify_code: '验签码 (企业-验签字)',
      cust_act: '客户方账号',
      result_state:
        '返回状态: 5 已签约成功,重复签约; 4 发起请求成功,等待验证; 3 失败,具体信息看result_info; 2 签约/解约成功',
      agreement_no: '银行代收协议编号',
    },
  },
};

/** the body that carries an example, exactly as the README shows it */
export function lakalaExampleBody(op: string): string {
  return encodeRequest({
    version: LAKALA_VERSION,
    req_time: '20261202103000',
    req_id: LAKALA_EXAMPLE_REQ_ID,
    req_data: lakalaExamples[op]!.reqData,
  });
}

const INTRO = `Every request is \`POST\` with a UTF-8 JSON body \`{version, req_time, req_id, req_data}\` (the
envelope below) and an \`Authorization\` header; \`req_data\` holds the operation's fields, listed in
the order they are checked. The first problem found is answered (\`200001\` for a missing field,
\`200002\` for a malformed one). The examples use the default appid \`${DEFAULT_APPID}\` and merchant
\`${DEFAULT_MERCHANT_NO}\` (configured with \`enterprise_num\` \`HN43000009023690002\` / \`QT330001\` and
\`corp_bank_code\` \`GJ101\` / \`BR105\`); each one is accepted by the simulator
(\`test/field-reference-examples.test.ts\`).`;

const ENVELOPE_TEXT = `\`req_data\` is a JSON object (required). The header is \`Authorization: LKLAPI-SHA256withRSA
appid="…",serial_no="…",timestamp="…",nonce_str="…",signature="…"\`: \`signature\` = Base64
SHA256withRSA with the merchant key over \`appid\\nserial_no\\ntimestamp\\nnonce_str\\nbody\\n\` (the exact
body bytes), \`serial_no\` the merchant certificate's hex serial, \`timestamp\` Unix seconds (more than 5
minutes off is a journal warning). Answers are \`{ret_code, ret_msg, resp_time, resp_data}\`, signed in
the \`Lklapi-*\` headers.`;

export function lakalaFieldReference(command: string): ChannelFieldReference {
  return {
    command,
    intro: INTRO,
    common: { title: 'Envelope (every request)', fields: ENVELOPE_SCHEMA, text: ENVELOPE_TEXT },
    operations: lakala.operations
      .filter((op) => op.path !== undefined)
      .map((op) => {
        const ex = lakalaExamples[op.name];
        if (!ex) throw new Error(`lakala operation ${op.name} has no example in scripts/field-reference/lakala.ts`);
        return {
          name: op.name,
          description: op.description,
          path: op.path!,
          route: op.route,
          fields: SIGN_QRY_SCHEMA,
          fieldsTitle: '`req_data` fields',
          examples: [
            { caption: 'Example `req_data`', language: 'json', text: JSON.stringify(ex.reqData, null, 2) },
            {
              caption: 'The body that carries it, signed in the `Authorization` header',
              language: 'json',
              text: lakalaExampleBody(op.name),
            },
          ],
          response: ex.answer,
          responseTitle: 'Answer `resp_data` fields',
        };
      }),
  };
}
