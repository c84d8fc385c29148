/**
 * DSP bodies on Pact V4 builders: ATSYH XML as `text/xml; charset=UTF-8`, matched by Pact's XML
 * matcher (elements, their order and text, exactly). pact-js 16's V4 builders set
 * a text body only as JSON, so the XML goes through the builder's FFI handle (pactffi_with_body),
 * like unionpay-pact-bodies.ts does for forms; `ffiOf` fails loudly if pact-js internals change.
 * Only Pact wiring here; the examples come from the callers.
 */
import type { PactV4 } from '@pact-foundation/pact';

type Unconfigured = ReturnType<PactV4['addInteraction']>;
type V4RequestBuilder = Parameters<NonNullable<Parameters<Unconfigured['withRequest']>[2]>>[0];
type V4ResponseBuilder = Parameters<
  NonNullable<Parameters<ReturnType<Unconfigured['withRequest']>['willRespondWith']>[1]>
>[0];

interface FfiInteraction {
  withRequestBody(body: string, contentType: string): boolean;
  withResponseBody(body: string, contentType: string): boolean;
}

function ffiOf(builder: V4RequestBuilder | V4ResponseBuilder): FfiInteraction {
  const interaction = (builder as unknown as { interaction?: Partial<FfiInteraction> }).interaction;
  if (typeof interaction?.withRequestBody !== 'function' || typeof interaction.withResponseBody !== 'function')
    throw new Error('dsp-pact-bodies: pact-js builders no longer expose their FFI interaction');
  return interaction as FfiInteraction;
}

export const DSP_XML_UTF8 = 'text/xml; charset=UTF-8';

export function xmlRequestBody(b: V4RequestBuilder, xml: string): void {
  b.headers({ 'Content-Type': DSP_XML_UTF8 });
  if (!ffiOf(b).withRequestBody(xml, DSP_XML_UTF8))
    throw new Error('dsp-pact-bodies: the XML request body was refused');
}

export function xmlResponseBody(b: V4ResponseBuilder, xml: string): void {
  b.headers({ 'Content-Type': DSP_XML_UTF8 });
  if (!ffiOf(b).withResponseBody(xml, DSP_XML_UTF8))
    throw new Error('dsp-pact-bodies: the XML response body was refused');
}
