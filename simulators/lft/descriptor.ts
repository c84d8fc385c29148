/**
 * LFT as the registry knows it without loading the channel (simulators/descriptors.ts): the
 * CLI's help, the config's flags and ports. The channel (index.ts) takes its name, title and port
 * from here; `events` lists its event operations (those without a path), checked against them by
 * test/startup.test.ts.
 */
export const lftDescriptor = {
  name: 'lft',
  title: 'LFT (理房通) protocol payment',
  defaultPort: 8105,
  events: ['swipe', 'cashier-sms', 'cashier-pay', 'pay', 'cashier-fail', 'arrive', 'settle'],
};
