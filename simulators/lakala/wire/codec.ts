/**
 * Lakala v3 bodies as bytes and back: the request envelope `{version, req_time, req_id,
 * req_data}` (UTF-8 JSON, keys in any order: the official SDK builds it from a HashMap), the
 * answer `{ret_code, ret_msg, resp_time, resp_data}` in the key order of the seed's examples, and
 * the `yyyyMMddHHmmss` Beijing times both carry. Pure: it never re-serialises a request to check
 * a signature (the signer takes the received bytes), validates no field (fields.ts) and decides
 * nothing.
 */
import { formatBeijing, parseBeijing } from '../../core/codec/beijing-time.ts';

export const LAKALA_CONTENT_TYPE = 'application/json;charset=UTF-8';
export const LAKALA_VERSION = '3.0';
export const LAKALA_SUCCESS_CODE = '000000';
export const LAKALA_SUCCESS_MSG = '处理成功';

export interface LakalaRequestEnvelope<D = Record<string, unknown>> {
  version: string;
  req_time: string;
  req_id?: string;
  req_data: D;
}

export interface LakalaResponseEnvelope<D = Record<string, unknown>> {
  ret_code: string;
  ret_msg: string;
  resp_time: string;
  resp_data?: D;
}

export type EnvelopeParse = { ok: true; envelope: Record<string, unknown> } | { ok: false; message: string };

/** the body as a JSON object; what is wrong otherwise (never throws) */
export function parseEnvelope(text: string): EnvelopeParse {
  if (text.trim() === '') return { ok: false, message: '请求报文为空' };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `请求报文不是合法的 JSON: ${(e as Error).message}` };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    return { ok: false, message: '请求报文应为 JSON 对象 {version, req_time, req_id, req_data}' };
  return { ok: true, envelope: v as Record<string, unknown> };
}

/** a request body as a client sends it (the key order given: the seed's example order) */
export function encodeRequest(env: LakalaRequestEnvelope<object>): string {
  return JSON.stringify({
    version: env.version,
    req_time: env.req_time,
    ...(env.req_id !== undefined ? { req_id: env.req_id } : {}),
    req_data: env.req_data,
  });
}

/** an answer body, keys in the seed's order; resp_data only when there is one */
export function encodeResponse(env: LakalaResponseEnvelope<object>): string {
  return JSON.stringify({
    ret_code: env.ret_code,
    ret_msg: env.ret_msg,
    resp_time: env.resp_time,
    ...(env.resp_data !== undefined ? { resp_data: env.resp_data } : {}),
  });
}

/** `yyyyMMddHHmmss`, Beijing time (req_time, resp_time) */
export const formatLakalaTime = (ms: number): string => formatBeijing(ms, 'yyyyMMddHHmmss');
export const parseLakalaTime = (s: string): number | undefined => parseBeijing(s, 'yyyyMMddHHmmss');

/** Unix seconds, as the Authorization and Lklapi-Timestamp carry them */
export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));
