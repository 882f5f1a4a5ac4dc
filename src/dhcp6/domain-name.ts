// Domain names in RFC 1035 §3.1 wire form, uncompressed (RFC 8415 §10), as DHCPv6 options
// carry them. Text form: labels joined by '.', no trailing dot, the root name is ''.
// Decoding accepts only names whose text gives back the same bytes: labels of printable
// ASCII without '.', no compression pointers, at most 255 bytes.

import { Dhcp6EncodeError } from './types.js';

const MAX_NAME = 255;
const MAX_LABEL = 63;

export interface WireName {
  name: string;
  /** offset just after the name */
  next: number;
  /** true when the name ended at `end` without a root label (RFC 4704 partial name) */
  partial: boolean;
}

function isTextByte(c: number): boolean {
  return c > 0x20 && c < 0x7f && c !== 0x2e;
}

/**
 * Reads one name at `off`, not past `end`. With `allowPartial`, a name may stop at `end`
 * without its root label. Returns undefined when the bytes are not an exactly
 * representable name.
 */
export function readDomainName(buf: Buffer, off: number, end: number, allowPartial = false): WireName | undefined {
  const start = off;
  let name = '';
  while (off < end) {
    const len = buf[off];
    if (len === 0) {
      if (off + 1 - start > MAX_NAME) return undefined;
      return { name, next: off + 1, partial: false };
    }
    if (len > MAX_LABEL || off + 1 + len > end) return undefined;
    for (let i = off + 1; i <= off + len; i++) if (!isTextByte(buf[i])) return undefined;
    const label = buf.toString('latin1', off + 1, off + 1 + len);
    name = name === '' ? label : name + '.' + label;
    off += 1 + len;
  }
  if (!allowPartial || off - start > MAX_NAME) return undefined;
  return { name, next: off, partial: true };
}

/** Bytes `name` takes on the wire (valid names only; writeDomainName checks). */
export function domainNameLength(name: string, partial = false): number {
  if (name === '' || name === '.') return partial ? 0 : 1;
  const n = name.endsWith('.') ? name.length - 1 : name.length;
  return partial ? n + 1 : n + 2;
}

/** Writes `name` at `off`; returns the offset after it. Throws Dhcp6EncodeError for a name that is not valid text. */
export function writeDomainName(name: string, buf: Buffer, off: number, partial = false): number {
  if (typeof name !== 'string') throw new Dhcp6EncodeError(`domain name ${String(name)} is not a string`);
  const text = name.endsWith('.') ? name.slice(0, -1) : name;
  const start = off;
  let labelStart = 0;
  if (text !== '') {
    for (let i = 0; i <= text.length; i++) {
      if (i < text.length && text.charCodeAt(i) !== 0x2e) {
        if (!isTextByte(text.charCodeAt(i))) throw new Dhcp6EncodeError(`domain name "${name}" has a character that is not printable ASCII`);
        continue;
      }
      const len = i - labelStart;
      if (len === 0) throw new Dhcp6EncodeError(`domain name "${name}" has an empty label`);
      if (len > MAX_LABEL) throw new Dhcp6EncodeError(`domain name "${name}" has a label longer than 63 bytes`);
      buf[off++] = len;
      buf.write(text.slice(labelStart, i), off, len, 'latin1');
      off += len;
      labelStart = i + 1;
    }
  }
  if (!partial) buf[off++] = 0;
  if (off - start > MAX_NAME) throw new Dhcp6EncodeError(`domain name "${name}" is longer than 255 bytes`);
  return off;
}
