/**
 * Which channel READMEs carry a generated field reference, and what their marked section should
 * read: the one list scripts/field-reference.ts writes and test/field-reference-readme.test.ts
 * checks, so a README cannot drift from the schemas without a failing test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  renderFieldReference,
  replaceFieldReference,
  type ChannelFieldReference,
} from '../../simulators/core/codec/field-reference.ts';
import { dspFieldReference } from './dsp.ts';
import { lakalaFieldReference } from './lakala.ts';
import { lftFieldReference } from './lft.ts';
import { unionpayFieldReference } from './unionpay.ts';
import { withholdFieldReference } from './withhold.ts';

/** what regenerates every section (package.json `docs`) */
export const FIELD_REFERENCE_COMMAND = 'npm run docs';

const ROOT = join(import.meta.dirname, '..', '..');

export interface ReadmeReference {
  channel: string;
  /** absolute path of the README */
  readme: string;
  reference(command: string): ChannelFieldReference;
  /** wire operations the reference leaves out, each for a reason written beside it */
  omitted?: readonly string[];
}

export const readmeReferences: readonly ReadmeReference[] = [
  { channel: 'lft', readme: join(ROOT, 'simulators/lft/README.md'), reference: lftFieldReference },
  { channel: 'unionpay', readme: join(ROOT, 'simulators/unionpay/README.md'), reference: unionpayFieldReference },
  { channel: 'lakala', readme: join(ROOT, 'simulators/lakala/README.md'), reference: lakalaFieldReference },
  { channel: 'dsp', readme: join(ROOT, 'simulators/dsp/README.md'), reference: dspFieldReference },
  {
    channel: 'withhold',
    readme: join(ROOT, 'simulators/withhold/README.md'),
    reference: withholdFieldReference,
    // the wire's own re-answer of a requestId sent again: no fields of its own (the intro says so)
    omitted: ['identical-retry'],
  },
];

/** the README as it is, and as the command would write it */
export function readmeVersions(r: ReadmeReference): { current: string; expected: string } {
  const current = readFileSync(r.readme, 'utf8');
  return {
    current,
    expected: replaceFieldReference(current, renderFieldReference(r.reference(FIELD_REFERENCE_COMMAND))),
  };
}
