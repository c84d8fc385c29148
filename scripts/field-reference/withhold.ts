/**
 * The withhold gateway's field reference (simulators/withhold/README.md): the methods, their
 * routes and `args` rules come from the simulator (operations.ts, wire/fields.ts); kept here is
 * what no schema holds — the checks that need the bank tables, `biz_data`'s shape (bizDataProblem)
 * in a row of its own, an example per method and the `response` fields with seed 003's words.
 * test/field-reference-examples.test.ts sends every example through the reference client.
 */
import type { ChannelFieldReference, OperationReference } from '../../simulators/core/codec/field-reference.ts';
import type { FieldSchema } from '../../simulators/core/codec/field-schema.ts';
import { withhold } from '../../simulators/withhold/index.ts';
import {
  DEFAULT_AES,
  encodeRequest,
  unixSeconds,
  bizDataProblem,
  withholdEnvelopeSchema,
  withholdMethods,
  withholdRequestSchemas,
  type WithholdArgsMap,
  type WithholdMethod,
} from '../../simulators/withhold/wire/index.ts';
import { DEFAULT_PAY_TYPES } from '../../simulators/withhold/runtime.ts';

/** the merchant the examples are encrypted and signed for (a test passes it as the credentials) */
export const WITHHOLD_EXAMPLE_MERCHANT = { ua: 'SIMUA100001', aesKey: 'K7mP2xQ9vL4nR8tW' };
/** Beijing 2026-12-02 10:30:00: the examples' timestamp, and the clock a test runs them at */
export const WITHHOLD_EXAMPLE_TIME = Date.parse('2026-12-02T02:30:00Z');
export const withholdExampleRequestId = (m: WithholdMethod) =>
  `R202612020000${String(withholdMethods.indexOf(m) + 1).padStart(2, '0')}`;

const PERSON = {
  id_card_number: '310104198506154323',
  bank_card_number: '6222021001122334458',
  mobile: '13912345678',
  name: '李四',
  pay_type: 'PAY01',
};
const UNIQUE_CODE = 'UC2026120200000001';
const PROTOCOL_NO = 'PN2026120200000001';

export const withholdExamples: { [M in WithholdMethod]: WithholdArgsMap[M] } = {
  'pre-tied-card': PERSON,
  'confirm-tied-card': {
    verification_code: '123456',
    unique_code: UNIQUE_CODE,
    bank_card_number: PERSON.bank_card_number,
    pay_type: PERSON.pay_type,
  },
  'single-withhold': {
    biz_order_no: 'WH20261202000001',
    amount: '100.00',
    name: PERSON.name,
    id_card_number: PERSON.id_card_number,
    mobile: PERSON.mobile,
    biz_data: [{ protocol_no: PROTOCOL_NO }],
    notify_url: 'https://merchant.example/withhold/notify',
    pay_type: PERSON.pay_type,
  },
  'single-order-query': { biz_order_no: 'WH20261202000001' },
};

/** where an example's values come from: an earlier answer, or the SMS (never the same twice) */
export const withholdCarried: Partial<Record<WithholdMethod, Record<string, string>>> = {
  'confirm-tied-card': {
    unique_code: "pre-tied-card's answer",
    verification_code: 'the SMS code pre-tied-card sent (admin order view `data.smsCode`; random)',
  },
  'single-withhold': { 'biz_data.protocol_no': "confirm-tied-card's answer" },
};

const ORDER_ANSWER = {
  biz_order_no: '业务流水号',
  pay_order_no: '支付流水号 (WP…)',
  pay_type: '支付类型',
  pay_status: '支付状态: success, fail, initial, pending (query: also wait_pay 处理中)',
  pay_time: '支付时间 (yyyy-MM-dd HH:mm:ss; `""` until paid)',
  channel_response: '渠道返回信息',
};
export const withholdAnswers: Record<WithholdMethod, Record<string, string>> = {
  'pre-tied-card': { unique_code: '签约唯一码 (UC…)' },
  'confirm-tied-card': { protocol_no: '签约协议号 (PN…)' },
  'single-withhold': ORDER_ANSWER,
  'single-order-query': ORDER_ANSWER,
};

const ID = 'GB 11643: a real region, birth date and check digit';
const CARD = 'Luhn, and a BIN of a known bank';
const PAY_TYPE = `one of the merchant's \`payTypes\` (default ${DEFAULT_PAY_TYPES.map((p) => `\`${p}\``).join(', ')})`;
const notes: Record<WithholdMethod, Record<string, string>> = {
  'pre-tied-card': { id_card_number: ID, bank_card_number: CARD, pay_type: PAY_TYPE },
  'confirm-tied-card': {
    verification_code: 'the SMS code, valid 5 min, 3 wrong tries',
    bank_card_number: "the pre-binding's",
    pay_type: "the pre-binding's",
  },
  'single-withhold': {
    biz_order_no: 'once per merchant',
    id_card_number: "the protocol's",
    name: "the protocol's",
    mobile: "the protocol's",
    bank_card_number: "the protocol's, when sent",
    pay_type: "the protocol's",
    notify_url: 'absent: no callback',
  },
  'single-order-query': {},
};

/** the args rules with biz_data where the seed lists it (after mobile): its rule is bizDataProblem's */
function argsRules(m: WithholdMethod): FieldSchema {
  const rules = withholdRequestSchemas[m];
  if (m !== 'single-withhold') return rules;
  const out: FieldSchema = {};
  for (const [k, r] of Object.entries(rules)) {
    out[k] = r;
    if (k === 'mobile')
      out.biz_data = {
        label: '业务参数',
        required: true,
        check: (v) => bizDataProblem(v)?.message,
        checkHint:
          'a JSON object `{"protocol_no": …}` or an array of one (not a string); `protocol_no` at most 40 characters',
        doc: '`protocol_no` (签约协议号): a confirmed protocol of this merchant',
      };
  }
  return out;
}

/** the body that carries an example, exactly as the README shows it */
export function withholdExampleBody(m: WithholdMethod, args: object = withholdExamples[m]): string {
  return encodeRequest(
    {
      ua: WITHHOLD_EXAMPLE_MERCHANT.ua,
      method: m,
      requestId: withholdExampleRequestId(m),
      fields: args,
      timestamp: unixSeconds(WITHHOLD_EXAMPLE_TIME),
    },
    WITHHOLD_EXAMPLE_MERCHANT.aesKey,
    DEFAULT_AES,
  );
}

const INTRO = `Every request is \`POST\` to any path of the port with a JSON body (the envelope below) whose
\`method\` chooses the operation and whose \`args\` is the AES ciphertext of the method's fields, listed
per method in the order they are checked. The first problem found is answered \`{"status": "-1",
"message": …}\` (\`参数缺失\` missing, \`参数错误\` malformed). The examples use ua
\`${WITHHOLD_EXAMPLE_MERCHANT.ua}\` and aesKey \`${WITHHOLD_EXAMPLE_MERCHANT.aesKey}\` (default AES settings); each
is accepted by the simulator (\`test/field-reference-examples.test.ts\`). An identical retry of a
\`requestId\` repeats the first answer and does nothing else.`;

const ENVELOPE_TEXT = `\`args\` = Base64 AES-ECB/PKCS#5 (the merchant's AES settings) of the fields as compact JSON with keys in
ascending order, nested keys too; \`sign\` = lower-case hex \`md5(ua + aesKey + method + args)\` over
\`args\` as sent. Answers are \`{"status": "1", "message": "成功", "response": {…}}\`, neither encrypted nor
signed; \`response\` holds the answer fields listed per method.`;

export function withholdFieldReference(command: string): ChannelFieldReference {
  return {
    command,
    intro: INTRO,
    common: { title: 'Envelope (every request)', fields: withholdEnvelopeSchema, text: ENVELOPE_TEXT },
    operations: withhold.operations
      .filter((op) => op.path !== undefined && op.name in withholdExamples)
      .map((op): OperationReference => {
        const m = op.name as WithholdMethod;
        const carried = Object.entries(withholdCarried[m] ?? {}).map(([f, from]) => `\`${f}\` is ${from}`);
        return {
          name: m,
          description: op.description,
          path: op.path!,
          route: op.route,
          fields: argsRules(m),
          fieldsTitle: '`args` fields',
          notes: notes[m],
          examples: [
            {
              caption: `Example \`args\`${carried.length > 0 ? ` (${carried.join('; ')})` : ''}`,
              language: 'json',
              text: JSON.stringify(withholdExamples[m], null, 2),
            },
            {
              caption: `The body that carries it (timestamp \`${unixSeconds(WITHHOLD_EXAMPLE_TIME)}\`)`,
              language: 'json',
              text: withholdExampleBody(m),
            },
          ],
          response: withholdAnswers[m],
          responseTitle: 'Answer `response` fields',
        };
      }),
  };
}
