/**
 * Provider states → Lakala simulator setups. Each handler starts from an empty simulator (admin
 * reset), then builds its state the way the simulator documents: agreements put in place with
 * POST /__admin/lakala/agreements (bound to lakala/default, which answers an agreement as it is),
 * or nothing at all where the protocol_code's magic prefix (PENDQ…, FAILACT…, REPEAT…) or the
 * default merchant configuration decides the answer. Handlers must not reach into the simulator.
 */
import {
  LAKALA_STATES,
  PROTOCOL_CODES,
  SIGN_ACCOUNTS,
  UNSIGN_ACCOUNTS,
  type LakalaStateName,
} from './lakala-fixtures.ts';
import type { LakalaProvider } from './lakala-provider.ts';

export function lakalaStateHandlers(p: LakalaProvider): Record<LakalaStateName, () => Promise<undefined>> {
  const state = (setup: () => Promise<unknown>) => async (): Promise<undefined> => {
    await p.reset();
    await setup();
    return undefined;
  };
  const agreement = (body: object) => () => p.admin('POST', '/lakala/agreements', body);
  const nothing = async () => undefined;
  return {
    [LAKALA_STATES.signed]: state(agreement({ ...SIGN_ACCOUNTS, protocol_code: PROTOCOL_CODES.signed, holder: false })),
    [LAKALA_STATES.unsigned]: state(
      agreement({ ...UNSIGN_ACCOUNTS, protocol_code: PROTOCOL_CODES.unsigned, state: 'UNSIGNED', holder: false }),
    ),
    [LAKALA_STATES.holder]: state(agreement({ ...SIGN_ACCOUNTS, protocol_code: PROTOCOL_CODES.holder, holder: true })),
    [LAKALA_STATES.pending]: state(nothing),
    [LAKALA_STATES.failed]: state(nothing),
    [LAKALA_STATES.repeat]: state(nothing),
    [LAKALA_STATES.empty]: state(nothing),
  };
}
