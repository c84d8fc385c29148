/**
 * DSP in the conformance suite: ATSYH XML DeContract requests (Step 01 / Step 02) in UTF-8, GBK
 * and GB18030, random text, broken XML and mutated fields; every answer must be an ATSYH
 * TransResp with RespCode 0 or -1, a UnifiedCode and a DeSignState, in `text/xml` with the charset
 * its declaration names. A Step 01 application survives a restart.
 */
import { dsp } from '../../simulators/dsp/index.ts';
import {
  chooseCharset,
  encodeDspRequest,
  parseAtsyh,
  type DspCharset,
  type DspRequestFields,
} from '../../simulators/dsp/wire/index.ts';
import type { Random } from '../../simulators/core/banks/index.ts';
import { header, junk, mutate, randomText, type ChannelFixture, type WireAnswer, type WireCall } from './fixture.ts';

const PATH = '/';
const typeOf = (charset: DspCharset) => ({ 'content-type': `text/xml; charset=${charset}` });
const fieldsOf = (a: WireAnswer): Record<string, string> | undefined => {
  const p = parseAtsyh(a.body, 'TransResp', header(a, 'content-type'));
  return p.ok ? p.fields : undefined;
};

function request(f: DspRequestFields, charset: DspCharset = 'UTF-8'): WireCall {
  return { path: PATH, headers: typeOf(charset), body: encodeDspRequest(f, charset) };
}

function fields(i: number, stepNo: '01' | '02', extra: DspRequestFields = {}): DspRequestFields {
  return {
    BankCode: 'CMBC02',
    TransType: 'DeContract',
    TransSeqID: `CONF${stepNo}${i}`,
    CommandCode: '9108Auth',
    ReqSeqID: `REQ${stepNo}${i}`,
    PayAct: `62170000${String(i).padStart(8, '0')}`,
    PayName: '测试',
    PayBankCode: '102',
    RecAct: '001053110000001123',
    RecName: '姬俞',
    RecBankCode: '102',
    PayAmount: '667.00',
    CellPhone: '15158040490',
    PolicyNo: `POL${i}`,
    Step: stepNo,
    ...extra,
  };
}

/** a structurally broken body: XML-looking text with something wrong */
function brokenXml(r: Random, i: number): string {
  const good = encodeDspRequest(fields(i, '01'), 'UTF-8').toString('utf8');
  switch (r.int(0, 5)) {
    case 0:
      return good.slice(0, r.int(0, good.length));
    case 1:
      return good.replace('<ATSYH', '<!DOCTYPE x [<!ENTITY e "boom">]><ATSYH').replace('测试', '&e;');
    case 2:
      return good.replace('<TransReq>', '<TransReq><BankCode>DUP</BankCode>');
    case 3:
      return good.replace(/ATSYH/g, 'OTHER');
    case 4:
      return `${'<a>'.repeat(r.int(5, 40))}${good}`;
    default:
      return good.replace('<PayName>测试</PayName>', `<PayName><x>${String(junk(r))}</x></PayName>`);
  }
}

function fuzz(r: Random, i: number): WireCall {
  const charset = r.pick<DspCharset>(['UTF-8', 'GBK', 'GB18030']);
  const headers = { 'content-type': r.pick(['text/xml', 'application/xml; charset=GBK', 'application/json', '']) };
  switch (r.int(0, 3)) {
    case 0:
      return { path: r.pick([PATH, '/dsp', '/any/where']), headers, body: randomText(r) };
    case 1:
      return { path: PATH, headers, body: brokenXml(r, i) };
    default: {
      const m = mutate(r, fields(i, r.pick(['01', '02']))) as Record<string, unknown>;
      const f = Object.fromEntries(
        Object.entries(m).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
      return request(f as DspRequestFields, charset);
    }
  }
}

function check(a: WireAnswer): string | undefined {
  const type = header(a, 'content-type');
  const m = /^text\/xml; charset=(UTF-8|GBK|GB18030|GB2312)$/.exec(type);
  if (!m) return `content-type ${type}`;
  const declared = chooseCharset(a.body).label;
  if (declared !== m[1]) return `declaration ${declared} ≠ content-type ${m[1]}`;
  const f = fieldsOf(a);
  if (!f) return 'not an ATSYH TransResp';
  if (f.RespCode !== '0' && f.RespCode !== '-1') return `RespCode ${f.RespCode}`;
  if (!/^EC\d{3}$/.test(f.UnifiedCode ?? '')) return `UnifiedCode ${f.UnifiedCode}`;
  if (f.DeSignState !== 'success' && f.DeSignState !== 'fail') return `DeSignState ${f.DeSignState}`;
  if (a.status !== 200 && a.status !== 400) return `HTTP ${a.status}`;
  return undefined;
}

export const dspFixture: ChannelFixture = {
  channel: dsp,
  path: PATH,
  make: () => ({
    valid: (i) => request(fields(900000 + i, '01')),
    fuzz: (r, i) => fuzz(r, i),
    check,
    ok: (a) => {
      const f = fieldsOf(a);
      return f?.RespCode === '0' && (f.UnifiedCode === 'EC100' || f.UnifiedCode === 'EC000');
    },
    // Step 01 before the restart; after it, a Step 02 without a code finds the application
    // (EC803 未上送短信验证码), where a lost one would answer EC802 无解约申请
    async before(send) {
      const f = fieldsOf(await send(request(fields(700001, '01'))));
      return f?.UnifiedCode === 'EC100' ? request(fields(700001, '02')) : undefined;
    },
    async after(send, made) {
      if (!made) return 'Step 01 before the restart was not accepted';
      const f = fieldsOf(await send(made as WireCall));
      return f?.UnifiedCode === 'EC803'
        ? undefined
        : `Step 02 after a restart answered ${f?.UnifiedCode}: the application of Step 01 was lost`;
    },
  }),
};
