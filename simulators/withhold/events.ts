/**
 * What happens to withhold records away from the API, driven by scenarios (`later`), the admin
 * API or the CLI: the bank answers a withhold (its outcome is the scenario's step), a pre-binding
 * nobody confirmed expires, a confirmed protocol is terminated at the bank (解约).
 */
import { outsideEvent, type Operation } from '../core/channel.ts';
import type { WithholdRuntime } from './runtime.ts';

export const withholdEvents: Operation<WithholdRuntime>[] = [
  outsideEvent({
    name: 'bank-result',
    description: 'the bank answers the withhold: success or failure, as the scenario step says',
    kind: 'withhold',
    from: ['initial', 'pending', 'wait_pay'],
    verb: '返回银行结果',
  }),
  outsideEvent({
    name: 'expire',
    description: 'a pre-binding that was never confirmed expires',
    kind: 'binding',
    from: ['pre_bound'],
    to: 'expired',
    verb: '失效',
  }),
  outsideEvent({
    name: 'terminate',
    description: 'the card holder terminates the protocol at the bank (解约): later withholds are refused',
    kind: 'binding',
    from: ['confirmed'],
    to: 'terminated',
    verb: '解约',
  }),
];
