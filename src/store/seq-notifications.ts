// LISTEN on a channel whose NOTIFY payload is the highest committed seq of a stream
// (lease6_event, config_audit).

import type { SqlDriver } from './types.js';

/**
 * Calls onNewMaxSeq with each notified seq. An empty payload means the listening connection
 * was re-established and notifications may have been lost: read the current highest seq instead.
 */
export function listenForMaxSeq(
  driver: SqlDriver,
  channel: string,
  maxSeq: () => Promise<number>,
  onNewMaxSeq: (seq: number) => void,
): Promise<() => Promise<void>> {
  return driver.listen(channel, (payload) => {
    if (payload === '') {
      maxSeq().then(onNewMaxSeq, () => undefined);
      return;
    }
    const seq = Number(payload);
    if (Number.isSafeInteger(seq)) onNewMaxSeq(seq);
  });
}
