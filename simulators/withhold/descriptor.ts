/**
 * Withhold as the registry knows it without loading the channel (simulators/descriptors.ts): the
 * CLI's help, the config's flags and ports. The channel (index.ts) takes its name, title and port
 * from here; `events` lists its event operations (those without a path), checked against them by
 * test/startup.test.ts.
 */
export const withholdDescriptor = {
  name: 'withhold',
  title: 'Withhold (代扣) gateway',
  defaultPort: 8104,
  events: ['bank-result', 'expire', 'terminate'],
};
