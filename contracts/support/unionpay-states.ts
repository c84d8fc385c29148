/**
 * Provider states → UnionPay simulator setups. Each handler starts from an empty simulator (admin
 * reset, which also forgets the orderIds already served, so the replayed orderIds are never
 * duplicates), then builds its state the way the simulator documents: contracts put in place
 * with POST /__admin/unionpay/contracts (bound to unionpay/as-is, answering the contract as it
 * is), or nothing at all where the contractId's magic prefix (PEND04…) or the default scenario
 * (34 for an unknown contract) decides the answer. Handlers must not reach into the simulator.
 */
import { CONTRACTS, PLAN_ID, UNIONPAY_STATES, type UnionPayStateName } from './unionpay-fixtures.ts';
import type { ContractInit, UnionPayProvider } from './unionpay-provider.ts';

export function unionPayStateHandlers(p: UnionPayProvider): Record<UnionPayStateName, () => Promise<undefined>> {
  /** reset first, so every interaction starts from the same empty simulator */
  const state = (setup: () => Promise<void>) => async (): Promise<undefined> => {
    await p.reset();
    await setup();
    return undefined;
  };
  const contract = (contractId: string, tokenStatus: NonNullable<ContractInit['tokenStatus']>) => () =>
    p.createContract({ contractId, planId: PLAN_ID, merId: p.merId, tokenStatus });

  return {
    [UNIONPAY_STATES.active]: state(contract(CONTRACTS.active, '1')),
    [UNIONPAY_STATES.initialised]: state(contract(CONTRACTS.initialised, '0')),
    [UNIONPAY_STATES.lost]: state(contract(CONTRACTS.lost, '2')),
    [UNIONPAY_STATES.cancelled]: state(contract(CONTRACTS.cancelled, '3')),
    // unionpay/default answers 34 and creates nothing
    [UNIONPAY_STATES.unknown]: state(async () => {}),
    // the magic prefix: the first query creates the contract under unionpay/pending-04 (04, 04, then 00)
    [UNIONPAY_STATES.pending]: state(async () => {}),
  };
}
