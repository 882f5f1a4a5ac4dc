// IPv6 addresses and prefixes as bigints: parse, format (RFC 5952 canonical text), prefix math.
// Pure and dependency-free: the codec, config, engine and store all use it.

export const IPV6_BITS = 128n;
const MAX = (1n << 128n) - 1n;

export class Ipv6ParseError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`"${input}" is not a valid IPv6 address: ${reason}`);
    this.name = 'Ipv6ParseError';
  }
}

/** Parses textual IPv6 (any valid form, including embedded IPv4). A `%zone` suffix is not accepted. */
export function parseIpv6(text: string): bigint {
  const r = tryParseIpv6(text);
  if (typeof r === 'string') throw new Ipv6ParseError(text, r);
  return r;
}

/** Like parseIpv6, but returns the reason as a string instead of throwing. */
export function tryParseIpv6(text: string): bigint | string {
  if (typeof text !== 'string' || text.length === 0) return 'empty';
  if (text.length > 45) return 'too long';
  let head = text;
  let v4Tail: number[] | null = null;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.indexOf('.', lastColon) > 0) {
    const v4 = text.slice(lastColon + 1).split('.');
    if (v4.length !== 4) return 'bad embedded IPv4';
    v4Tail = [];
    for (const p of v4) {
      // No leading zeros ("01"): Kea and Node reject them, they read as octal elsewhere.
      if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return 'bad embedded IPv4';
      v4Tail.push(Number(p));
    }
    // Replace the dotted quad with two hex groups so the rest is uniform.
    head = text.slice(0, lastColon + 1) + ((v4Tail[0] << 8) | v4Tail[1]).toString(16) + ':' + ((v4Tail[2] << 8) | v4Tail[3]).toString(16);
  }
  const dbl = head.indexOf('::');
  if (dbl !== head.lastIndexOf('::')) return 'more than one "::"';
  let groups: string[];
  if (dbl >= 0) {
    const left = head.slice(0, dbl) === '' ? [] : head.slice(0, dbl).split(':');
    const right = head.slice(dbl + 2) === '' ? [] : head.slice(dbl + 2).split(':');
    const missing = 8 - left.length - right.length;
    if (missing < 1) return 'too many groups';
    groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  } else {
    groups = head.split(':');
    if (groups.length !== 8) return 'expected 8 groups';
  }
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return `bad group "${g}"`;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

export function isIpv6(text: unknown): text is string {
  return typeof text === 'string' && typeof tryParseIpv6(text) === 'bigint';
}

/**
 * RFC 5952 text: lowercase, no leading zeros, longest run (>1) of zero groups as "::".
 * IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses end in dotted
 * form exactly where PostgreSQL's inet output (and Kea's inet_ntop) puts it, so that text
 * read back from the database compares equal to ours.
 */
export function formatIpv6(v: bigint): string {
  if (v < 0n || v > MAX) throw new RangeError(`IPv6 value out of range: ${v}`);
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff))) {
    const v4 = `${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`;
    return bestLen === 6 ? `::${v4}` : `::ffff:${v4}`;
  }
  if (bestStart < 0) return hex.join(':');
  return hex.slice(0, bestStart).join(':') + '::' + hex.slice(bestStart + bestLen).join(':');
}

/** Canonical text of any valid IPv6 text. Throws Ipv6ParseError. */
export function canonicalIpv6(text: string): string {
  return formatIpv6(parseIpv6(text));
}

export function ipv6ToBuffer(v: bigint, out: Buffer = Buffer.alloc(16), offset = 0): Buffer {
  out.writeBigUInt64BE(v >> 64n, offset);
  out.writeBigUInt64BE(v & 0xffffffffffffffffn, offset + 8);
  return out;
}

export function ipv6FromBuffer(buf: Uint8Array, offset = 0): bigint {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return (b.readBigUInt64BE(offset) << 64n) | b.readBigUInt64BE(offset + 8);
}

/** Formats 16 bytes at `offset` as canonical text. */
export function ipv6TextFromBuffer(buf: Uint8Array, offset = 0): string {
  return formatIpv6(ipv6FromBuffer(buf, offset));
}

export interface Ipv6Prefix {
  /** network address (host bits zero) */
  readonly network: bigint;
  readonly length: number;
}

/** Bits of a /len prefix as a mask over 128 bits. */
export function prefixMask(length: number): bigint {
  if (!Number.isInteger(length) || length < 0 || length > 128) throw new RangeError(`prefix length out of range: ${length}`);
  if (length === 0) return 0n;
  return (MAX << (IPV6_BITS - BigInt(length))) & MAX;
}

/**
 * Parses "2001:db8::/64". Host bits must be zero unless `allowHostBits`
 * (then they are cleared). Returns a reason string on failure.
 */
export function tryParsePrefix(text: string, allowHostBits = false): Ipv6Prefix | string {
  if (typeof text !== 'string') return 'not a string';
  const slash = text.indexOf('/');
  if (slash < 0) return 'missing "/length"';
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return `bad prefix length "${lenText}"`;
  const length = Number(lenText);
  if (length > 128) return `prefix length ${length} is over 128`;
  const addr = tryParseIpv6(text.slice(0, slash));
  if (typeof addr === 'string') return addr;
  const network = addr & prefixMask(length);
  if (network !== addr && !allowHostBits) return 'host bits set after the prefix length';
  return { network, length };
}

export function parsePrefix(text: string, allowHostBits = false): Ipv6Prefix {
  const r = tryParsePrefix(text, allowHostBits);
  if (typeof r === 'string') throw new Ipv6ParseError(text, r);
  return r;
}

export function formatPrefix(p: Ipv6Prefix): string {
  return `${formatIpv6(p.network)}/${p.length}`;
}

export function prefixContains(p: Ipv6Prefix, addr: bigint): boolean {
  return (addr & prefixMask(p.length)) === p.network;
}

/** True when `inner` lies wholly inside `outer`. */
export function prefixCovers(outer: Ipv6Prefix, inner: Ipv6Prefix): boolean {
  return inner.length >= outer.length && prefixContains(outer, inner.network);
}

/** Last address of a prefix. */
export function prefixLast(p: Ipv6Prefix): bigint {
  return p.network | (~prefixMask(p.length) & MAX);
}

/** Number of addresses in a prefix (2^(128-len)). */
export function prefixSize(p: Ipv6Prefix): bigint {
  return 1n << (IPV6_BITS - BigInt(p.length));
}
