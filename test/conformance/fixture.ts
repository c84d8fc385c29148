/**
 * What a channel supplies to join the conformance suite (test/conformance.test.ts): how to make
 * valid, random and mutated requests for it, how to tell an answer is in the upstream's own
 * format with a signature that verifies, and a persistence round trip. The suite itself knows no
 * channel; a new channel adds one file beside this and one line in fixtures.ts. The helpers
 * below (seeded junk values and mutations) are shared by every fixture.
 */
import type { AnyChannel } from '../../simulators/core/channel.ts';
import type { Random } from '../../simulators/core/banks/index.ts';

export interface WireCall {
  path: string;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface WireAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: Buffer;
}

export type Send = (call: WireCall) => Promise<WireAnswer>;

export interface Fixture {
  /** one request that must succeed on a fresh simulator (the simulator still works after the fuzz) */
  valid(i: number, now: number): WireCall;
  /** a random or mutated request: broken bytes, wrong types, missing and oversized fields */
  fuzz(r: Random, i: number, now: number): WireCall;
  /** what is wrong with an answer (format, content type, signature), or undefined */
  check(a: WireAnswer): string | undefined;
  /** whether an answer is the upstream's success */
  ok(a: WireAnswer): boolean;
  /** state made through the wire before a restart (returns what `after` needs) */
  before(send: Send, now: number): Promise<unknown>;
  /** checks the state survived the restart; what is wrong, or undefined */
  after(send: Send, made: unknown, now: number): Promise<string | undefined>;
}

export interface ChannelFixture {
  channel: AnyChannel;
  /** where the channel's scenario files are (default: the repository's scenarios/) */
  scenariosDir?: string;
  /** credentials the test instance starts with (absent: the channel generates its own) */
  credentials?: Record<string, unknown>;
  /** a wire path that exists, for HTTP-level errors */
  path: string;
  /** the fixture, given what GET /__admin/credentials answered */
  make(credentials: Record<string, unknown>): Fixture;
}

/** a value of a random JSON type, sometimes huge or odd */
export function junk(r: Random): unknown {
  switch (r.int(0, 9)) {
    case 0:
      return null;
    case 1:
      return r.int(-1e6, 1e6);
    case 2:
      return { nested: r.digits(3) };
    case 3:
      return [r.digits(2)];
    case 4:
      return 'x'.repeat(r.int(0, 5000));
    case 5:
      return '😀中文\u0000\uFFFD';
    case 6:
      return '';
    case 7:
      return true;
    case 8:
      return '%zz&=+{[<>"\'';
    default:
      return r.digits(r.int(1, 20));
  }
}

export function randomText(r: Random): string {
  const n = r.int(0, 200);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.int(0, 0xffff) % 0xd800);
  return s;
}

/** the object with one field removed, replaced by junk, added, or lengthened */
export function mutate(r: Random, obj: Record<string, unknown>): Record<string, unknown> {
  const out = { ...obj };
  const k = r.pick(Object.keys(out));
  switch (r.int(0, 3)) {
    case 0:
      delete out[k];
      break;
    case 1:
      out[k] = junk(r);
      break;
    case 2:
      out[`extra${r.digits(2)}`] = junk(r);
      break;
    default:
      out[k] = String(out[k]) + randomText(r).slice(0, 5);
  }
  return out;
}

export const header = (a: WireAnswer, name: string) => String(a.headers[name] ?? '');
