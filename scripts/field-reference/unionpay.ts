/**
 * UnionPay's field reference (simulators/unionpay/README.md): the operations offered on the one
 * gateway path, each with its txnType/txnSubType route, and their rules come from the simulator
 * (operations.ts, wire/fields.ts); kept here is what no schema holds — an example request per
 * operation (its fields before signing) and the answer's fields with spec 002's descriptions.
 * test/field-reference-examples.test.ts signs and sends every example and checks the answer
 * against these fields.
 */
import type { ChannelFieldReference } from '../../simulators/core/codec/field-reference.ts';
import { unionpayOperations } from '../../simulators/unionpay/operations.ts';
import {
  CONTRACT_QUERY_RULES,
  UNIONPAY_ENVELOPE_RULES,
  contractQueryFields,
  type UnionPaySignMethod,
} from '../../simulators/unionpay/wire/index.ts';
import { DEFAULT_MER_ID } from '../../simulators/unionpay/runtime.ts';
import type { FieldSchema } from '../../simulators/core/codec/field-schema.ts';

interface UnionPayExample {
  /** the operation's request fields, as the merchant sets them before signing */
  fields: Record<string, string>;
  signMethod: UnionPaySignMethod;
  /** the rules checked after the envelope's */
  rules: FieldSchema;
  /** the answer's fields (beyond the envelope) → spec 002's words; `sometimes`: absent in some answers */
  answer: Record<string, string>;
  sometimes?: readonly string[];
}

/** per wire operation (operations.ts name) */
export const unionpayExamples: Record<string, UnionPayExample> = {
  'contract-query': {
    fields: {
      ...contractQueryFields({
        merId: DEFAULT_MER_ID,
        orderId: 'QRY20261202000001',
        txnTime: '20261202103000',
        contractId: 'ACTIVE0001',
        planId: 'PLAN0001',
      }),
      signMethod: '01',
    },
    signMethod: '01',
    rules: CONTRACT_QUERY_RULES,
    answer: {
      version: '版本号 (5.1.0)',
      encoding: '编码方式 (as the request spelt it)',
      signature: '签名',
      signMethod: "签名方法 (the request's)",
      signPubKeyCert: "签名公钥证书 (signMethod 01 / 21: UnionPay's signing certificate, PEM)",
      txnType: '交易类型 (78)',
      txnSubType: '交易子类 (20)',
      bizType: '产品类型 (000000)',
      accessType: '接入类型',
      acqInsCode: '收单机构代码 (when sent)',
      merId: '商户代码',
      orderId: '商户订单号',
      txnTime: '订单发送时间',
      tokenStatus: 'Token状态: 0 初始化(未激活), 1 激活, 2 挂失, 3 注销(解绑)',
      tokenEndExpr: 'Token有效期 (应答码为00时返回), YYYYMMDDhhmmss',
      respCode: '响应码',
      respMsg: '应答信息',
    },
    sometimes: ['acqInsCode', 'signPubKeyCert', 'tokenStatus', 'tokenEndExpr'],
  },
};

const INTRO = `Every transaction is \`POST /gateway/api/backTransReq.do\`, a form
(\`application/x-www-form-urlencoded\`, UTF-8) of string fields: the envelope below, then the
operation's, which \`txnType\`/\`txnSubType\` choose. A well-formed, correctly signed request no
operation takes answers \`32 无此交易权限\`. Fields are checked in the order listed; the first problem
found is answered (\`13 报文交易要素缺失\` for a missing field, \`10 报文格式错误\` for a malformed one).
The examples use UnionPay's public test merchant \`${DEFAULT_MER_ID}\` (the default
merchant) and a magic \`contractId\`; each one, signed, is accepted by the simulator
(\`test/field-reference-examples.test.ts\`).`;

const ENVELOPE_TEXT = `S is every other non-empty field sorted by name as \`k=v&…\` (\`certId\` included). \`01\`:
\`signature = Base64(SHA256withRSA(sha256hex(S)))\` with the key of the merchant certificate \`certId\`
names (the \`.pfx\` \`GET /__admin/credentials\` names, password \`000000\`); \`21\`: \`Base64(r‖s of
SM2(sm3hex(S)))\`, user ID = \`certId\`; \`11\`: \`sha256hex(S + "&" + sha256hex(secureKey))\`; \`12\`: the
same with SM3 (no \`certId\`). A Base64 signature must be form-encoded (\`+\` as \`%2B\`). Answers are a
raw \`k=v&…\` string (not URL-encoded), signed in the request's family.`;

export function unionpayFieldReference(command: string): ChannelFieldReference {
  return {
    command,
    intro: INTRO,
    common: { title: 'Envelope (every transaction)', fields: UNIONPAY_ENVELOPE_RULES, text: ENVELOPE_TEXT },
    operations: unionpayOperations
      .filter((op) => op.path !== undefined)
      .map((op) => {
        const ex = unionpayExamples[op.name];
        if (!ex) throw new Error(`unionpay operation ${op.name} has no example in scripts/field-reference/unionpay.ts`);
        const lines = Object.entries(ex.fields).map(([k, v]) => `${k}=${v}`);
        const sent = [...Object.entries(ex.fields), ['certId', '<the certificate serial>'], ['signature', '<Base64>']]
          .sort(([a], [b]) => (a! < b! ? -1 : 1))
          .map(([k, v]) => `${k}=${v}`)
          .join('&');
        return {
          name: op.name,
          description: op.description,
          path: op.path!,
          route: op.route,
          fields: ex.rules,
          fieldsTitle: 'Fields after the envelope',
          examples: [
            {
              caption: `Example fields, before signing (signMethod \`${ex.signMethod}\`)`,
              language: 'text',
              text: lines.join('\n'),
            },
            {
              caption: 'Sent as the form body, with `certId` and `signature` added by the signer',
              language: 'text',
              text: sent,
            },
          ],
          response: ex.answer,
        };
      }),
  };
}
