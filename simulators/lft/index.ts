/**
 * The LFT (理房通) protocol-payment channel, assembled: wire, operations and events, state
 * machines, callbacks, credentials, and the QP cashier page. Balances follow state changes here
 * (onTransition): a paid order's money is in transit (onpassageAmount) until it arrives, then
 * available (amount); a failed payout gives its reserved money back.
 */
import type { Channel } from '../core/channel.ts';
import type { Order, OrderStore } from '../core/order-store.ts';
import { lftCallbacks } from './callbacks.ts';
import { registerCashier } from './cashier.ts';
import { lftEvents } from './events.ts';
import { lftOperations } from './operations.ts';
import { createLftRuntime, lftCredentialsFile, type LftCredentials, type LftRuntime } from './runtime.ts';
import { lftMachines } from './states.ts';
import { payinKind, payoutKind, protocolKind, type ProtocolData } from './views.ts';
import { lftWire } from './wire-adapter.ts';
import { lftDescriptor } from './descriptor.ts';

function withProtocol(store: OrderStore, transNo: string, now: number, change: (p: ProtocolData) => void): void {
  const p = store.get(transNo);
  if (!protocolKind.is(p)) return;
  change(p.data);
  p.updatedAt = now;
  store.put(p);
}

function onTransition(
  order: Order,
  from: string,
  to: string,
  { store, now }: { store: OrderStore; now: number },
): void {
  if (order.kind === 'payin') {
    const d = payinKind.data(order);
    if (to === 'SUCCESS' || to === 'FAILURE') d.payFinishedAt = now;
    if (to === 'SUCCESS') withProtocol(store, d.transNo, now, (p) => (p.onpassageFen += d.amountFen));
    if (to === 'ARRIVED') {
      d.arrivedAt = now;
      withProtocol(store, d.transNo, now, (p) => {
        p.onpassageFen -= d.amountFen;
        p.amountFen += d.amountFen;
      });
    }
  }
  if (order.kind === 'payout') {
    const d = payoutKind.data(order);
    if (to === 'SUCCESS' || to === 'FAILURE') d.finishedAt = now;
    // the money was spent when the payout was accepted; a failure gives it back
    if (to === 'FAILURE' && from !== 'FAILURE') {
      withProtocol(store, d.transNo, now, (p) => {
        p.amountFen += d.amountFen;
        p.outFen -= d.amountFen;
      });
    }
  }
}

export const lft: Channel<LftRuntime, LftCredentials> = {
  name: lftDescriptor.name,
  title: lftDescriptor.title,
  defaultPort: lftDescriptor.defaultPort,
  bodyLimit: 64 * 1024,
  machines: lftMachines,
  operations: [...lftOperations, ...lftEvents],
  wire: lftWire,
  callbacks: lftCallbacks,
  credentialsFile: lftCredentialsFile,
  createRuntime: createLftRuntime,
  credentials: (rt) => ({
    appId: rt.primary.appId,
    key: rt.primary.key,
    signature: 'md5(appId&data&timestamp&key), lower-case hex; data is the JSON string exactly as sent',
    apps: [...rt.apps.values()].map((a) => a.appId),
    file: rt.credentialsFile,
    notificationAck: 'SUCCESS',
  }),
  onTransition,
  plugins: [registerCashier],
};
