/**
 * DSP bodies on Pact V4 builders: ATSYH XML as `text/xml; charset=UTF-8`, matched by Pact's XML
 * matcher (elements, their order and text, exactly). pact-js 16's V4 builders set
 * a text body only as JSON, so the XML goes through the builder's FFI handle (pact-ffi-body.ts),
 * as UnionPay's forms do.
 * Only Pact wiring here; the examples come from the callers.
 */
import { ffiRequestBody, ffiResponseBody, type V4RequestBuilder, type V4ResponseBuilder } from './pact-ffi-body.ts';

export const DSP_XML_UTF8 = 'text/xml; charset=UTF-8';

export function xmlRequestBody(b: V4RequestBuilder, xml: string): void {
  b.headers({ 'Content-Type': DSP_XML_UTF8 });
  if (!ffiRequestBody(b, xml, DSP_XML_UTF8)) throw new Error('dsp-pact-bodies: the XML request body was refused');
}

export function xmlResponseBody(b: V4ResponseBuilder, xml: string): void {
  b.headers({ 'Content-Type': DSP_XML_UTF8 });
  if (!ffiResponseBody(b, xml, DSP_XML_UTF8)) throw new Error('dsp-pact-bodies: the XML response body was refused');
}
