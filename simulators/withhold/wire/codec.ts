/**
 * Withhold (代扣) gateway bytes ⇄ fields (seed 003): the UTF-8 JSON request `{ua, args, sign,
 * timestamp?, requestId, method}` whose `args` is the ascending-key JSON of the business fields,
 * AES-encrypted with the merchant's key ("将参数key进行升序排序后转化成 json字符串,然后使用AES加密");
 * the answer `{status, message, response}`; the callback body; pay times. Pure: no I/O, no clock
 * (callers pass epoch ms), no state; parsing returns messages instead of throwing. It never checks
 * business fields (fields.ts) or signs (signer.ts).
 */
import { formatBeijing } from '../../core/codec/beijing-time.ts';
import { aesDecrypt, aesEncrypt, checkAesKey, type AesOptions } from '../../core/crypto/aes.ts';
import type { WithholdCallback, WithholdMethod, WithholdStatus } from './fields.ts';
import { withholdSign } from './signer.ts';
import { sortedJson } from './sorted-json.ts';

/** How a merchant's `args` are encrypted: the seed names no mode; the default is Java's "AES". */
export interface AesSettings {
  mode: 'ecb' | 'cbc';
  /** CBC only: 16 characters, used as their UTF-8 bytes */
  iv?: string;
  output: 'base64' | 'hex';
}

/** `Cipher.getInstance("AES")`: AES/ECB/PKCS5Padding, Base64 ciphertext */
export const DEFAULT_AES: AesSettings = { mode: 'ecb', output: 'base64' };

const optionsOf = (aes: AesSettings): AesOptions => ({ mode: aes.mode, iv: aes.iv, encoding: aes.output });

/** what is wrong with a key and its settings (length 16/24/32 bytes, IV for CBC), or undefined */
export function checkAesSettings(key: string, aes: AesSettings): string | undefined {
  if (aes.mode !== 'ecb' && aes.mode !== 'cbc')
    return `aes.mode must be "ecb" or "cbc", not ${JSON.stringify(aes.mode)}`;
  if (aes.output !== 'base64' && aes.output !== 'hex')
    return `aes.output must be "base64" or "hex", not ${JSON.stringify(aes.output)}`;
  return checkAesKey(key, optionsOf(aes));
}

export type Parsed<K extends string, T> = ({ ok: true } & Record<K, T>) | { ok: false; message: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** a JSON object from text; `subject` names it in messages (请求报文, 响应报文, 回调报文, args) */
export function parseJsonObject(raw: string, subject: string): Parsed<'value', Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { ok: false, message: raw.trim() === '' ? `${subject}为空` : `${subject}不是合法 JSON: ${errorText(e)}` };
  }
  if (!isRecord(value)) return { ok: false, message: `${subject}必须是 JSON 对象, 实际为 ${jsonType(value)}` };
  return { ok: true, value };
}

/** the ascending-key JSON of the args, and that text encrypted */
export function encryptArgs(
  fields: object,
  key: string,
  aes: AesSettings = DEFAULT_AES,
): { json: string; args: string } {
  const json = sortedJson(fields);
  return { json, args: aesEncrypt(json, key, optionsOf(aes)) };
}

/** `args` decrypted to the JSON object it must hold; `text` is the plaintext as decrypted */
export function decryptArgs(
  args: string,
  key: string,
  aes: AesSettings = DEFAULT_AES,
): Parsed<'fields', Record<string, unknown>> & { text?: string } {
  const plain = aesDecrypt(args, key, optionsOf(aes));
  if (!plain.ok) return { ok: false, message: `args (请求参数密文) 无法解密: ${plain.message}` };
  const parsed = parseJsonObject(plain.text, 'args 解密结果');
  return parsed.ok ? { ok: true, fields: parsed.value, text: plain.text } : parsed;
}

export interface WithholdRequestInput {
  ua: string;
  method: WithholdMethod | string;
  requestId: string;
  /** Unix seconds as a string; absent: not sent */
  timestamp?: string;
  /** the business fields: sorted, serialised and encrypted; or `args` to send a ciphertext verbatim */
  fields?: object;
  args?: string;
}

/** a signed request body, keys in the seed's table order: ua, args, sign, timestamp, requestId, method */
export function encodeRequest(input: WithholdRequestInput, key: string, aes: AesSettings = DEFAULT_AES): string {
  const args = input.args ?? encryptArgs(input.fields ?? {}, key, aes).args;
  const sign = withholdSign({ ua: input.ua, method: input.method, args }, key);
  return JSON.stringify({
    ua: input.ua,
    args,
    sign,
    ...(input.timestamp === undefined ? {} : { timestamp: input.timestamp }),
    requestId: input.requestId,
    method: input.method,
  });
}

export interface WithholdAnswer {
  status: WithholdStatus;
  message: string;
  response: Record<string, unknown>;
}

/** the answer body: status, message, response (an object in every answer, `{}` on a refusal) */
export function encodeAnswer(answer: WithholdAnswer): string {
  return JSON.stringify({ status: answer.status, message: answer.message, response: answer.response });
}

/** an answer as a client reads it: status "1" or "-1", a message, an object (or a one-element array) response */
export function parseAnswer(raw: string): Parsed<'answer', WithholdAnswer> {
  const parsed = parseJsonObject(raw, '响应报文');
  if (!parsed.ok) return parsed;
  const { status, message, response } = parsed.value;
  if (status !== '1' && status !== '-1')
    return { ok: false, message: `响应报文 status 应为 "1" 或 "-1", 实际为 ${JSON.stringify(status)}` };
  if (typeof message !== 'string') return { ok: false, message: '响应报文 message 应为字符串' };
  const body = Array.isArray(response) && response.length === 1 ? response[0] : (response ?? {});
  if (!isRecord(body)) return { ok: false, message: `响应报文 response 应为对象, 实际为 ${jsonType(response)}` };
  return { ok: true, answer: { status, message, response: body } };
}

/** the callback body, in the seed's table order with sign where the issue lists it (last) */
export function encodeCallback(cb: WithholdCallback): string {
  return JSON.stringify({
    biz_order_no: cb.biz_order_no,
    pay_order_no: cb.pay_order_no,
    order_type: cb.order_type,
    pay_type: cb.pay_type,
    pay_status: cb.pay_status,
    pay_time: cb.pay_time,
    channel_response: cb.channel_response,
    sign: cb.sign,
  });
}

/** `yyyy-MM-dd HH:mm:ss`, Beijing time (pay_time) */
export function formatPayTime(ms: number): string {
  return formatBeijing(ms, 'yyyy-MM-dd HH:mm:ss');
}

/** Unix seconds as the `timestamp` field is written */
export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}
