/**
 * Provider verification: the DSP simulator honours the merchant client's pact
 * (contracts/pacts/dsp-merchant-client-dsp-simulator.json). Pact's verifier replays each
 * interaction against the real simulator on a free port (manual clock at the contract time),
 * after setting up the interaction's provider state through the wire and the admin API
 * (contracts/support/dsp-provider.ts), whose request filter puts the state's real SMS code into
 * the replayed Step 02. Runs after the consumer tests (vitest groupOrder), or alone against the
 * committed pact.
 */
import { DSP_HTTP_CONSUMER, DSP_PROVIDER } from '../support/dsp-fixtures.ts';
import { dspSmsFilter, dspStateHandlers, startDspProvider } from '../support/dsp-provider.ts';
import { pactFile } from '../support/pact-options.ts';
import { verifyProviderPact } from '../support/verify-provider.ts';

await verifyProviderPact({
  title: 'DSP simulator honours the merchant client pact (provider)',
  provider: DSP_PROVIDER,
  pact: pactFile(DSP_HTTP_CONSUMER, DSP_PROVIDER),
  consumerTest: 'contracts/dsp/consumer.pact.test.ts',
  start: startDspProvider,
  stateHandlers: dspStateHandlers,
  resigner: dspSmsFilter,
});
