/**
 * Provider verification: the Lakala simulator honours the merchant client's pact
 * (contracts/pacts/lakala-merchant-client-lakala-simulator.json). Pact's verifier replays each
 * interaction against the real simulator on a free port (manual clock, its own generated PKI),
 * after setting up the interaction's provider state through the admin API
 * (contracts/support/lakala-states.ts); the re-signing filter writes a new Authorization signed
 * with the simulator's merchant key over the exact body sent (simulators/pact/lakala-resigner.ts).
 * Runs after the consumer tests (vitest groupOrder), or alone against the committed pact.
 */
import { pactFile } from '../support/pact-options.ts';
import { LAKALA_HTTP_CONSUMER, LAKALA_PROVIDER } from '../support/lakala-fixtures.ts';
import { startLakalaProvider } from '../support/lakala-provider.ts';
import { lakalaResigner } from '../../simulators/pact/lakala-resigner.ts';
import { lakalaStateHandlers } from '../support/lakala-states.ts';
import { verifyProviderPact } from '../support/verify-provider.ts';

await verifyProviderPact({
  title: 'Lakala simulator honours the merchant client pact (provider)',
  provider: LAKALA_PROVIDER,
  pact: pactFile(LAKALA_HTTP_CONSUMER, LAKALA_PROVIDER),
  consumerTest: 'contracts/lakala/consumer.pact.test.ts',
  start: startLakalaProvider,
  stateHandlers: lakalaStateHandlers,
  resigner: (p) =>
    lakalaResigner({ paths: p.paths, appid: p.appid, serialNo: p.serialNo, key: p.merchantKey, now: p.now }),
});
