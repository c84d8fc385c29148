/**
 * Provider verification: the withhold simulator honours the merchant client's pact
 * (contracts/pacts/withhold-merchant-client-withhold-simulator.json). Pact's verifier replays each
 * interaction against the real simulator on a free port after building its provider state through
 * the public surface (withhold-states.ts); the request filter decrypts each request's args, puts in
 * the values the state made (unique_code, SMS code, protocol_no), encrypts and signs it again.
 */
import { verifyProviderPact } from '../support/verify-provider.ts';
import { pactFile } from '../support/pact-options.ts';
import {
  BAD_SIGN,
  WITHHOLD_HTTP_CONSUMER,
  WITHHOLD_MERCHANT,
  WITHHOLD_PROVIDER,
} from '../support/withhold-fixtures.ts';
import { startWithholdProvider } from '../support/withhold-provider.ts';
import { withholdResigner } from '../../simulators/pact/withhold-resigner.ts';
import { withholdStateHandlers } from '../support/withhold-states.ts';

await verifyProviderPact({
  title: 'withhold simulator honours the merchant client pact (provider)',
  provider: WITHHOLD_PROVIDER,
  pact: pactFile(WITHHOLD_HTTP_CONSUMER, WITHHOLD_PROVIDER),
  consumerTest: 'contracts/withhold/consumer.pact.test.ts',
  start: startWithholdProvider,
  stateHandlers: withholdStateHandlers,
  resigner: (p) =>
    withholdResigner({
      pactKey: WITHHOLD_MERCHANT.aesKey,
      key: WITHHOLD_MERCHANT.aesKey,
      current: p.current,
      keepSign: BAD_SIGN,
      now: p.now,
    }),
});
