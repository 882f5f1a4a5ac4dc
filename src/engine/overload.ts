// Load shedding. Datagrams arrive faster than the database can take them only in overload;
// then queueing them all makes every answer late (clients retransmit and give up, and nobody
// is served). Past `limit` packets in flight, new exchanges (SOLICIT, INFORMATION-REQUEST,
// CONFIRM) are dropped so that exchanges already under way (REQUEST, RENEW, …) complete; past
// twice the limit, everything is dropped. Clients retransmit (RFC 8415 §15).
import { MSG, OPT } from '../dhcp6/constants.js';

/** The type of the client message inside any relay chain, read without decoding; -1 if unreadable. */
export function innerMessageType(buf: Buffer): number {
  let start = 0;
  let end = buf.length;
  for (let depth = 0; depth < 33; depth++) {
    if (end - start < 1) return -1;
    const type = buf[start];
    if (type !== MSG.RELAY_FORW) return type;
    let p = start + 34;
    let found = false;
    while (p + 4 <= end) {
      const code = buf.readUInt16BE(p);
      const len = buf.readUInt16BE(p + 2);
      if (code === OPT.RELAY_MSG) {
        start = p + 4;
        end = Math.min(end, start + len);
        found = true;
        break;
      }
      p += 4 + len;
    }
    if (!found) return -1;
  }
  return -1;
}

export function shouldShed(buf: Buffer, inFlight: number, limit: number): boolean {
  if (inFlight < limit) return false;
  if (inFlight >= 2 * limit) return true;
  const t = innerMessageType(buf);
  return t === MSG.SOLICIT || t === MSG.INFORMATION_REQUEST || t === MSG.CONFIRM || t === -1;
}
