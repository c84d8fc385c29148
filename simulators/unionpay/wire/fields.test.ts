/**
 * The 查询签约协议号状态 (78/20) request rules of spec 002 as checkContractQuery reports them:
 * fixed values, accessType's conditional fields, formats, and which respCode each kind maps to.
 */
import { describe, expect, it } from 'vitest';
import { isSdkSafeValue } from './codec.ts';
import { UNIONPAY_RESP_CODES, checkContractQuery } from './fields.ts';

const valid: Record<string, string> = {
  version: '5.1.0',
  encoding: 'UTF-8',
  certId: '69629715588',
  signature: 'c2lnbmF0dXJl',
  signMethod: '01',
  txnType: '78',
  txnSubType: '20',
  bizType: '000000',
  channelType: '07',
  accessType: '0',
  merId: '777290058110048',
  orderId: '20240101ORDER01',
  txnTime: '20240101120000',
  contractId: 'C2024000001',
  planId: 'P0001',
};
/** the first problem, as missing (answered 13) or format (answered 10, whatever the rule) */
function check(over: Record<string, string | undefined>) {
  const p = checkContractQuery({ ...valid, ...over });
  return p && { field: p.field, kind: p.problem === 'missing' ? 'missing' : 'format', message: p.message };
}

describe('checkContractQuery', () => {
  it('accepts a well-formed request for each signMethod', () => {
    expect(check({})).toBeUndefined();
    expect(check({ signMethod: '21' })).toBeUndefined();
    expect(check({ signMethod: '11', certId: undefined })).toBeUndefined();
    expect(check({ signMethod: '12', certId: undefined, encoding: 'utf-8' })).toBeUndefined();
  });

  it('reports each missing required field as missing (13)', () => {
    for (const field of Object.keys(valid)) {
      const p = check({ [field]: undefined });
      expect(p, field).toMatchObject({ field, kind: 'missing' });
      expect(p!.message).toContain(`${field} (`);
      expect(check({ [field]: '' }), field).toMatchObject({ field, kind: 'missing' });
    }
  });

  it('does not need certId for the secure-key methods but does for 01 and 21', () => {
    expect(check({ signMethod: '11', certId: undefined })).toBeUndefined();
    expect(check({ signMethod: '21', certId: undefined })).toMatchObject({ field: 'certId', kind: 'missing' });
    expect(check({ certId: '12ab' })).toMatchObject({ field: 'certId', kind: 'format' });
  });

  it('holds the fixed values (format, 10)', () => {
    for (const [field, value] of [
      ['version', '5.0.0'],
      ['encoding', 'GBK'],
      ['bizType', '000301'],
      ['channelType', '08'],
      ['signMethod', '02'],
      ['accessType', '3'],
    ] as const) {
      expect(check({ [field]: value }), field).toMatchObject({ field, kind: 'format' });
    }
    expect(check({ version: '5.0.0' })!.message).toMatch(/应固定为 5\.1\.0/);
  });

  it('requires acqInsCode, merCatCode, merName, merAbbr for accessType 1', () => {
    const acquirer = {
      accessType: '1',
      acqInsCode: '48020000',
      merCatCode: '5411',
      merName: '测试商户',
      merAbbr: '测试',
    };
    expect(check(acquirer)).toBeUndefined();
    for (const field of ['acqInsCode', 'merCatCode', 'merName', 'merAbbr']) {
      const p = check({ ...acquirer, [field]: undefined });
      expect(p, field).toMatchObject({ field, kind: 'missing' });
      expect(p!.message).toMatch(/accessType=1 收单机构接入 时必填/);
    }
    expect(check({ ...acquirer, merCatCode: '54' })).toMatchObject({ field: 'merCatCode', kind: 'format' });
  });

  it('requires subMerId, subMerName, subMerAbbr for accessType 2', () => {
    const platform = { accessType: '2', subMerId: 'SUB001', subMerName: '二级商户', subMerAbbr: '二级' };
    expect(check(platform)).toBeUndefined();
    for (const field of ['subMerId', 'subMerName', 'subMerAbbr']) {
      expect(check({ ...platform, [field]: undefined }), field).toMatchObject({ field, kind: 'missing' });
    }
    // not required for accessType 0, but checked when sent
    expect(check({ subMerName: 'x'.repeat(41) })).toMatchObject({ field: 'subMerName', kind: 'format' });
  });

  it('checks merId, orderId and txnTime formats', () => {
    expect(check({ merId: '77729005811004' })).toMatchObject({ field: 'merId', kind: 'format' });
    expect(check({ orderId: 'abc1234' })).toMatchObject({ field: 'orderId', kind: 'format' });
    expect(check({ orderId: 'a'.repeat(41) })).toMatchObject({ field: 'orderId', kind: 'format' });
    expect(check({ orderId: 'order-0001' })).toMatchObject({ field: 'orderId', kind: 'format' });
    expect(check({ orderId: 'order_0001' })).toMatchObject({ field: 'orderId', kind: 'format' });
    expect(check({ orderId: 'a'.repeat(40) })).toBeUndefined();
    expect(check({ txnTime: '2024-01-01 12:00' })).toMatchObject({ field: 'txnTime', kind: 'format' });
    expect(check({ txnTime: '20240230120000' })).toMatchObject({ field: 'txnTime', kind: 'format' });
    expect(check({ contractId: 'c'.repeat(65) })).toMatchObject({ field: 'contractId', kind: 'format' });
  });

  it('quotes bad values in messages without braces the SDK parser would choke on', () => {
    const p = check({ orderId: 'ab{c[d' });
    expect(p!.message).toContain('ab｛c［d');
    expect(isSdkSafeValue(p!.message)).toBe(true);
  });

  it("checks only the format of txnType/txnSubType: which transactions are offered is routing's (32)", () => {
    expect(check({ txnType: '01', txnSubType: '01' })).toBeUndefined();
    expect(check({ txnType: '7' })).toMatchObject({ field: 'txnType', kind: 'format' });
  });
});

describe('UNIONPAY_RESP_CODES', () => {
  it('covers the published codes and prefixes the detail', () => {
    for (const code of [
      '00',
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
      '10',
      '11',
      '12',
      '13',
      '30',
      '31',
      '32',
      '33',
      '34',
      '35',
      '36',
      '37',
      '38',
      '39',
      '40',
      '43',
      '44',
      '60',
      '79',
      '80',
      '82',
      '98',
      '99',
      'A6',
    ]) {
      expect(UNIONPAY_RESP_CODES, code).toHaveProperty(code);
    }
    // the texts as published, the ones once shortened or missing included
    expect(UNIONPAY_RESP_CODES).toMatchObject({
      '01': '交易失败。详情请咨询95516',
      '43': '无此业务权限，详情请咨询95516',
      '44': '输入号码错误或暂未开通此项业务，详情请咨询95516',
      '80': '交易失败，Token 已过期',
      '82': '需要校验密码',
      '98': '文件不存在',
      A6: '有缺陷的成功',
    });
  });
});
