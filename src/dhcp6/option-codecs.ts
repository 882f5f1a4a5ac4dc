// Codecs of the core option shapes declared in types.ts (RFC 8415 §21).

import type {
  AddressListOption, DomainListOption, DuidOption, EmptyOption, IaAddrOption, IaOption, IaPrefixOption,
  IaTaOption, OroOption, RawOption, RelayMsgOption, StatusCodeOption, UintOption,
} from './types.js';
import { Dhcp6EncodeError } from './types.js';
import { readDomainName, domainNameLength, writeDomainName } from './domain-name.js';
import { type OptionCodec, putU8, putU16, putU32, putAddress, putBytes, bytesLength, addressAt } from './option-codec.js';

export const RAW: OptionCodec<RawOption> = {
  kind: 'raw',
  decode: (code, s, start, end) => ({ kind: 'raw', code, data: s.buf.subarray(start, end) }),
  size: (o) => bytesLength(o.data, 'raw option data'),
  write: (o, buf, off) => putBytes(buf, off, o.data, 'raw option data'),
};

/** RFC 8415 §21.2/§21.3: the DUID as sent; its inner structure is read by duid.ts. */
export const DUID: OptionCodec<DuidOption> = {
  kind: 'duid',
  decode: (code, s, start, end) => ({ kind: 'duid', code, duid: s.buf.subarray(start, end) }),
  size: (o) => bytesLength(o.duid, 'DUID'),
  write: (o, buf, off) => putBytes(buf, off, o.duid, 'DUID'),
};

/** RFC 8415 §21.4 IA_NA and §21.21 IA_PD: IAID, T1, T2, then IA options. */
export const IA: OptionCodec<IaOption> = {
  kind: 'ia',
  decode(code, s, start, end) {
    if (end - start < 12) s.fail(`IA option ${code} needs 12 bytes of IAID/T1/T2, has ${end - start}`, start);
    const b = s.buf;
    return { kind: 'ia', code, iaid: b.readUInt32BE(start), t1: b.readUInt32BE(start + 4), t2: b.readUInt32BE(start + 8), options: s.options(start + 12, end) };
  },
  size: (o, e) => 12 + e.optionsSize(o.options),
  write(o, buf, off, e) {
    off = putU32(buf, off, o.iaid, 'IA iaid');
    off = putU32(buf, off, o.t1, 'IA t1');
    off = putU32(buf, off, o.t2, 'IA t2');
    return e.writeOptions(o.options, buf, off);
  },
};

/** RFC 8415 §21.5: IAID, then IA_TA options. */
export const IA_TA: OptionCodec<IaTaOption> = {
  kind: 'ia_ta',
  decode(code, s, start, end) {
    if (end - start < 4) s.fail(`IA_TA needs a 4-byte IAID, has ${end - start} bytes`, start);
    return { kind: 'ia_ta', code, iaid: s.buf.readUInt32BE(start), options: s.options(start + 4, end) };
  },
  size: (o, e) => 4 + e.optionsSize(o.options),
  write: (o, buf, off, e) => e.writeOptions(o.options, buf, putU32(buf, off, o.iaid, 'IA_TA iaid')),
};

/** RFC 8415 §21.6: address, preferred and valid lifetimes, then IAaddr options. */
export const IAADDR: OptionCodec<IaAddrOption> = {
  kind: 'iaaddr',
  decode(code, s, start, end) {
    if (end - start < 24) s.fail(`IAADDR needs 24 bytes, has ${end - start}`, start);
    const b = s.buf;
    return {
      kind: 'iaaddr', code, address: addressAt(b, start), preferred: b.readUInt32BE(start + 16), valid: b.readUInt32BE(start + 20),
      options: s.options(start + 24, end),
    };
  },
  size: (o, e) => 24 + e.optionsSize(o.options),
  write(o, buf, off, e) {
    off = putAddress(buf, off, o.address, 'IAADDR address');
    off = putU32(buf, off, o.preferred, 'IAADDR preferred lifetime');
    off = putU32(buf, off, o.valid, 'IAADDR valid lifetime');
    return e.writeOptions(o.options, buf, off);
  },
};

/** RFC 8415 §21.22: preferred, valid, prefix length, prefix, then IAprefix options. */
export const IAPREFIX: OptionCodec<IaPrefixOption> = {
  kind: 'iaprefix',
  decode(code, s, start, end) {
    if (end - start < 25) s.fail(`IAPREFIX needs 25 bytes, has ${end - start}`, start);
    const b = s.buf;
    return {
      kind: 'iaprefix', code, preferred: b.readUInt32BE(start), valid: b.readUInt32BE(start + 4), prefixLen: b[start + 8],
      prefix: addressAt(b, start + 9), options: s.options(start + 25, end),
    };
  },
  size: (o, e) => 25 + e.optionsSize(o.options),
  write(o, buf, off, e) {
    off = putU32(buf, off, o.preferred, 'IAPREFIX preferred lifetime');
    off = putU32(buf, off, o.valid, 'IAPREFIX valid lifetime');
    off = putU8(buf, off, o.prefixLen, 'IAPREFIX prefix length');
    off = putAddress(buf, off, o.prefix, 'IAPREFIX prefix');
    return e.writeOptions(o.options, buf, off);
  },
};

/** RFC 8415 §21.7 ORO (and RFC 4994 ERO): a list of 16-bit option codes. */
export const ORO: OptionCodec<OroOption> = {
  kind: 'oro',
  decode(code, s, start, end) {
    if ((end - start) % 2 !== 0) return undefined;
    const codes = new Array<number>((end - start) >> 1);
    for (let i = 0, p = start; p < end; i++, p += 2) codes[i] = (s.buf[p] << 8) | s.buf[p + 1];
    return { kind: 'oro', code, codes };
  },
  size: (o) => o.codes.length * 2,
  write(o, buf, off) {
    for (const c of o.codes) off = putU16(buf, off, c, 'ORO option code');
    return off;
  },
};

/** RFC 8415 §21.13: 16-bit status and a UTF-8 message. */
export const STATUS: OptionCodec<StatusCodeOption> = {
  kind: 'status',
  decode(code, s, start, end) {
    if (end - start < 2) return undefined;
    const message = exactUtf8(s.buf, start + 2, end);
    if (message === undefined) return undefined;
    return { kind: 'status', code, status: s.buf.readUInt16BE(start), message };
  },
  size: (o) => 2 + utf8Length(o.message, 'status message'),
  write(o, buf, off) {
    off = putU16(buf, off, o.status, 'status code');
    return off + buf.write(o.message, off, 'utf8');
  },
};

/** RFC 8415 §21.10: the relayed message. Decoded only inside RELAY-FORW/RELAY-REPL. */
export const RELAY_MSG: OptionCodec<RelayMsgOption> = {
  kind: 'relay_msg',
  decode: (code, s, start, end) => ({ kind: 'relay_msg', code, packet: s.packet(start, end) }),
  size: (o, e) => e.packetSize(o.packet),
  write: (o, buf, off, e) => e.writePacket(o.packet, buf, off),
};

/** A fixed-width unsigned integer option; the width comes from the option code. */
export function uintCodec(bytes: 1 | 2 | 4): OptionCodec<UintOption> {
  const put = bytes === 1 ? putU8 : bytes === 2 ? putU16 : putU32;
  return {
    kind: 'uint',
    decode: (code, s, start, end) => (end - start === bytes ? { kind: 'uint', code, value: s.buf.readUIntBE(start, bytes) } : undefined),
    size: () => bytes,
    write: (o, buf, off) => put(buf, off, o.value, `option ${o.code} value`),
  };
}

export const EMPTY: OptionCodec<EmptyOption> = {
  kind: 'empty',
  decode: (code, _s, start, end) => (end === start ? { kind: 'empty', code } : undefined),
  size: () => 0,
  write: (_o, _buf, off) => off,
};

/** Lists of 16-byte IPv6 addresses (RFC 8415 §21.x, RFC 3646 §3, …). */
export const ADDRESSES: OptionCodec<AddressListOption> = {
  kind: 'addresses',
  decode(code, s, start, end) {
    if ((end - start) % 16 !== 0) return undefined;
    const addresses = new Array<string>((end - start) >> 4);
    for (let i = 0, p = start; p < end; i++, p += 16) addresses[i] = addressAt(s.buf, p);
    return { kind: 'addresses', code, addresses };
  },
  size: (o) => o.addresses.length * 16,
  write(o, buf, off) {
    for (const a of o.addresses) off = putAddress(buf, off, a, `option ${o.code} address`);
    return off;
  },
};

/** Lists of fully qualified domain names, uncompressed (RFC 3646 §4, RFC 8415 §10). */
export const DOMAINS: OptionCodec<DomainListOption> = {
  kind: 'domains',
  decode(code, s, start, end) {
    const domains: string[] = [];
    for (let p = start; p < end; ) {
      const n = readDomainName(s.buf, p, end);
      if (!n) return undefined;
      domains.push(n.name);
      p = n.next;
    }
    return { kind: 'domains', code, domains };
  },
  size(o) {
    let n = 0;
    for (const d of o.domains) n += domainNameLength(d);
    return n;
  },
  write(o, buf, off) {
    for (const d of o.domains) off = writeDomainName(d, buf, off);
    return off;
  },
};

/** The text of buf[start, end) when it is UTF-8 that re-encodes to the same bytes. */
export function exactUtf8(buf: Buffer, start: number, end: number): string | undefined {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return buf.toString('latin1', start, end);
  const text = buf.toString('utf8', start, end);
  return Buffer.from(text, 'utf8').equals(buf.subarray(start, end)) ? text : undefined;
}

export function utf8Length(text: string, field: string): number {
  if (typeof text !== 'string') throw new Dhcp6EncodeError(`${field} must be a string`);
  return Buffer.byteLength(text, 'utf8');
}
