/**
 * The key=value signing string: expected strings written out by hand from the rules the
 * UnionPay SDKs implement (filterBlank + coverMap2String / createLinkString(sort, no encode)).
 */
import { describe, expect, it } from 'vitest';
import { canonicalString } from './canonical.ts';

describe('canonicalString', () => {
  it('orders keys by code unit: upper case before "_" before lower case, prefixes first', () => {
    expect(canonicalString({ b: '2', a: '1', aa: '3', B: '4', _x: '5', Z: '6' })).toBe('B=4&Z=6&_x=5&a=1&aa=3&b=2');
  });

  it('orders the ACP field names the way the Java SDK TreeMap does', () => {
    const fields = {
      version: '5.1.0',
      txnType: '78',
      txnSubType: '20',
      txnTime: '20240101120000',
      certId: '1',
      accessType: '0',
    };
    expect(canonicalString(fields)).toBe(
      'accessType=0&certId=1&txnSubType=20&txnTime=20240101120000&txnType=78&version=5.1.0',
    );
  });

  it('drops undefined and empty values but keeps "0" and whitespace', () => {
    expect(canonicalString({ a: undefined, b: '', c: '0', d: ' ' })).toBe('c=0&d= ');
  });

  it('never signs the signature field, and honours extra exclusions', () => {
    expect(canonicalString({ signature: 'xyz', a: '1' })).toBe('a=1');
    expect(canonicalString({ signature: 'xyz', a: '1', signPubKeyCert: 'PEM' }, { exclude: ['signPubKeyCert'] })).toBe(
      'a=1',
    );
    expect(canonicalString({ signPubKeyCert: 'PEM', a: '1' })).toBe('a=1&signPubKeyCert=PEM');
  });

  it('joins values verbatim: no URL-encoding of +, =, &, %, spaces, CRLF or UTF-8', () => {
    const value = 'a+b=c&d e%20中文\r\n/';
    expect(canonicalString({ subMerName: value, merId: '1' })).toBe(`merId=1&subMerName=${value}`);
  });

  it('gives the empty string for no fields', () => {
    expect(canonicalString({})).toBe('');
    expect(canonicalString({ signature: 'x', a: '' })).toBe('');
  });

  it('does not depend on insertion order', () => {
    expect(canonicalString({ z: '1', a: '2' })).toBe(canonicalString({ a: '2', z: '1' }));
  });
});
