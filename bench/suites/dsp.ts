/**
 * The DSP benchmark suite: Step 01 解约申请 over 1000 contracts round-robin (each request a new
 * SMS code on an existing contract after the first pass) in UTF-8 and in GBK, and the document's
 * example Step 02 (no application, EC802), each against X, Fastify doing only the XML wire (find
 * the charset, decode, parse safely, write an ATSYH answer of the same size in the same charset),
 * and against bare Fastify, in the same run. A declaration for bench/channel-suite.ts; the servers
 * are built in child processes (bench/dsp-servers.ts, loaded only there).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeDspRequest, type DspCharset } from '../../simulators/dsp/wire/index.ts';
import type { ChannelBench } from '../channel-suite.ts';
import type { Context, Load } from '../load-run.ts';
import { BARE_TEXT_BODY } from '../bare-server.ts';

const CONTRACTS = 1000;
const SEED = readFileSync(join(import.meta.dirname, '..', '..', 'simulators', 'dsp', 'fixtures', 'seed-request.xml'));

function applyBody(i: number, charset: DspCharset): Buffer {
  return encodeDspRequest(
    {
      BankCode: 'CMBC02',
      TransType: 'DeContract',
      TransSeqID: `BENCH${i}`,
      CommandCode: '9108Auth',
      ReqSeqID: `BR${i}`,
      PayAct: `79102100603450${String(i).padStart(6, '0')}`,
      PayName: '名侦探悟空',
      PayBankCode: '102',
      RecAct: '6217661145901883428',
      RecName: '姬俞',
      RecBankCode: '102',
      PayAmount: '667.00',
      CellPhone: '15158040490',
      AuthCode: `BENCH-${i}`,
      Step: '01',
    },
    charset,
  );
}

const pools: Partial<Record<DspCharset, Buffer[]>> = {};
const poolOf = (charset: DspCharset) =>
  (pools[charset] ??= Array.from({ length: CONTRACTS }, (_, i) => applyBody(i, charset)));

function rotating(bodies: Buffer[]): (ctx: Context) => Buffer {
  let i = 0;
  return (ctx) => {
    const k = i++ % bodies.length;
    ctx.reqSeqId = `BR${k}`;
    return bodies[k]!;
  };
}

/** the text of one ASCII element of an answer (the load generator hands bodies over as UTF-8 text,
 *  so a GBK answer's Chinese is not readable here, its ASCII elements are) */
const element = (body: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];

/** a full check of an answer: an ATSYH TransResp, RespCode 0, the UnifiedCode, this request's ReqSeqID */
function verify(code: string, charset: DspCharset) {
  return (body: string, ctx: Context): string | undefined => {
    if (!body.startsWith(`<?xml version="1.0" encoding="${charset}"?>`) || !body.includes('<TransResp>'))
      return `not an ATSYH answer in ${charset}: ${body.slice(0, 80)}`;
    if (element(body, 'RespCode') !== '0' || element(body, 'UnifiedCode') !== code)
      return `RespCode ${element(body, 'RespCode')} UnifiedCode ${element(body, 'UnifiedCode')}`;
    if (ctx.reqSeqId !== undefined && element(body, 'ReqSeqID') !== ctx.reqSeqId)
      return `ReqSeqID ${element(body, 'ReqSeqID')}, expected ${String(ctx.reqSeqId)}`;
    return undefined;
  };
}

const headersOf = (charset: DspCharset) => ({ 'content-type': `text/xml; charset=${charset}` });

function applyLoad(charset: DspCharset): Load {
  return {
    path: '/',
    headers: headersOf(charset),
    next: rotating(poolOf(charset)),
    quick: (status, body) => status === 200 && body.includes('<UnifiedCode>EC100</UnifiedCode>'),
    full: verify('EC100', charset),
  };
}

const seedLoad = (code: string): Load => ({
  path: '/',
  headers: headersOf('UTF-8'),
  next: (ctx) => {
    ctx.reqSeqId = 'G0120031611501284062';
    return SEED;
  },
  quick: (status, body) => status === 200 && body.includes(`<UnifiedCode>${code}</UnifiedCode>`),
  full: verify(code, 'UTF-8'),
});

const suite: ChannelBench<unknown> = {
  channel: 'dsp',
  title: 'the DSP paths against bare Fastify and the XML-only server, same run',
  servers: {
    simulator: async () => ({ app: (await import('../dsp-servers.ts')).buildDspSim() }),
    xml: async () => (await import('../dsp-servers.ts')).buildXmlOnly(),
    xmlGbk: async () => (await import('../dsp-servers.ts')).buildXmlOnly(),
    xmlSeed: async () => (await import('../dsp-servers.ts')).buildXmlOnly(),
  },
  // the shared bare server reads only JSON and form bodies as such (415 for text/xml): the same XML
  // bytes go to it under the form content type, which it keeps as a string and answers with text
  bare: () => ({
    path: '/',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    next: rotating(poolOf('UTF-8')),
    quick: (status, body) => status === 200 && body === BARE_TEXT_BODY,
    full: (body) => (body === BARE_TEXT_BODY ? undefined : `unexpected body ${body}`),
  }),
  cryptoOnly: {
    xml: {
      label: 'X xml-only',
      describe: () =>
        '(parses the request with the simulator’s safe XML parser, answers an ATSYH answer in its charset)',
      load: () => applyLoad('UTF-8'),
    },
    xmlGbk: {
      label: 'X xml-only GBK',
      describe: () => '(the same, with GBK requests and answers)',
      load: () => applyLoad('GBK'),
    },
    xmlSeed: {
      label: 'X xml-only seed',
      describe: () =>
        '(the same, on the document’s example request, the body the Step 02 path sends: twice the elements of a Step 01)',
      load: () => seedLoad('EC100'),
    },
  },
  paths: [
    {
      name: 'dspApply',
      label: 'dsp Step 01 (UTF-8)',
      cryptoOnly: 'xml',
      load: async () => applyLoad('UTF-8'),
    },
    {
      name: 'dspApplyGbk',
      label: 'dsp Step 01 (GBK)',
      cryptoOnly: 'xmlGbk',
      load: async () => applyLoad('GBK'),
    },
    {
      name: 'dspSeedConfirm',
      label: 'dsp Step 02, the example (EC802)',
      cryptoOnly: 'xmlSeed',
      load: async () => seedLoad('EC802'),
    },
  ],
};

export default suite;
