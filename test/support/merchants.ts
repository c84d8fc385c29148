/**
 * How a correct merchant of each channel treats a callback, for the callback sink: LFT's checks
 * the notification with the reference client's reader (signature, appId) and answers the body
 * SUCCESS, or FAIL to one that does not verify; the withhold merchant's checks the callback sign
 * and answers its configured ack body (default `success`). Built from the credentials the simulator reports
 * (GET /__admin/credentials). A channel without callbacks needs no entry.
 */
import type { Credentials } from '../../clients/admin.ts';
import { LFT_NOTIFICATION_ACK, readLftNotification } from '../../clients/lft.ts';
import { readWithholdCallback } from '../../clients/withhold.ts';
import type { Merchant, SinkAnswer } from './callback-sink.ts';

const text = (body: string): SinkAnswer => ({ status: 200, headers: { 'content-type': 'text/plain' }, body });

function lftMerchant(c: Credentials): Merchant {
  const creds = { appId: String(c.appId), key: String(c.key) };
  return {
    verifies(req) {
      try {
        readLftNotification(req.body, creds);
        return true;
      } catch {
        return false;
      }
    },
    ack: text(LFT_NOTIFICATION_ACK),
    refuse: text('FAIL'),
  };
}

/** withhold: the callback's sign verifies (it has no secret); the ack is the merchant's configured body */
function withholdMerchant(c: Credentials): Merchant {
  const ack = (c.notifyAck ?? {}) as { status?: number; body?: string };
  return {
    verifies(req) {
      try {
        readWithholdCallback(req.body);
        return true;
      } catch {
        return false;
      }
    },
    ack: { ...text(ack.body ?? 'success'), status: ack.status ?? 200 },
    refuse: text('fail'),
  };
}

export const merchants: Record<string, (credentials: Credentials) => Merchant> = {
  lft: lftMerchant,
  withhold: withholdMerchant,
};
