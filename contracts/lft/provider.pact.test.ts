/**
 * Provider verification: the LFT simulator honours the merchant client's pact
 * (contracts/pacts/lft-merchant-client-lft-simulator.json). Pact's verifier replays each
 * interaction against the real simulator on a free port, after setting up its provider state
 * through the simulator's public surface (contracts/support/lft-states.ts); a request filter
 * re-signs each request, because injected provider-state values change the signed data. Runs
 * after the consumer tests (vitest groupOrder), or alone against the committed pact.
 */
import { BAD_SIGN, LFT_APP } from '../support/lft-fixtures.ts';
import { startLftProvider } from '../support/lft-provider.ts';
import { lftStateHandlers } from '../support/lft-states.ts';
import { lftResigner } from '../../simulators/pact/lft-resigner.ts';
import { LFT_HTTP_CONSUMER, LFT_PROVIDER, pactFile } from '../support/pact-options.ts';
import { verifyProviderPact } from '../support/verify-provider.ts';

await verifyProviderPact({
  title: 'LFT simulator honours the merchant client pact (provider)',
  provider: LFT_PROVIDER,
  pact: pactFile(LFT_HTTP_CONSUMER),
  consumerTest: 'contracts/lft/consumer.pact.test.ts',
  start: startLftProvider,
  stateHandlers: lftStateHandlers,
  resigner: (p) => lftResigner({ appId: LFT_APP.appId, key: LFT_APP.key, now: p.now, keepSign: BAD_SIGN }),
});
