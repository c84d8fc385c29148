/**
 * DSP as the registry knows it without loading the channel (simulators/descriptors.ts): the
 * CLI's help, the config's flags and ports. The channel (index.ts) takes its name, title and port
 * from here; `events` lists its event operations (those without a path), checked against them by
 * test/startup.test.ts.
 */
export const dspDescriptor = {
  name: 'dsp',
  title: 'DSP bank-direct front (ATSYH XML)',
  defaultPort: 8102,
  events: ['cancel', 're-sign'],
};
