/**
 * What LFT's gateway takes although it is not quite what the spec's examples show, and what the
 * simulator therefore accepts with a journal warning instead of refusing: a notify URL without a
 * scheme (the spec types it only `string`; delivery to it then fails as it would). Runs on the
 * decoded fields before validation, per operation; it never refuses anything (the schemas do).
 */
import type { Fields } from '../core/channel.ts';
import { lftOperationNames, lftOperationPath, type LftOperationName } from './wire/index.ts';

const URL_FIELDS: Partial<Record<LftOperationName, readonly string[]>> = {
  prepay: ['outSuccessNotifyUrl', 'outArrivedNotifyUrl', 'returnUrl'],
  outpay: ['outNotifyUrl'],
};
const byPath = new Map(lftOperationNames.map((op) => [lftOperationPath(op), op]));
const HAS_SCHEME = /^[a-z][a-z\d+.-]*:\/\//i;

/** warnings for what `fields` (of the request on `path`) has that LFT tolerates */
export function toleratedFields(path: string, fields: Fields): string[] {
  const op = byPath.get(path);
  if (!op) return [];
  const warnings: string[] = [];
  for (const name of URL_FIELDS[op] ?? []) {
    const v = fields[name];
    if (typeof v === 'string' && v !== '' && !HAS_SCHEME.test(v))
      warnings.push(
        `${name} ${JSON.stringify(v)} has no scheme (http:// or https://): accepted, but delivery to it fails`,
      );
  }
  return warnings;
}
