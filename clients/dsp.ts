/**
 * Reference client for the DSP bank-direct front, 单笔解约确认 (TransType DeContract, CommandCode
 * 9108Auth, spec 001) in its two steps: `apply` (Step 01 解约申请: the channel sends an SMS code)
 * and `confirm` (Step 02 解约确认 with SmsCode). It builds the ATSYH XML in UTF-8, GBK, GB18030 or
 * GB2312, POSTs it, and reads the answer in the charset its declaration names, checking that it is
 * an ATSYH TransResp in the request's charset that echoes this request's ReqSeqID. A front's
 * answer is a result (ChannelResult: code = UnifiedCode, msg = RespInfo), whatever it says,
 * RespCode -1 included; exceptions are for answers that are not the protocol or never came
 * (clients/http.ts). It imports only the DSP wire and validates nothing it sends: bad requests
 * must reach the simulator so its errors can be tested.
 */
import {
  DSP_APPLY_ACCEPTED_CODE,
  DSP_COMMAND_CODE,
  DSP_TRANS_TYPE,
  chooseCharset,
  dspContentType,
  encodeDspRequest,
  formatTransTime,
  parseAtsyh,
  type DspCharset,
  type DspRequestFields,
} from '../simulators/dsp/wire/index.ts';
import {
  ProtocolError,
  post,
  simDetailOf,
  snippet,
  type CallOptions,
  type ChannelResult,
  type RawResponse,
} from './http.ts';

export type { CallOptions, ChannelResult } from './http.ts';
export type { DspCharset } from '../simulators/dsp/wire/index.ts';

export interface DspClientOptions {
  /** any path on the front's port, e.g. http://127.0.0.1:8102/ */
  url: string;
  /** 线路代码 (default ALIPAY01, the document's example) */
  bankCode?: string;
  /** the charset requests are written in (default UTF-8) */
  charset?: DspCharset;
  now?: () => number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** a DeContract's own fields (the client sets TransType, CommandCode, Step, and defaults the ids) */
export type DeContractInput = Omit<DspRequestFields, 'TransType' | 'CommandCode' | 'Step'> & {
  /** the request's 支付流水号 (default: generated, unique per message) */
  ReqSeqID?: string;
};

/** the answer's fields (3.1), as the front wrote them */
export interface DeContractAnswer {
  BankCode: string;
  TransType: string;
  TransSeqID: string;
  RespCode: string;
  RespInfo: string;
  ReqSeqID: string;
  UnifiedCode: string;
  DeSignState: string;
  OriginalCode?: string;
}

export type DeContractResult = ChannelResult<DeContractAnswer, DeContractAnswer> & {
  step: '01' | '02';
  /** DeSignState success: the contract is cancelled (已解约) */
  cancelled: boolean;
  /** RespCode -1: the front could not process the request (the message names why) */
  refusedByFront: boolean;
  /** the charset the answer came in */
  charset: DspCharset;
  /** the request as sent */
  request: DspRequestFields;
};

export interface DspClient {
  /** Step 01 解约申请: ok when the application is accepted (EC100 验证码已发送) */
  apply(input: DeContractInput, opts?: CallOptions): Promise<DeContractResult>;
  /** Step 02 解约确认: ok when the contract is cancelled (DeSignState success) */
  confirm(input: DeContractInput & { SmsCode: string }, opts?: CallOptions): Promise<DeContractResult>;
}

const REQUIRED: (keyof DeContractAnswer)[] = ['RespCode', 'UnifiedCode', 'DeSignState'];

function protocolError(msg: string, response: RawResponse, operation: string): ProtocolError {
  return new ProtocolError(`DSP ${operation}: ${msg}`, { channel: 'dsp', operation, response });
}

/** the answer's fields, or the reason it is not the protocol's */
function readAnswer(res: RawResponse, sent: DspCharset, reqSeqId: string, operation: string) {
  const type = res.headers.get('content-type') ?? '';
  if (!/^(text|application)\/xml\b/i.test(type))
    throw protocolError(`应答 Content-Type 是 ${type || '(无)'}, 应为 text/xml: ${snippet(res.text)}`, res, operation);
  const parsed = parseAtsyh(res.bytes, 'TransResp', type);
  if (!parsed.ok) throw protocolError(`应答不是 ATSYH TransResp (${parsed.message})`, res, operation);
  if (parsed.charset !== sent && !(sent === 'GB2312' && parsed.charset === 'GBK'))
    throw protocolError(`请求为 ${sent}, 应答却是 ${chooseCharset(res.bytes, type).label}`, res, operation);
  const f = parsed.fields as Partial<DeContractAnswer>;
  for (const k of REQUIRED) if (!f[k]) throw protocolError(`应答缺少 ${k}`, res, operation);
  if (f.RespCode !== '0' && f.RespCode !== '-1')
    throw protocolError(`RespCode ${f.RespCode} 不是 0/-1`, res, operation);
  // a front that could not read the request echoes an empty ReqSeqID; any other is someone else's answer
  if (f.ReqSeqID && f.ReqSeqID !== reqSeqId)
    throw protocolError(`应答的 ReqSeqID ${f.ReqSeqID} 不是本请求的 ${reqSeqId}`, res, operation);
  const answer: DeContractAnswer = {
    BankCode: f.BankCode ?? '',
    TransType: f.TransType ?? '',
    TransSeqID: f.TransSeqID ?? '',
    RespCode: f.RespCode,
    RespInfo: f.RespInfo ?? '',
    ReqSeqID: f.ReqSeqID ?? '',
    UnifiedCode: f.UnifiedCode!,
    DeSignState: f.DeSignState!,
    ...(f.OriginalCode !== undefined ? { OriginalCode: f.OriginalCode } : {}),
  };
  return { answer, charset: parsed.charset };
}

export function createDspClient(o: DspClientOptions): DspClient {
  const now = o.now ?? Date.now;
  const charset = o.charset ?? 'UTF-8';
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}${now()}${String(++seq).padStart(4, '0')}`;

  async function call(step: '01' | '02', input: DeContractInput, opts: CallOptions = {}): Promise<DeContractResult> {
    const operation = step === '01' ? 'apply' : 'confirm';
    const request: DspRequestFields = {
      BankCode: o.bankCode ?? 'ALIPAY01',
      TransType: DSP_TRANS_TYPE,
      TransSeqID: nextId('T'),
      CommandCode: DSP_COMMAND_CODE,
      TransTime: formatTransTime(now()),
      ...input,
      ReqSeqID: input.ReqSeqID ?? nextId('R'),
      Step: step,
    };
    const res = await post({
      channel: 'dsp',
      operation,
      url: o.url,
      contentType: dspContentType(charset),
      body: new Uint8Array(encodeDspRequest(request, charset)),
      timeoutMs: o.timeoutMs ?? 30_000,
      fetch: o.fetch,
      scenario: opts.scenario,
      headers: opts.headers,
    });
    const { answer, charset: answeredIn } = readAnswer(res, charset, request.ReqSeqID!, operation);
    const cancelled = answer.RespCode === '0' && answer.DeSignState === 'success';
    const ok = step === '01' ? answer.RespCode === '0' && answer.UnifiedCode === DSP_APPLY_ACCEPTED_CODE : cancelled;
    return {
      ok,
      code: answer.UnifiedCode,
      msg: answer.RespInfo,
      data: answer,
      step,
      cancelled,
      refusedByFront: answer.RespCode === '-1',
      charset: answeredIn,
      request,
      ...simDetailOf(res),
    };
  }

  return {
    apply: (input, opts) => call('01', input, opts),
    confirm: (input, opts) => call('02', input, opts),
  };
}
