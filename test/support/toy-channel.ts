/**
 * A toy upstream, the smallest complete channel: the template a new channel starts from, and the
 * fixture that tests the core without LFT or UnionPay. Its wire: POST /pay with a JSON body
 * `{merchant, method, …, sign}` where sign = md5(sorted k=v of the other fields + "&key=" + key);
 * `method` routes (pay creates an order, query reads it: two operations on one path); answers
 * `{code, msg, …, sign}` signed the same way; errors the same envelope with code ≠ "0". One kind
 * of order (a payment), one outside-world event (settle), one callback (paid, acknowledged "OK").
 */
import { canonicalString } from '../../simulators/core/crypto/canonical.ts';
import { md5Hex } from '../../simulators/core/crypto/md5.ts';
import {
  orderKind,
  outsideEvent,
  type Channel,
  type ChannelWire,
  type Decoded,
  type Fields,
} from '../../simulators/core/channel.ts';
import { compileSchema, type FieldSchema } from '../../simulators/core/codec/field-schema.ts';
import { SimError, fieldProblemError, type SimErrorCode } from '../../simulators/core/errors.ts';
import type { FailureReason } from '../../simulators/core/outcome.ts';
import { REALISTIC_SCHEDULE } from '../../simulators/core/retry-schedule.ts';
import { createCodeResolver } from '../../simulators/core/upstream-codes.ts';

export interface ToyRuntime {
  keys: Map<string, string>;
}
export interface ToyCredentials {
  merchant: string;
  key: string;
}
interface PaymentData {
  order: string;
  amount: string;
  notifyUrl?: string;
  tradeNo: string;
}
const payment = orderKind<PaymentData>('payment');

/** the toy wire's signature, shared with its tests (a real channel keeps this in wire/) */
export const toySign = (f: Fields, key: string) =>
  md5Hex(
    `${canonicalString(
      Object.fromEntries(
        Object.entries(f)
          .filter(([k]) => k !== 'sign')
          .map(([k, v]) => [k, String(v)]),
      ),
    )}&key=${key}`,
  );
const signed = (f: Fields, key: string) => ({ ...f, sign: toySign(f, key) });
const json = (f: Fields) => Buffer.from(JSON.stringify(f));

// codes.ts of a real channel: every SimError and reason has an upstream spelling (exhaustive)
const errors = Object.fromEntries(
  [
    'SIM_ERR_WIRE_MALFORMED',
    'SIM_ERR_WIRE_TOO_LARGE',
    'SIM_ERR_WIRE_SIGNATURE',
    'SIM_ERR_WIRE_MERCHANT_UNKNOWN',
    'SIM_ERR_WIRE_NOT_FOUND',
    'SIM_ERR_WIRE_NO_OPERATION',
    'SIM_ERR_FIELD_MISSING',
    'SIM_ERR_FIELD_INVALID',
    'SIM_ERR_ORDER_NOT_FOUND',
    'SIM_ERR_ORDER_DUPLICATE',
    'SIM_ERR_ORDER_STATE',
    'SIM_ERR_FUNDS_INSUFFICIENT',
    'SIM_ERR_SCENARIO_REJECTED',
    'SIM_ERR_SCENARIO_UNKNOWN',
    'SIM_ERR_INTERNAL',
    'SIM_ERR_BOOT_SCENARIO',
    'SIM_ERR_BOOT_CONFIG',
    'SIM_ERR_ADMIN_UNAUTHORIZED',
    'SIM_ERR_ADMIN_FORBIDDEN',
    'SIM_ERR_ADMIN_BAD_REQUEST',
    'SIM_ERR_ADMIN_NOT_FOUND',
  ].map((c, i) => [c, `E${100 + i}`]),
) as Record<SimErrorCode, string>;
const reasons = new Proxy({}, { get: (_t, reason) => `R_${String(reason).toUpperCase()}` }) as Record<
  FailureReason,
  string
>;
const codeOf = createCodeResolver<string>({ errors, reasons, notFound: { payment: 'E404' } });

const schemas: Record<string, FieldSchema> = {
  pay: {
    order: { required: true, maxLength: 32 },
    amount: { required: true, pattern: /^\d+\.\d{2}$/, patternHint: '两位小数' },
    notifyUrl: { pattern: /^https?:\/\// },
  },
  query: { order: { required: true, maxLength: 32 } },
};
const validate = (name: string) => {
  const check = compileSchema(schemas[name]!);
  return (f: Fields, decoded: Decoded) => {
    // a tolerated oddity is a warning for the journal, before or instead of a refusal
    if (f.note !== undefined) decoded.warnings.push('note is not a field of the toy protocol; ignored');
    const p = check(f)[0];
    if (p) throw fieldProblemError(p);
  };
};

const wire: ChannelWire<ToyRuntime> = {
  read(req, rt) {
    let f: Fields;
    try {
      f = JSON.parse(req.body.toString('utf8')) as Fields;
    } catch {
      throw new SimError('SIM_ERR_WIRE_MALFORMED', 'body is not JSON');
    }
    if (typeof f !== 'object' || f === null || Array.isArray(f))
      throw new SimError('SIM_ERR_WIRE_MALFORMED', 'body is not a JSON object');
    const key = rt.keys.get(String(f.merchant));
    if (key === undefined)
      throw new SimError('SIM_ERR_WIRE_MERCHANT_UNKNOWN', `merchant=${String(f.merchant)}`, { field: 'merchant' });
    if (f.sign !== toySign(f, key))
      throw new SimError('SIM_ERR_WIRE_SIGNATURE', 'sign does not verify', { field: 'sign' });
    return { merchant: String(f.merchant), fields: f, warnings: [] };
  },
  write: (result, decoded, rt) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: json(signed({ code: '0', msg: 'ok', ...(result as Fields) }, rt.keys.get(decoded.merchant)!)),
  }),
  writeError(err, at, rt) {
    const { code, status } = codeOf(err);
    return {
      status,
      headers: { 'content-type': 'application/json' },
      // the upstream's words for the code only: what was wrong is the core's x-sim-detail and journal
      body: json(signed({ code, msg: 'refused' }, rt.keys.get(at.decoded?.merchant ?? '') ?? '')),
    };
  },
};

export const toy: Channel<ToyRuntime, ToyCredentials> = {
  name: 'toy',
  title: 'Toy upstream',
  defaultPort: 8199,
  bodyLimit: 16 * 1024,
  machines: {
    payment: {
      initial: 'PENDING',
      transitions: { PENDING: ['PAID', 'FAILED'] },
      outcomes: { success: 'PAID', failure: 'FAILED', pending: 'PENDING' },
    },
  },
  operations: [
    {
      name: 'pay',
      description: 'create a payment',
      path: '/pay',
      route: { equals: { method: 'pay' } },
      kind: 'payment',
      validate: validate('pay'),
      identify: (f) => ({ key: f.order as string, creates: true, kind: 'payment', keyField: 'order' }),
      execute: (ctx) =>
        void ctx.createOrder({
          key: ctx.fields.order as string,
          kind: payment,
          data: {
            order: ctx.fields.order as string,
            amount: ctx.fields.amount as string,
            notifyUrl: ctx.fields.notifyUrl as string | undefined,
            tradeNo: `T${String(ctx.next('trade')).padStart(6, '0')}`,
          },
        }),
      render: (ctx) => ({ tradeNo: payment.data(ctx.order!).tradeNo, state: ctx.order!.state }),
    },
    {
      name: 'query',
      description: 'read a payment',
      path: '/pay',
      route: { equals: { method: 'query' } },
      kind: 'payment',
      validate: validate('query'),
      identify: (f) => ({ key: f.order as string, kind: 'payment', keyField: 'order' }),
      render: (ctx) => ({
        order: ctx.order!.key,
        state: ctx.order!.state,
        ...(ctx.order!.reason ? { reason: ctx.order!.reason } : {}),
      }),
    },
    outsideEvent({
      name: 'settle',
      description: 'the payment settles',
      kind: 'payment',
      from: ['PENDING'],
      to: 'PAID',
      verb: '结算',
    }),
  ],
  wire,
  callbacks: {
    events: { paid: 'the payment result → notifyUrl' },
    schedule: REALISTIC_SCHEDULE,
    fields: (_e, o) => {
      const d = payment.data(o);
      return d.notifyUrl
        ? { url: d.notifyUrl, fields: { merchant: o.merchant, order: d.order, state: o.state } }
        : undefined;
    },
    sign: (f, o, rt) => signed(f, rt.keys.get(o.merchant)!),
    encode: (f) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }),
    isAck: (res) => res.status === 200 && res.body === 'OK',
  },
  credentialsFile: {
    generate: () => ({ merchant: 'M1', key: 'toy-key' }),
    check: (c) => (typeof (c as ToyCredentials)?.key === 'string' ? undefined : 'needs "key"'),
  },
  createRuntime: (_config, env) => ({ keys: new Map([[env.credentials!.merchant, env.credentials!.key]]) }),
  credentials: (rt) => ({ merchants: [...rt.keys.keys()] }),
};
