/**
 * Behaviour of the generic field validator: one problem per field, precise messages,
 * strings only, empty counts as missing, extra fields ignored, schemas compiled once.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORDING, checkValue, compileSchema, type FieldSchema } from './field-schema.ts';

const schema: FieldSchema = {
  outReqNo: { required: true, maxLength: 8 },
  amount: { required: true, pattern: /^(0|[1-9]\d{0,11})\.\d{2}$/, patternHint: '两位小数的元金额 (如 100.00)' },
  outType: { required: true, enum: ['OUT', 'REFUND'] },
  transDesc: { label: '交易说明', maxLength: 4 },
  code: { pattern: /^\d{3}$/ },
};
const validate = compileSchema(schema);
const valid = { outReqNo: 'A1', amount: '100.00', outType: 'OUT' };

describe('compileSchema', () => {
  it('accepts valid fields and ignores unknown extra fields', () => {
    expect(validate({ ...valid, somethingElse: 42 })).toEqual([]);
  });

  it('reports a missing required field by name', () => {
    const { outReqNo: _omitted, ...rest } = valid;
    expect(validate(rest)).toEqual([{ field: 'outReqNo', problem: 'missing', message: 'outReqNo 不能为空' }]);
  });

  it('treats an empty string and null as missing for required fields', () => {
    expect(validate({ ...valid, outReqNo: '' })[0]?.problem).toBe('missing');
    expect(validate({ ...valid, outReqNo: null })[0]?.problem).toBe('missing');
  });

  it('lets optional fields be absent, null or empty', () => {
    expect(validate({ ...valid, transDesc: '', code: null })).toEqual([]);
  });

  it('reports non-string values as type problems, even for optional fields', () => {
    expect(validate({ ...valid, amount: 100 })).toEqual([
      { field: 'amount', problem: 'type', message: 'amount 类型错误: 应为字符串, 实际为 number' },
    ]);
    expect(validate({ ...valid, code: ['1'] })[0]?.message).toBe('code 类型错误: 应为字符串, 实际为 array');
  });

  it('reports format problems with the pattern hint', () => {
    expect(validate({ ...valid, amount: '12.5' })).toEqual([
      { field: 'amount', problem: 'format', message: 'amount 格式错误: "12.5" 不是两位小数的元金额 (如 100.00)' },
    ]);
  });

  it('falls back to the pattern source when there is no hint', () => {
    expect(validate({ ...valid, code: '12' })[0]?.message).toBe('code 格式错误: "12" 不匹配 /^\\d{3}$/');
  });

  it('reports enum problems listing the allowed values', () => {
    expect(validate({ ...valid, outType: 'X' })[0]?.message).toBe('outType 取值错误: "X", 应为 OUT|REFUND');
  });

  it('counts length in characters and names the label when there is one', () => {
    expect(validate({ ...valid, transDesc: '理房通付' })).toEqual([]);
    expect(validate({ ...valid, transDesc: '理房通付款' })).toEqual([
      { field: 'transDesc', problem: 'too_long', message: 'transDesc (交易说明) 超长: 5 > 4' },
    ]);
  });

  it('reports every bad field, one problem each, in schema order', () => {
    const problems = validate({ amount: '-1.00', outType: 'out', outReqNo: '123456789' });
    expect(problems.map((p) => [p.field, p.problem])).toEqual([
      ['outReqNo', 'too_long'],
      ['amount', 'format'],
      ['outType', 'enum'],
    ]);
  });

  it('cuts very long values in messages', () => {
    const message = validate({ ...valid, code: 'x'.repeat(500) })[0]?.message ?? '';
    expect(message.length).toBeLessThan(120);
    expect(message).toContain('…');
  });

  it('gives the same answer every time, even for a global RegExp', () => {
    const check = compileSchema({ n: { pattern: /^\d+$/g } });
    expect([check({ n: '12' }), check({ n: '12' }), check({ n: '12' })]).toEqual([[], [], []]);
  });

  it('does not find fields on the prototype chain', () => {
    const check = compileSchema({ constructor: { required: true } });
    expect(check({})[0]?.problem).toBe('missing');
  });

  it('never throws on a non-object input', () => {
    expect(validate(null as unknown as Record<string, unknown>).map((p) => p.field)).toEqual([
      'outReqNo',
      'amount',
      'outType',
    ]);
  });
});

describe('compileSchema: fixed values, conditional requirement, own checks and wording', () => {
  const rules: FieldSchema = {
    accessType: { label: '接入类型', required: true, enum: ['0', '1'] },
    bizType: { label: '产品类型', required: true, fixed: '000000' },
    acqInsCode: {
      label: '收单机构代码',
      requiredWhen: { field: 'accessType', in: ['1'], note: 'accessType=1 时必填' },
    },
    txnTime: { pattern: /^\d{14}$/, check: (v) => (v.slice(4, 6) > '12' ? '不是真实的日期' : undefined) },
  };
  const check = compileSchema(rules);

  it('reports a value other than the fixed one', () => {
    expect(check({ accessType: '0', bizType: '000001' })[0]?.message).toBe(
      'bizType (产品类型) 取值错误: "000001", 应固定为 000000',
    );
  });

  it('requires a conditional field only when its condition holds, saying why', () => {
    expect(check({ accessType: '0', bizType: '000000' })).toEqual([]);
    expect(check({ accessType: '1', bizType: '000000' })).toEqual([
      { field: 'acqInsCode', problem: 'missing', message: 'acqInsCode (收单机构代码) 不能为空 (accessType=1 时必填)' },
    ]);
  });

  it("runs a rule's own check after the pattern", () => {
    expect(check({ accessType: '0', bizType: '000000', txnTime: '20261301000000' })[0]?.message).toBe(
      'txnTime 格式错误: "20261301000000" 不是真实的日期',
    );
  });

  it('words problems the way the channel says', () => {
    const worded = compileSchema(rules, { ...DEFAULT_WORDING, missing: (name) => `${name} 未上送` });
    expect(worded({ bizType: '000000' })[0]?.message).toBe('accessType (接入类型) 未上送');
  });

  it('checks one value outside a schema', () => {
    expect(checkValue('accessType', rules.accessType!, '9')?.problem).toBe('enum');
    expect(checkValue('accessType', rules.accessType!, '1')).toBeUndefined();
  });
});
