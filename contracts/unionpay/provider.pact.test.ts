/**
 * Provider verification: the UnionPay simulator honours the merchant client's pact
 * (contracts/pacts/unionpay-merchant-client-unionpay-simulator.json). Pact's verifier replays each
 * interaction against the real simulator on a free port (manual clock, its own generated PKI),
 * after setting up the interaction's provider state through the admin API
 * (contracts/support/unionpay-states.ts); the re-signing filter re-signs each request with the
 * simulator's merchant credentials and sends it as a form again
 * (simulators/pact/unionpay-resigner.ts). Runs after the consumer tests (vitest
 * groupOrder), or alone against the committed pact.
 */
import { pactFile } from '../support/pact-options.ts';
import { UNIONPAY_HTTP_CONSUMER, UNIONPAY_PROVIDER } from '../support/unionpay-fixtures.ts';
import { startUnionPayProvider } from '../support/unionpay-provider.ts';
import { unionPayResigner } from '../../simulators/pact/unionpay-resigner.ts';
import { unionPayStateHandlers } from '../support/unionpay-states.ts';
import { verifyProviderPact } from '../support/verify-provider.ts';

await verifyProviderPact({
  title: 'UnionPay simulator honours the merchant client pact (provider)',
  provider: UNIONPAY_PROVIDER,
  pact: pactFile(UNIONPAY_HTTP_CONSUMER, UNIONPAY_PROVIDER),
  consumerTest: 'contracts/unionpay/consumer.pact.test.ts',
  start: startUnionPayProvider,
  stateHandlers: unionPayStateHandlers,
  resigner: (p) => unionPayResigner({ path: p.backTransPath, credentials: p.signingCredentials }),
});
