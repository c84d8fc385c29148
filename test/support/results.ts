/**
 * For tests, contract set-ups and benchmarks that need a call to succeed before they can go on:
 * unwraps a reference client's ChannelResult, failing loudly with the upstream's code and msg
 * when it is a business failure. The clients themselves never throw for a business failure; this
 * is the caller deciding that, here, one is a broken test. It must not be used to assert a failure.
 */
import type { ChannelResult } from '../../clients/http.ts';

export function okData<T>(result: ChannelResult<T, unknown>): T {
  if (!result.ok)
    throw new Error(`expected a successful answer, got ${result.code} ${result.msg}: ${JSON.stringify(result.data)}`);
  return result.data;
}

/** the awaited call's data: `await ok(client.find({ transNo }))` */
export const ok = async <T>(call: Promise<ChannelResult<T, unknown>>): Promise<T> => okData(await call);
