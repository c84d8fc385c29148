/**
 * LFT in the conformance suite: signed JSON envelopes to /api/protocol/*, answers checked as a
 * PayCommonVo whose sign verifies with the app's key (an unknown app's answers are signed with
 * the empty key, as the simulator documents); a protocol survives a restart.
 */
import { lft } from '../../simulators/lft/index.ts';
import {
  encodeRequest,
  formatTimestamp,
  lftVerify,
  type LftResponseEnvelope,
} from '../../simulators/lft/wire/index.ts';
import { header, mutate, randomText, type ChannelFixture, type WireAnswer, type WireCall } from './fixture.ts';

const APP = { appId: 'APP01', key: 'k-conformance' };
const OPS = ['create', 'find', 'prepay', 'posclose', 'inquery', 'outpay', 'outquery', 'querybankcnaps'];
const JSON_TYPE = { 'content-type': 'application/json;charset=UTF-8' };

const request = (op: string, data: unknown, now: number): WireCall => ({
  path: `/api/protocol/${op}`,
  headers: JSON_TYPE,
  body: encodeRequest({ appId: APP.appId, data: JSON.stringify(data), timestamp: formatTimestamp(now) }, APP.key),
});
const envelope = (a: WireAnswer) => JSON.parse(a.body.toString('utf8')) as LftResponseEnvelope;

export const lftFixture: ChannelFixture = {
  channel: lft,
  credentials: APP,
  path: '/api/protocol/find',
  make: () => ({
    valid: (_i, now) => request('create', { channelType: 'LFT', transDesc: 'conformance', businessId: 'B1' }, now),
    fuzz(r, i, now) {
      const valid = {
        transNo: 'LFTP1',
        outReqNo: `APP01-${i}`,
        amount: '1.00',
        outSuccessNotifyUrl: 'http://127.0.0.1:9/n',
        prodCatalog: '02',
        channelType: 'LFT',
        transDesc: 'x',
        businessId: 'B',
      };
      const op = r.pick(OPS);
      const headers = {
        'content-type': r.pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded', '']),
      };
      switch (r.int(0, 3)) {
        case 0:
          return { path: `/api/protocol/${op}`, headers, body: randomText(r) };
        case 1:
          return {
            path: `/api/protocol/${op}`,
            headers,
            body: JSON.stringify(
              mutate(r, {
                appId: APP.appId,
                data: JSON.stringify(valid),
                sign: '0'.repeat(32),
                timestamp: formatTimestamp(now),
              }),
            ),
          };
        default:
          return { ...request(op, mutate(r, valid), now), headers };
      }
    },
    check(a) {
      if (header(a, 'content-type') !== 'application/json;charset=UTF-8')
        return `content-type ${header(a, 'content-type')}`;
      let env: LftResponseEnvelope;
      try {
        env = envelope(a);
      } catch {
        return 'not JSON';
      }
      if (!/^(0000|EP\d{5})$/.test(String(env.code)) || typeof env.msg !== 'string')
        return `code/msg ${JSON.stringify([env.code, env.msg])}`;
      if (!lftVerify(env, env.appId === APP.appId ? APP.key : '')) return 'sign does not verify';
      return undefined;
    },
    ok: (a) => envelope(a).code === '0000',
    async before(send, now) {
      const env = envelope(
        await send(request('create', { channelType: 'LFT', transDesc: 'persisted', businessId: 'B2' }, now)),
      );
      return (JSON.parse(env.data as string) as { transNo: string }).transNo;
    },
    async after(send, transNo, now) {
      const found = envelope(await send(request('find', { transNo }, now)));
      if (found.code !== '0000') return `find ${String(transNo)} after restart: ${found.code} ${found.msg}`;
      // the platform sequence continued: a new protocol gets a new number
      const next = envelope(
        await send(request('create', { channelType: 'LFT', transDesc: 'after', businessId: 'B3' }, now)),
      );
      const nextNo = (JSON.parse(next.data as string) as { transNo: string }).transNo;
      return nextNo === transNo ? `transNo ${nextNo} handed out twice` : undefined;
    },
  }),
};
