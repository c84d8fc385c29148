/**
 * How a DeContract request is checked, in two passes over the field tables (wire/fields.ts). The
 * first runs in every mode, before anything else: TransType, CommandCode, Step, ReqSeqID and
 * PayAct or RecAct are there, and no value is longer than the front takes. The second is the
 * table's other rules (required fields, amounts in yuan, yyyyMMdd dates, enums): in lenient mode
 * each problem is a journal warning, so the document's own example request is served; in strict
 * mode (the runtime flag, or a step that carries `SimMode: strict`, the dsp/strict scenario) the
 * first one refuses the request with RespCode -1 naming the field. It changes nothing.
 */
import { compileSchema } from '../core/codec/field-schema.ts';
import { SimError, fieldProblemError } from '../core/errors.ts';
import type { Step } from '../../scenarios/schema.ts';
import { DSP_KNOWN_FIELDS, DSP_VERSION, dspSchema } from './wire/index.ts';

const always = compileSchema(dspSchema('always'));
const table = compileSchema(dspSchema('table'));

/** the marker a scenario step uses to check its request strictly */
export const STRICT_MARKER = { field: 'SimMode', value: 'strict' } as const;

/** every-mode rules; throws the first problem */
export function checkAlways(fields: Record<string, unknown>): void {
  const p = always(fields)[0];
  if (p) throw fieldProblemError(p);
  if (!fields.PayAct && !fields.RecAct)
    throw new SimError('SIM_ERR_FIELD_MISSING', 'PayAct (付方账号) 与 RecAct (收方账号) 不能同时为空', {
      field: 'PayAct',
    });
}

export function isStrict(runtimeStrict: boolean, step: Step): boolean {
  return runtimeStrict || step.reply?.fields?.[STRICT_MARKER.field] === STRICT_MARKER.value;
}

/**
 * The table's rules: in strict mode the first problem is thrown; in lenient mode every problem
 * (and every element the front does not know, and a version other than 5.1.0.0) is a warning.
 */
export function checkTable(fields: Record<string, unknown>, strict: boolean, version?: string): string[] {
  const problems = table(fields);
  if (strict && problems[0]) throw fieldProblemError(problems[0]);
  const warnings = problems.map((p) => `宽松模式: ${p.message} (严格模式下拒绝)`);
  for (const name of Object.keys(fields)) if (!DSP_KNOWN_FIELDS.has(name)) warnings.push(`未知元素 <${name}> (已忽略)`);
  if (version !== DSP_VERSION) warnings.push(`<ATSYH version="${version ?? ''}">: 文档为 version="${DSP_VERSION}"`);
  return warnings;
}
