/**
 * The toy channel in the conformance suite: the template a new channel's fixture starts from.
 */
import { join } from 'node:path';
import { toy, toySign } from '../support/toy-channel.ts';
import { header, mutate, randomText, type ChannelFixture, type WireAnswer, type WireCall } from './fixture.ts';

const KEY = 'toy-key';
const call = (fields: Record<string, unknown>): WireCall => ({
  path: '/pay',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ...fields, sign: toySign(fields, KEY) }),
});
const json = (a: WireAnswer) => JSON.parse(a.body.toString('utf8')) as Record<string, string>;

export const toyFixture: ChannelFixture = {
  channel: toy,
  scenariosDir: join(import.meta.dirname, '..', 'support', 'toy-scenarios'),
  credentials: { merchant: 'M1', key: KEY },
  path: '/pay',
  make: () => ({
    valid: (i) => call({ merchant: 'M1', method: 'pay', order: `V${i}`, amount: '1.00' }),
    fuzz: (r, i) =>
      r.int(0, 1) === 0
        ? { path: '/pay', body: randomText(r) }
        : call(mutate(r, { merchant: 'M1', method: r.pick(['pay', 'query']), order: `F${i}`, amount: '1.00' })),
    check(a) {
      if (header(a, 'content-type') !== 'application/json') return `content-type ${header(a, 'content-type')}`;
      const f = json(a);
      // an answer to a request with no known merchant is signed with the empty key
      return f.sign === toySign(f, KEY) || f.sign === toySign(f, '') ? undefined : 'sign does not verify';
    },
    ok: (a) => json(a).code === '0',
    async before(send) {
      const made = json(await send(call({ merchant: 'M1', method: 'pay', order: 'P1', amount: '1.00' })));
      return made.tradeNo;
    },
    async after(send, tradeNo) {
      if (json(await send(call({ merchant: 'M1', method: 'query', order: 'P1' }))).code !== '0')
        return 'P1 is gone after the restart';
      const next = json(await send(call({ merchant: 'M1', method: 'pay', order: 'P2', amount: '1.00' }))).tradeNo;
      return next === tradeNo ? `tradeNo ${next} handed out twice` : undefined;
    },
  }),
};
