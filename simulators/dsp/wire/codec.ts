/**
 * ATSYH XML ⇄ fields, for requests (`<ATSYH version="5.1.0.0"><TransReq>…`) and answers
 * (`<ATSYH><TransResp>…`), the same shape both ways: common fields under TransReq/TransResp,
 * business fields under TransParam/DetailRecord, flattened into one record of strings. Parsing is
 * safe: at most 64 KiB, a DOCTYPE (and so any entity definition) is refused before the parser
 * sees it, only XML's predefined entities and character references are decoded, nesting is
 * bounded. Element order is free, a BOM, a missing declaration and CRLF line ends are fine; an
 * element given twice is refused. The writer puts the elements in the document's example order,
 * one per line, after a declaration naming the charset. Pure: it never throws; a body it cannot
 * read is `{ ok: false, message }` with whatever could be salvaged for an echo.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { chooseCharset, decodeText, encodeText, type DspCharset } from './charset.ts';
import {
  DSP_REQUEST_COMMON,
  DSP_REQUEST_DETAIL,
  DSP_RESPONSE_COMMON,
  DSP_RESPONSE_DETAIL,
  DSP_VERSION,
  type DspRequestFields,
  type DspResponseFields,
} from './fields.ts';

export const DSP_MAX_BODY_BYTES = 64 * 1024;
/** ATSYH › TransReq › TransParam › DetailRecord › field is 5 deep; a little room, no more */
export const DSP_MAX_DEPTH = 8;

export type Fields = Record<string, string>;
export type AtsyhPart = 'TransReq' | 'TransResp';

export type Parsed =
  | { ok: true; fields: Fields; charset: DspCharset; version?: string; warnings: string[] }
  | {
      ok: false;
      message: string;
      /** the element at fault, when one is */
      field?: string;
      /** the charset the answer should be in (the request's, when it could be told) */
      charset: DspCharset;
      /** what could be read anyway (BankCode, TransType, TransSeqID, ReqSeqID…), for the echo */
      salvaged: Fields;
    };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // predefined entities and character references only: a DOCTYPE never gets this far
  processEntities: true,
  htmlEntities: true,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: DSP_MAX_DEPTH,
  // every element as a list: an element given twice is seen, not silently merged
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const SALVAGE = /<(BankCode|TransType|TransSeqID|ReqSeqID|CommandCode)>\s*([^<]{0,64}?)\s*<\/\1>/g;

/** the echo fields of a body that does not parse, by a forgiving scan */
function salvage(text: string): Fields {
  const out: Fields = {};
  for (const m of text.matchAll(SALVAGE)) if (out[m[1]!] === undefined) out[m[1]!] = m[2]!;
  return out;
}

/** the one child element `name` of a node: undefined when absent, an error text when repeated */
function only(node: Node, name: string): Node | string | undefined {
  const list = node[name];
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length !== 1) return `元素 <${name}> 出现了 ${(list as unknown[]).length} 次`;
  const v = list[0];
  return isNode(v) ? v : `<${name}> 应包含子元素`;
}

/** an element's text: a string, or an element with attributes (ignored) around its text */
function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!isNode(v) || !Object.keys(v).every((k) => k === '#text' || k.startsWith('@'))) return undefined;
  const t = v['#text'];
  return t === undefined ? '' : String(t);
}

/** the text children of a node into `out`; what is wrong, or undefined */
function texts(node: Node, out: Fields, where: string, skip: string): { problem: string; field: string } | undefined {
  for (const [name, list] of Object.entries(node)) {
    if (name === skip || name.startsWith('@') || name === '#text') continue;
    const values = list as unknown[];
    if (values.length !== 1) return { problem: `元素 <${name}> 在 ${where} 中出现了 ${values.length} 次`, field: name };
    const v = textOf(values[0]);
    if (v === undefined) return { problem: `元素 <${name}> 应为文本, 不能包含子元素`, field: name };
    out[name] = v;
  }
  return undefined;
}

function tree(
  text: string,
  part: AtsyhPart,
): { fields: Fields; version?: string } | { message: string; field?: string } {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) return { message: '报文不允许包含 DOCTYPE/ENTITY 声明' };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { message: `XML 格式错误 (第 ${valid.err.line} 行): ${valid.err.msg}` };
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (e) {
    return { message: `XML 无法解析: ${(e as Error).message}` };
  }
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== 'ATSYH')
    return { message: `报文根元素应为 <ATSYH>, 实际为 ${roots.map((r) => `<${r}>`).join(' ') || '(无)'}` };
  const root = only(doc, 'ATSYH');
  if (typeof root !== 'object') return { message: root ?? '缺少 <ATSYH>' };
  const body = only(root, part);
  if (body === undefined) return { message: `<ATSYH> 下缺少 <${part}>` };
  if (typeof body === 'string') return { message: body };
  const fields: Fields = {};
  const common = texts(body, fields, `<${part}>`, 'TransParam');
  if (common) return { message: common.problem, field: common.field };
  const param = only(body, 'TransParam');
  if (typeof param === 'string') return { message: param };
  if (param) {
    const detail = only(param, 'DetailRecord');
    if (typeof detail === 'string') return { message: detail };
    if (detail) {
      const business: Fields = {};
      const bad = texts(detail, business, '<DetailRecord>', '');
      if (bad) return { message: bad.problem, field: bad.field };
      for (const [k, v] of Object.entries(business)) if (fields[k] === undefined) fields[k] = v;
    }
  }
  const version = typeof root['@version'] === 'string' ? root['@version'] : undefined;
  return { fields, ...(version !== undefined ? { version } : {}) };
}

/** bytes of a request (TransReq) or an answer (TransResp) → fields */
export function parseAtsyh(body: Buffer, part: AtsyhPart, contentType?: string): Parsed {
  const choice = chooseCharset(body, contentType);
  const warnings = choice.conflict ? [choice.conflict] : [];
  const answerIn: DspCharset = choice.charset ?? 'UTF-8';
  if (body.length > DSP_MAX_BODY_BYTES)
    return { ok: false, message: `报文超过 ${DSP_MAX_BODY_BYTES} 字节`, charset: answerIn, salvaged: {} };
  if (!choice.charset) {
    const salvaged = salvage(body.toString('latin1').replace(/[^\x20-\x7e]/g, ''));
    return {
      ok: false,
      message: `不支持的字符集 ${choice.label} (支持 UTF-8, GBK, GB18030, GB2312)`,
      charset: 'UTF-8',
      salvaged,
    };
  }
  const text = decodeText(body.subarray(choice.skip), choice.charset);
  if (text === undefined) {
    const salvaged = salvage(body.toString('latin1').replace(/[^\x20-\x7e]/g, ''));
    return { ok: false, message: `报文不是合法的 ${choice.charset} 编码`, charset: answerIn, salvaged };
  }
  const t = tree(text, part);
  if ('message' in t)
    return {
      ok: false,
      message: t.message,
      ...(t.field ? { field: t.field } : {}),
      charset: answerIn,
      salvaged: salvage(text),
    };
  return {
    ok: true,
    fields: t.fields,
    charset: choice.charset,
    ...(t.version ? { version: t.version } : {}),
    warnings,
  };
}

// control characters are exactly what this removes: XML 1.0 cannot hold them, even escaped
const INVALID_XML_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** text as element content: escaped, and without characters XML 1.0 cannot hold */
export function xmlText(v: string): string {
  return v.replace(INVALID_XML_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function elements(fields: Fields, names: readonly string[]): string {
  let out = '';
  for (const n of names) if (fields[n] !== undefined) out += `<${n}>${xmlText(fields[n]!)}</${n}>\n`;
  return out;
}

/** the XML text of an ATSYH message, without declaration: common fields, then DetailRecord */
export function atsyhXml(part: AtsyhPart, common: readonly string[], detail: readonly string[], f: Fields): string {
  const open = part === 'TransReq' ? `<ATSYH version="${DSP_VERSION}">` : '<ATSYH>';
  return `${open}\n<${part}>\n${elements(f, common)}<TransParam>\n<DetailRecord>\n${elements(f, detail)}</DetailRecord>\n</TransParam>\n</${part}>\n</ATSYH>`;
}

/** a whole message as bytes in a charset, declaration included */
export function encodeAtsyh(xml: string, charset: DspCharset): Buffer {
  return encodeText(`<?xml version="1.0" encoding="${charset}"?>\n${xml}`, charset);
}

/** an answer's bytes: the fields in the example's order (3.2) */
export function encodeDspResponse(fields: DspResponseFields, charset: DspCharset): Buffer {
  return encodeAtsyh(atsyhXml('TransResp', DSP_RESPONSE_COMMON, DSP_RESPONSE_DETAIL, fields as Fields), charset);
}

/** a request's bytes (the reference client's): the fields in the example's order (2.3) */
export function encodeDspRequest(fields: DspRequestFields, charset: DspCharset): Buffer {
  return encodeAtsyh(atsyhXml('TransReq', DSP_REQUEST_COMMON, DSP_REQUEST_DETAIL, fields as Fields), charset);
}

/** the content type of a message in a charset */
export function dspContentType(charset: DspCharset): string {
  return `text/xml; charset=${charset}`;
}
