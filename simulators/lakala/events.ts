/**
 * What happens to an agreement away from the query API, driven by the admin API, the CLI or a
 * scenario's `later`: the customer completes verification at the bank (`verify`: a pending sign
 * becomes signed, a pending unsign unsigned), verification fails (`fail`), the agreement is
 * unsigned (`unsign`), or the merchant sends a sign request for an agreement already signed
 * (`repeat-sign`: the next sign query answers 5). Where each goes is states.ts's table; the
 * core refuses an event from any other state.
 */
import { outsideEvent, type Operation, type OperationContext } from '../core/channel.ts';
import type { LakalaRuntime } from './runtime.ts';
import { FAILED, VERIFIED, isAgreementState, type AgreementState } from './states.ts';

type Ctx = OperationContext<LakalaRuntime>;

/** an event whose target depends on the state it starts from */
function byState(table: Partial<Record<AgreementState, AgreementState>>, name: string) {
  return (ctx: Ctx) => {
    const order = ctx.order!;
    const to = isAgreementState(order.state) ? table[order.state] : undefined;
    if (to && !ctx.step.moveTo) ctx.transition(order, to, name);
  };
}

const fromOf = (table: Partial<Record<AgreementState, AgreementState>>) => Object.keys(table) as AgreementState[];

export const lakalaEvents: Operation<LakalaRuntime>[] = [
  outsideEvent({
    name: 'verify',
    description: 'the customer completes verification: a pending sign is signed, a pending unsign unsigned',
    kind: 'agreement',
    from: fromOf(VERIFIED),
    verb: '完成验证',
    execute: byState(VERIFIED, 'verify'),
  }),
  outsideEvent({
    name: 'fail',
    description: 'verification fails or the bank refuses: a pending sign or unsign fails (result_state 3)',
    kind: 'agreement',
    from: fromOf(FAILED),
    verb: '验证失败',
    execute: byState(FAILED, 'fail'),
  }),
  outsideEvent({
    name: 'unsign',
    description: 'the agreement is unsigned (解约) at the bank',
    kind: 'agreement',
    from: ['SIGNED', 'REPEAT_SIGNED', 'UNSIGN_AWAITING', 'UNSIGN_FAILED'],
    to: 'UNSIGNED',
    verb: '解约',
  }),
  outsideEvent({
    name: 'repeat-sign',
    description: 'the merchant sends a sign request for an agreement already signed: a sign query answers 5',
    kind: 'agreement',
    from: ['SIGNED'],
    to: 'REPEAT_SIGNED',
    verb: '重复签约',
  }),
];
