/**
 * The JSON Schema of scenario files, made from the one description the loader checks with
 * (schema.ts, through core/shape.ts): for any channel, or with one channel's names (its
 * operations, states, events). The files shipped in scenarios/ (written by `npm run docs`) and
 * what a running simulator serves at /__admin/scenarios/schema.json are both this.
 */
import type { AnyChannel } from '../simulators/core/channel.ts';
import { jsonSchemaOf } from '../simulators/core/shape.ts';
import { scenarioVocabulary } from './load-scenarios.ts';
import { scenarioShape } from './schema.ts';

const DESCRIPTION =
  'A channel-sim scenario file (scenarios/<channel>/<name>.yaml): what the simulator answers, per operation, step by step. Generated from scenarios/schema.ts by `npm run docs`.';

export function scenarioJsonSchema(channel?: AnyChannel): Record<string, unknown> {
  if (!channel) return jsonSchemaOf(scenarioShape(), { title: 'channel-sim scenario', description: DESCRIPTION });
  return jsonSchemaOf(scenarioShape(scenarioVocabulary(channel)), {
    title: `channel-sim ${channel.name} scenario`,
    description: `${DESCRIPTION} This one knows the operations, states and events of ${channel.title}.`,
  });
}
