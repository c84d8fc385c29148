/**
 * The channel READMEs' field reference is what `npm run docs` writes from the field schemas: a
 * schema, an example or an answer field changed without regenerating fails here, naming the
 * command. The section also names every operation on the wire and every field of its schema.
 */
import { describe, expect, it } from 'vitest';
import { channels } from '../simulators/channels.ts';
import { FIELD_REFERENCE_COMMAND, readmeReferences, readmeVersions } from '../scripts/field-reference/readmes.ts';

describe.each(readmeReferences.map((r) => [r.channel, r] as const))('%s README field reference', (channel, r) => {
  it('is what the schemas say', () => {
    const { current, expected } = readmeVersions(r);
    expect(
      current === expected,
      `${r.readme}: its field reference differs from the field schemas; run \`${FIELD_REFERENCE_COMMAND}\` and commit the README`,
    ).toBe(true);
  });

  it('has a section for every wire operation, with every request field', () => {
    const { expected } = readmeVersions(r);
    const ref = r.reference(FIELD_REFERENCE_COMMAND);
    const wireOps = channels[channel]!.operations.filter(
      (op) => op.path !== undefined && !(r.omitted ?? []).includes(op.name),
    ).map((op) => op.name);
    expect(ref.operations.map((op) => op.name)).toEqual(wireOps);
    for (const op of ref.operations) {
      expect(expected).toContain(`### \`${op.name}\` — `);
      for (const field of Object.keys(op.fields)) expect(expected).toContain(`| \`${field}\` |`);
    }
  });
});
