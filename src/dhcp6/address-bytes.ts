// IPv6 text ⇄ 16 wire bytes on the packet path, without BigInt or regular expressions.
// Same results as ipv6.ts (a test checks it): the fast parser takes only plain
// hex-and-colon text and hands anything else (embedded IPv4, errors) to tryParseIpv6.

import { tryParseIpv6, ipv6ToBuffer } from './ipv6.js';

const groups = new Uint16Array(8);

/** RFC 5952 text of the 16 bytes at `off` (identical to formatIpv6). */
export function addressTextAt(buf: Uint8Array, off: number): string {
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    const g = (buf[off + 2 * i] << 8) | buf[off + 2 * i + 1];
    groups[i] = g;
    if (g === 0) {
      if (runStart < 0) runStart = i;
      if (i - runStart + 1 > bestLen) {
        bestStart = runStart;
        bestLen = i - runStart + 1;
      }
    } else {
      runStart = -1;
    }
  }
  // IPv4-compatible and IPv4-mapped forms, as inet_ntop (and so Kea and PostgreSQL) print them.
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && groups[5] === 0xffff))) {
    const v4 = `${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
    return bestLen === 6 ? `::${v4}` : `::ffff:${v4}`;
  }
  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += groups[i].toString(16);
  }
  return text;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * Writes the address `text` as 16 bytes at `off`. Returns the reason text (as tryParseIpv6
 * gives it) when `text` is not an IPv6 address, else undefined.
 */
export function writeAddressText(text: string, buf: Buffer, off: number): string | undefined {
  if (typeof text === 'string' && parsePlain(text)) {
    for (let i = 0; i < 8; i++) {
      buf[off + 2 * i] = groups[i] >>> 8;
      buf[off + 2 * i + 1] = groups[i];
    }
    return undefined;
  }
  const v = tryParseIpv6(text);
  if (typeof v === 'string') return v;
  ipv6ToBuffer(v, buf, off);
  return undefined;
}

/** Parses plain hex-and-colon text into `groups`; false for anything else (the slow path decides). */
function parsePlain(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 39) return false;
  let count = 0;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === n) {
      groups.fill(0);
      return true;
    }
  }
  for (;;) {
    let v = 0;
    let digits = 0;
    while (i < n && digits < 5) {
      const d = hexValue(text.charCodeAt(i));
      if (d < 0) break;
      v = (v << 4) | d;
      digits++;
      i++;
    }
    if (digits === 0 || digits > 4 || count === 8) return false;
    groups[count++] = v;
    if (i === n) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < n && text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = count;
      i++;
      if (i === n) break;
    } else if (i === n) {
      return false;
    }
  }
  if (gap < 0) return count === 8;
  const missing = 8 - count;
  if (missing < 1) return false;
  for (let k = count - 1; k >= gap; k--) groups[k + missing] = groups[k];
  for (let k = gap; k < gap + missing; k++) groups[k] = 0;
  return true;
}
