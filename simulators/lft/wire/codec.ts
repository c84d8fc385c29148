/**
 * LFT (理房通) bytes ⇄ fields: the PayCommonVo JSON envelope whose `data` is itself a JSON
 * STRING (spec 004: "data … string … json"), plus the spec's Beijing-time timestamp formats.
 * Pure: no I/O, no clock (callers pass epoch milliseconds), no state. Parsing returns messages
 * instead of throwing; it never validates business fields (fields.ts) or verifies signs (signer.ts).
 */
import { formatBeijing, parseBeijing } from '../../core/codec/beijing-time.ts';
import { lftSign } from './signer.ts';

/** Request (and notification) envelope, spec 004 "请求参数: JSON串". */
export interface LftEnvelope {
  appId: string;
  data: string;
  sign: string;
  timestamp: string;
}

/** Response envelope, spec 004 "结果返回: PayCommonVo". */
export interface LftResponseEnvelope {
  code: string;
  msg: string;
  data: string;
  appId: string;
  timestamp: string;
  sign: string;
}

/** "code = 0000 只代表此次接口通信成功": business state is in data.payStatus, not here. */
export const LFT_SUCCESS_CODE = '0000';
export const LFT_SUCCESS_MSG = 'SUCCESS';
/** the body a business system answers a notification with (spec 004 §9–11: 直到业务系统返回 "SUCCESS") */
export const LFT_NOTIFICATION_ACK = 'SUCCESS';

/**
 * Whether a merchant's answer to a notification acknowledges it. §9–11 retry "直到业务系统返回
 * SUCCESS" and then list "结果返回: PayCommonVo", so both readings are honoured: the bare body
 * `SUCCESS` (surrounding whitespace ignored), or a PayCommonVo JSON object whose `code` is `0000`
 * (or, without a `code`, whose `msg` is `SUCCESS`). Anything else — `success`, `FAIL`, a code
 * other than 0000 whatever its msg, an empty body — is not an acknowledgement.
 */
export function isLftNotificationAck(body: string): boolean {
  const text = body.trim();
  if (text === LFT_NOTIFICATION_ACK) return true;
  if (!text.startsWith('{')) return false;
  let vo: unknown;
  try {
    vo = JSON.parse(text);
  } catch {
    return false;
  }
  if (!isRecord(vo)) return false;
  return vo.code === undefined ? vo.msg === LFT_SUCCESS_MSG : vo.code === LFT_SUCCESS_CODE;
}

export type Parsed<K extends string, T> = ({ ok: true } & Record<K, T>) | { ok: false; message: string };

/** `subject` names the body in messages; the client passes '响应报文', notifications '通知报文'. */
export function parseEnvelope(raw: string, subject = '请求报文'): Parsed<'envelope', Record<string, unknown>> {
  if (typeof raw !== 'string') return { ok: false, message: `${subject}为空` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    // a blank body cannot parse: it is told apart only here, so a good body is never trimmed (copied)
    return { ok: false, message: isBlank(raw) ? `${subject}为空` : `${subject}不是合法 JSON: ${errorMessage(error)}` };
  }
  if (!isRecord(value)) return { ok: false, message: `${subject}必须是 JSON 对象, 实际为 ${jsonType(value)}` };
  return { ok: true, envelope: value };
}

/** Request `data`: a string holding a JSON object; "{}" is fine (inquery lists no fields). */
export function parseData(data: unknown): Parsed<'fields', Record<string, unknown>> {
  const parsed = parseDataJson(data);
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) {
    return { ok: false, message: `data 必须是内容为 JSON 对象的字符串, 实际为 ${jsonType(parsed.value)}` };
  }
  return { ok: true, fields: parsed.value };
}

/**
 * Response `data`: any JSON held in a string. Most operations answer an object, querybankcnaps
 * an array ("List<QueryBankCnapsRspVo>转json"); the caller checks which it expected.
 */
export function parseDataJson(data: unknown): Parsed<'value', unknown> {
  if (data === undefined || data === null) return { ok: false, message: 'data 不能为空' };
  if (typeof data === 'object') {
    return { ok: false, message: 'data 必须是 JSON 字符串 (把 JSON 对象序列化后作为字符串传), 不能直接传 JSON 对象' };
  }
  if (typeof data !== 'string') return { ok: false, message: `data 类型错误: 应为 JSON 字符串, 实际为 ${typeof data}` };
  try {
    return { ok: true, value: JSON.parse(data) as unknown };
  } catch (error) {
    return {
      ok: false,
      message: isBlank(data) ? 'data 不能为空, 没有字段时应为 "{}"' : `data 不是合法 JSON: ${errorMessage(error)}`,
    };
  }
}

export interface LftRequestInput {
  appId: string;
  /** An object is serialised with JSON.stringify; a string is sent (and signed) verbatim. */
  data: object | string;
  timestamp: string;
}

export interface LftResponseInput extends LftRequestInput {
  code: string;
  msg: string;
}

/** Body key order follows the spec's request table: appId, data, sign, timestamp. */
export function encodeRequest(input: LftRequestInput, key: string): string {
  const data = dataString(input.data);
  const sign = lftSign({ appId: input.appId, data, timestamp: input.timestamp }, key);
  const envelope: LftEnvelope = { appId: input.appId, data, sign, timestamp: input.timestamp };
  return JSON.stringify(envelope);
}

/** Body key order follows PayCommonVo: code, msg, data, appId, timestamp, sign. */
export function encodeResponse(input: LftResponseInput, key: string): string {
  const data = dataString(input.data);
  const sign = lftSign({ appId: input.appId, data, timestamp: input.timestamp }, key);
  const envelope: LftResponseEnvelope = {
    code: input.code,
    msg: input.msg,
    data,
    appId: input.appId,
    timestamp: input.timestamp,
    sign,
  };
  return JSON.stringify(envelope);
}

function dataString(data: object | string): string {
  return typeof data === 'string' ? data : JSON.stringify(data);
}

/** `yyyyMMddHHmmssSSS` in Beijing time (spec 004 "timestamp"). */
export function formatTimestamp(ms: number): string {
  return formatBeijing(ms, 'yyyyMMddHHmmssSSS');
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (spec 004 createTime, payFinishTime, …). */
export function formatDateTime(ms: number): string {
  return formatBeijing(ms, 'yyyy-MM-dd HH:mm:ss');
}

/** Epoch ms of a strict 17-digit Beijing `yyyyMMddHHmmssSSS`; undefined if malformed or not a real date. */
export function parseTimestamp(s: string): number | undefined {
  return parseBeijing(s, 'yyyyMMddHHmmssSSS');
}

/**
 * what String.prototype.trim would make empty (JSON.parse accepts a subset of that whitespace, and rejects a blank
 * string)
 */
function isBlank(s: string): boolean {
  return s.trim() === '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
