/**
 * A raw body on a Pact V4 builder, through the builder's FFI handle (pactffi_with_body). pact-js
 * 16's V4 builders set a body only as JSON (`jsonBody`) or as a binary file with no matchers; a
 * form with per-field rules (UnionPay) or an XML body for Pact's XML matcher (DSP) needs the FFI
 * call. That is pact-js internals: `ffiOf` fails loudly if they change.
 */
import type { PactV4 } from '@pact-foundation/pact';

// pact-js does not export its V4 builder types: take them from the builder callbacks
type Unconfigured = ReturnType<PactV4['addInteraction']>;
export type V4RequestBuilder = Parameters<NonNullable<Parameters<Unconfigured['withRequest']>[2]>>[0];
export type V4ResponseBuilder = Parameters<
  NonNullable<Parameters<ReturnType<Unconfigured['withRequest']>['willRespondWith']>[1]>
>[0];

/** the part of pact-core's ConsumerInteraction the builders hold (not in pact-js's types) */
interface FfiInteraction {
  withRequestBody(body: string, contentType: string): boolean;
  withResponseBody(body: string, contentType: string): boolean;
}

function ffiOf(builder: V4RequestBuilder | V4ResponseBuilder): FfiInteraction {
  const interaction = (builder as unknown as { interaction?: Partial<FfiInteraction> }).interaction;
  if (typeof interaction?.withRequestBody !== 'function' || typeof interaction.withResponseBody !== 'function') {
    throw new Error(
      'pact-ffi-body: pact-js builders no longer expose their FFI interaction; find another way to call pactffi_with_body',
    );
  }
  return interaction as FfiInteraction;
}

/** sets the request body as `contentType` (false: the FFI refused it) */
export function ffiRequestBody(b: V4RequestBuilder, body: string, contentType: string): boolean {
  return ffiOf(b).withRequestBody(body, contentType);
}

/** sets the response body as `contentType` (false: the FFI refused it) */
export function ffiResponseBody(b: V4ResponseBuilder, body: string, contentType: string): boolean {
  return ffiOf(b).withResponseBody(body, contentType);
}
