/**
 * UnionPay as the registry knows it without loading the channel (simulators/descriptors.ts): the
 * CLI's help, the config's flags and ports. The channel (index.ts) takes its name, title and port
 * from here; `events` lists its event operations (those without a path), checked against them by
 * test/startup.test.ts.
 */
export const unionpayDescriptor = {
  name: 'unionpay',
  title: 'UnionPay (银联) ACP 5.1.0',
  defaultPort: 8103,
  events: ['activate', 'report-lost', 'cancel', 'expire'],
};
