/**
 * The withhold (代扣) gateway channel, assembled: one URL routed by `method`, AES `args` and MD5
 * `sign`, bindings with SMS codes, single withholds and their query, the result callback, and the
 * merchants' credentials. Limits follow state changes here (onTransition): a failed withhold gives
 * its amount back to its protocol's day.
 */
import type { Channel } from '../core/channel.ts';
import type { Order, OrderStore } from '../core/order-store.ts';
import { withholdCallbacks } from './callbacks.ts';
import { withholdEvents } from './events.ts';
import { withholdOperations } from './operations.ts';
import {
  createWithholdRuntime,
  withholdCredentialsFile,
  type WithholdCredentials,
  type WithholdRuntime,
} from './runtime.ts';
import { withholdMachines } from './states.ts';
import { bindingKind, withholdKind } from './views.ts';
import { withholdWire } from './wire-adapter.ts';
import { withholdDescriptor } from './descriptor.ts';

function onTransition(order: Order, _from: string, to: string, { store, now }: { store: OrderStore; now: number }) {
  if (!withholdKind.is(order)) return;
  const d = order.data;
  if (to === 'success') d.paidAt = now;
  if (to !== 'fail') return;
  const p = store.get(d.binding);
  if (!bindingKind.is(p) || p.data.usedDay !== d.day) return;
  p.data.usedFen = Math.max(0, p.data.usedFen - d.amountFen);
  p.updatedAt = now;
  store.put(p);
}

export const withhold: Channel<WithholdRuntime, WithholdCredentials> = {
  name: withholdDescriptor.name,
  title: withholdDescriptor.title,
  defaultPort: withholdDescriptor.defaultPort,
  bodyLimit: 64 * 1024,
  machines: withholdMachines,
  operations: [...withholdOperations, ...withholdEvents],
  wire: withholdWire,
  callbacks: withholdCallbacks,
  credentialsFile: withholdCredentialsFile,
  createRuntime: createWithholdRuntime,
  credentials: (rt) => ({
    ua: rt.primary.ua,
    aesKey: rt.primary.aesKey,
    payTypes: rt.primary.payTypes,
    aes: rt.primary.aes,
    notifyAck: rt.primary.notifyAck,
    limits: rt.primary.limits,
    url: 'POST any path on this port, JSON {ua, args, sign, timestamp?, requestId, method}',
    args: 'AES of the ascending-key JSON of the business fields (aes.mode, aes.output; key = aesKey as UTF-8)',
    signature: 'md5(ua + aesKey + method + args), lower-case hex; args is the ciphertext exactly as sent',
    callbackSignature: 'md5 of the ascending-key compact JSON of every field but sign (no secret)',
    merchants: [...rt.merchants.keys()],
    file: rt.credentialsFile,
  }),
  onTransition,
  // the answers kept for requestId retries go with the orders they were about
  onReset: (rt) => rt.requests.clear(),
};
