/**
 * The withhold gateway in the conformance suite: JSON requests with AES `args` and an MD5 `sign`
 * on any path, answers checked as the gateway's `{status, message, response}` envelope (the
 * gateway signs no answer: there is no signature to verify, so the shape is checked strictly);
 * a pre-binding survives a restart and the unique_code sequence continues.
 */
import { withhold } from '../../simulators/withhold/index.ts';
import { encodeRequest, encryptArgs, parseAnswer, unixSeconds } from '../../simulators/withhold/wire/index.ts';
import { header, mutate, randomText, type ChannelFixture, type WireAnswer, type WireCall } from './fixture.ts';

const MERCHANT = { ua: 'UA01', aesKey: 'k-conformance-16' };
const METHODS = ['pre-tied-card', 'confirm-tied-card', 'single-withhold', 'single-order-query', 'unknown-method'];
const JSON_TYPE = { 'content-type': 'application/json;charset=UTF-8' };
const PERSON = {
  id_card_number: '11010519491231002X',
  bank_card_number: '6222020200112233446',
  mobile: '13800138000',
  name: '张三',
  pay_type: 'PAY01',
};
const VALID_ARGS = {
  ...PERSON,
  verification_code: '123456',
  unique_code: 'UC1',
  biz_order_no: 'BIZ1',
  amount: '1.00',
  biz_data: [{ protocol_no: 'PN1' }],
  notify_url: 'http://127.0.0.1:9/notify',
};

let seq = 0;
const request = (method: string, fields: object, now: number): WireCall => ({
  path: '/',
  headers: JSON_TYPE,
  body: encodeRequest(
    { ua: MERCHANT.ua, method, requestId: `conf-${++seq}`, timestamp: unixSeconds(now), fields },
    MERCHANT.aesKey,
  ),
});
const answer = (a: WireAnswer) => parseAnswer(a.body.toString('utf8'));

export const withholdFixture: ChannelFixture = {
  channel: withhold,
  credentials: MERCHANT,
  path: '/',
  make: () => ({
    valid: (_i, now) => request('pre-tied-card', PERSON, now),
    fuzz(r, i, now) {
      const method = r.pick(METHODS);
      const headers = { 'content-type': r.pick(['application/json', 'text/plain', '']) };
      const path = r.pick(['/', '/gateway', `/x/${i}`]);
      switch (r.int(0, 4)) {
        case 0:
          return { path, headers, body: randomText(r) };
        case 1: {
          // the envelope itself mutated (a field missing, junk, extra or lengthened), signed or not
          const env = JSON.parse(request(method, VALID_ARGS, now).body as string) as Record<string, unknown>;
          return { path, headers, body: JSON.stringify(mutate(r, env)) };
        }
        case 2: {
          // a correctly signed request whose args are not a ciphertext of this key
          const args = r.pick([randomText(r), encryptArgs(VALID_ARGS, 'another-key-16ch').args, '']);
          return {
            path,
            headers,
            body: encodeRequest({ ua: MERCHANT.ua, method, requestId: `f${i}`, args }, MERCHANT.aesKey),
          };
        }
        default:
          return { ...request(method, mutate(r, VALID_ARGS), now), path, headers };
      }
    },
    check(a) {
      if (header(a, 'content-type') !== 'application/json;charset=UTF-8')
        return `content-type ${header(a, 'content-type')}`;
      const text = a.body.toString('utf8');
      const parsed = answer(a);
      if (!parsed.ok) return `not the gateway's answer: ${parsed.message}`;
      const raw = JSON.parse(text) as Record<string, unknown>;
      if (Object.keys(raw).join() !== 'status,message,response') return `keys ${Object.keys(raw).join()}`;
      if (typeof raw.response !== 'object' || raw.response === null || Array.isArray(raw.response))
        return 'response is not an object';
      if (parsed.answer.status === '-1' && parsed.answer.message === '') return 'a refusal without a message';
      return undefined;
    },
    ok: (a) => {
      const parsed = answer(a);
      return parsed.ok && parsed.answer.status === '1';
    },
    async before(send, now) {
      const a = answer(await send(request('pre-tied-card', PERSON, now)));
      return a.ok ? a.answer.response.unique_code : undefined;
    },
    async after(send, uniqueCode, now) {
      const confirm = {
        verification_code: '000000',
        unique_code: uniqueCode,
        bank_card_number: PERSON.bank_card_number,
        pay_type: 'PAY01',
      };
      const sent = await send(request('confirm-tied-card', confirm, now));
      const a = answer(sent);
      // the pre-binding is still there: a wrong code is counted against it (参数错误, the simulator
      // saying 验证码 in x-sim-detail), not "签约记录不存在" (or, one time in a million, 000000 was the
      // code and it is confirmed)
      const detail = decodeURIComponent(String(sent.headers['x-sim-detail'] ?? ''));
      if (!a.ok || (a.answer.status !== '1' && !(a.answer.message === '参数错误' && detail.includes('验证码'))))
        return `confirm ${String(uniqueCode)} after restart: ${JSON.stringify(a)} ${detail}`;
      const next = answer(await send(request('pre-tied-card', PERSON, now)));
      const nextCode = next.ok ? next.answer.response.unique_code : undefined;
      return nextCode === uniqueCode ? `unique_code ${String(nextCode)} handed out twice` : undefined;
    },
  }),
};
