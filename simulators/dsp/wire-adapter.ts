/**
 * The DSP wire as the core sees it. read: the body (≤ 64 KiB) in its charset → the ATSYH request's
 * fields, TransType and CommandCode required; the charset and the root's version are kept for the
 * answer. write: the rendered DetailRecord with the request's BankCode, TransType and TransSeqID
 * echoed, in the request's charset, `text/xml; charset=…`, HTTP 200. writeError: the same shape
 * with RespCode -1, the UnifiedCode from codes.ts and its RespInfo text (what exactly was wrong goes
 * to the journal and x-sim-detail, never into RespInfo), and whatever
 * of the request could be read (empty elements when nothing could). Never JSON, never a 500, never
 * a throw. A request on no operation is explained here: unknown TransType or CommandCode, a
 * missing or unknown Step. Byte rules live in wire/; this file maps them onto the core's words.
 */
import type { ChannelWire, Decoded, Fields, WireReply, WireRequest } from '../core/channel.ts';
import { SimError } from '../core/errors.ts';
import { createCodeResolver } from '../core/upstream-codes.ts';
import { DSP_ERRORS, DSP_REASONS, UNIFIED_CODES } from './codes.ts';
import type { DspRuntime } from './runtime.ts';
import {
  DSP_COMMAND_CODE,
  DSP_MAX_BODY_BYTES,
  DSP_STEPS,
  DSP_TRANS_TYPE,
  bodyAsText,
  dspContentType,
  encodeDspResponse,
  parseAtsyh,
  type DspCharset,
  type DspResponseFields,
} from './wire/index.ts';

export interface DspContext {
  charset: DspCharset;
  version?: string;
}

const codeOf = createCodeResolver({ errors: DSP_ERRORS, reasons: DSP_REASONS });
const XML_TYPE = /^\s*(text|application)\/xml\b/i;
const contentTypeOf = (req: WireRequest) => String(req.headers['content-type'] ?? '');

function read(req: WireRequest): Decoded {
  const type = contentTypeOf(req);
  const parsed = parseAtsyh(req.body, 'TransReq', type);
  if (!parsed.ok)
    throw new SimError('SIM_ERR_WIRE_MALFORMED', parsed.message, parsed.field ? { field: parsed.field } : {});
  const warnings = [...parsed.warnings];
  if (!XML_TYPE.test(type)) warnings.push(`Content-Type "${type}": DSP 前置接收 text/xml 或 application/xml`);
  for (const [field, label] of [
    ['TransType', '交易类型'],
    ['CommandCode', '线路指令'],
  ] as const) {
    if (!parsed.fields[field]) throw new SimError('SIM_ERR_FIELD_MISSING', `${field} (${label}) 不能为空`, { field });
  }
  const context: DspContext = { charset: parsed.charset, ...(parsed.version ? { version: parsed.version } : {}) };
  return { merchant: 'front', fields: parsed.fields, warnings, context };
}

function reply(fields: DspResponseFields, charset: DspCharset): WireReply {
  return {
    status: 200,
    headers: { 'content-type': dspContentType(charset) },
    body: encodeDspResponse(fields, charset),
  };
}

const echo = (f: Fields, k: string) => (typeof f[k] === 'string' ? (f[k] as string).slice(0, 64) : '');

function write(result: unknown, decoded: Decoded): WireReply {
  const f = decoded.fields;
  const r = result as Record<string, string>;
  const fields: DspResponseFields = {
    BankCode: echo(f, 'BankCode'),
    TransType: echo(f, 'TransType'),
    TransSeqID: echo(f, 'TransSeqID'),
  };
  for (const k of ['RespCode', 'RespInfo', 'ReqSeqID', 'UnifiedCode', 'DeSignState', 'OriginalCode'] as const)
    if (r[k] !== undefined) fields[k] = String(r[k]);
  return reply(fields, (decoded.context as DspContext).charset);
}

/** why no operation took a request that was read: the field at fault */
function noOperation(f: Fields): SimError {
  const t = echo(f, 'TransType');
  if (t !== DSP_TRANS_TYPE)
    return new SimError(
      'SIM_ERR_WIRE_NO_OPERATION',
      `不支持的交易类型 TransType=${t} (本前置只模拟 ${DSP_TRANS_TYPE})`,
      {
        field: 'TransType',
      },
    );
  const c = echo(f, 'CommandCode');
  if (c !== DSP_COMMAND_CODE)
    return new SimError(
      'SIM_ERR_WIRE_NO_OPERATION',
      `CommandCode=${c} 不是 ${DSP_TRANS_TYPE} 的线路指令 (${DSP_COMMAND_CODE})`,
      {
        field: 'CommandCode',
      },
    );
  const s = echo(f, 'Step');
  if (!s)
    return new SimError('SIM_ERR_FIELD_MISSING', 'Step (步骤) 不能为空 (01 解约申请, 02 解约确认)', { field: 'Step' });
  return new SimError(
    'SIM_ERR_FIELD_INVALID',
    `Step (步骤) 取值错误: ${JSON.stringify(s)}, 应为 ${DSP_STEPS.join('|')}`,
    {
      field: 'Step',
    },
  );
}

/** what of a request can be echoed, and in which charset to answer it */
function whatWasSent(at: { decoded?: Decoded; request?: WireRequest }): { fields: Fields; charset: DspCharset } {
  if (at.decoded) return { fields: at.decoded.fields, charset: (at.decoded.context as DspContext).charset };
  if (!at.request?.body.length) return { fields: {}, charset: 'UTF-8' };
  const parsed = parseAtsyh(at.request.body, 'TransReq', contentTypeOf(at.request));
  return parsed.ok ? parsed : { fields: parsed.salvaged, charset: parsed.charset };
}

/** the front's sharper account of a refusal: which field no operation took, the size limit */
function explain(e: SimError, at: { decoded?: Decoded }): SimError {
  if (e.code === 'SIM_ERR_WIRE_NO_OPERATION' && at.decoded) return noOperation(at.decoded.fields);
  if (e.code === 'SIM_ERR_WIRE_TOO_LARGE') return new SimError(e.code, `报文超过 ${DSP_MAX_BODY_BYTES} 字节`);
  return e;
}

function writeError(err: SimError, at: { decoded?: Decoded; request?: WireRequest }): WireReply {
  try {
    const sent = whatWasSent(at);
    const { code, by } = codeOf(err);
    const entry = UNIFIED_CODES[code];
    const fields: DspResponseFields = {
      BankCode: echo(sent.fields, 'BankCode'),
      TransType: echo(sent.fields, 'TransType'),
      TransSeqID: echo(sent.fields, 'TransSeqID'),
      RespCode: '-1',
      // the code's text, nothing more: what was wrong is in the journal and x-sim-detail
      RespInfo: entry.text,
      ReqSeqID: echo(sent.fields, 'ReqSeqID'),
      UnifiedCode: code,
      DeSignState: 'fail',
      ...(by === 'reason' && 'original' in entry ? { OriginalCode: entry.original } : {}),
    };
    return reply(fields, sent.charset);
  } catch {
    // last resort, still ATSYH: nothing of the request is echoed
    return reply(
      { RespCode: '-1', RespInfo: UNIFIED_CODES.EC999.text, UnifiedCode: 'EC999', DeSignState: 'fail' },
      'UTF-8',
    );
  }
}

/**
 * RespCode/UnifiedCode of an answer (`0/EC100`, `-1/EC990`): RespCode alone only says whether
 * the front processed the message, the UnifiedCode says what came of it. DSP has no signature
 * (the document has none), so there is no signing string to log.
 */
function resultCode(reply: WireReply): string | undefined {
  const parsed = parseAtsyh(reply.body, 'TransResp', reply.headers['content-type']);
  if (!parsed.ok || parsed.fields.RespCode === undefined) return undefined;
  const unified = parsed.fields.UnifiedCode;
  return unified ? `${parsed.fields.RespCode}/${unified}` : parsed.fields.RespCode;
}

export const dspWire: ChannelWire<DspRuntime> = { read, write, writeError, explain, text: bodyAsText, resultCode };
