// Codecs of the shapes in options-extra.ts.

import type {
  ClientFqdnOption, LinkLayerAddrOption, OpaqueOption, PdExcludeOption, RemoteIdOption, UserClassOption,
  VendorClassOption, VendorOptsOption, VendorSubOption,
} from './options-extra.js';
import { readDomainName, domainNameLength, writeDomainName } from './domain-name.js';
import { type OptionCodec, putU8, putU16, putU32, putBytes, bytesLength } from './option-codec.js';

/** Items each prefixed by a 16-bit length, filling buf[start, end) exactly (RFC 8415 §21.15/§21.16). */
function readLengthPrefixed(buf: Buffer, start: number, end: number): Buffer[] | undefined {
  const items: Buffer[] = [];
  let p = start;
  while (p < end) {
    if (end - p < 2) return undefined;
    const len = (buf[p] << 8) | buf[p + 1];
    if (p + 2 + len > end) return undefined;
    items.push(buf.subarray(p + 2, p + 2 + len));
    p += 2 + len;
  }
  return items;
}

function lengthPrefixedSize(items: readonly Uint8Array[], field: string): number {
  let n = 0;
  for (const d of items) n += 2 + bytesLength(d, field);
  return n;
}

function writeLengthPrefixed(items: readonly Uint8Array[], buf: Buffer, off: number, field: string): number {
  for (const d of items) off = putBytes(buf, putU16(buf, off, d.length, `${field} length`), d, field);
  return off;
}

export const USER_CLASS: OptionCodec<UserClassOption> = {
  kind: 'user_class',
  decode(code, s, start, end) {
    const data = readLengthPrefixed(s.buf, start, end);
    return data && { kind: 'user_class', code, data };
  },
  size: (o) => lengthPrefixedSize(o.data, 'user class data'),
  write: (o, buf, off) => writeLengthPrefixed(o.data, buf, off, 'user class data'),
};

export const VENDOR_CLASS: OptionCodec<VendorClassOption> = {
  kind: 'vendor_class',
  decode(code, s, start, end) {
    if (end - start < 4) return undefined;
    const data = readLengthPrefixed(s.buf, start + 4, end);
    return data && { kind: 'vendor_class', code, enterprise: s.buf.readUInt32BE(start), data };
  },
  size: (o) => 4 + lengthPrefixedSize(o.data, 'vendor class data'),
  write: (o, buf, off) => writeLengthPrefixed(o.data, buf, putU32(buf, off, o.enterprise, 'vendor class enterprise'), 'vendor class data'),
};

export const VENDOR_OPTS: OptionCodec<VendorOptsOption> = {
  kind: 'vendor_opts',
  decode(code, s, start, end) {
    if (end - start < 4) return undefined;
    const b = s.buf;
    const options: VendorSubOption[] = [];
    for (let p = start + 4; p < end; ) {
      if (end - p < 4) return undefined;
      const len = (b[p + 2] << 8) | b[p + 3];
      if (p + 4 + len > end) return undefined;
      s.countOption(p);
      options.push({ code: (b[p] << 8) | b[p + 1], data: b.subarray(p + 4, p + 4 + len) });
      p += 4 + len;
    }
    return { kind: 'vendor_opts', code, enterprise: b.readUInt32BE(start), options };
  },
  size(o) {
    let n = 4;
    for (const so of o.options) n += 4 + bytesLength(so.data, 'vendor sub-option data');
    return n;
  },
  write(o, buf, off) {
    off = putU32(buf, off, o.enterprise, 'vendor-opts enterprise');
    for (const so of o.options) {
      off = putU16(buf, off, so.code, 'vendor sub-option code');
      off = putU16(buf, off, so.data.length, 'vendor sub-option length');
      off = putBytes(buf, off, so.data, 'vendor sub-option data');
    }
    return off;
  },
};

/** RFC 4704 §4.2: the name may be partial (no root label) when the client wants the server to complete it. */
export const CLIENT_FQDN: OptionCodec<ClientFqdnOption> = {
  kind: 'client_fqdn',
  decode(code, s, start, end) {
    if (end - start < 1) return undefined;
    const n = readDomainName(s.buf, start + 1, end, true);
    if (!n || n.next !== end) return undefined;
    return { kind: 'client_fqdn', code, flags: s.buf[start], name: n.name, partial: n.partial };
  },
  size: (o) => 1 + domainNameLength(o.name, o.partial),
  write: (o, buf, off) => writeDomainName(o.name, buf, putU8(buf, off, o.flags, 'client-fqdn flags'), o.partial),
};

export const LINKLAYER_ADDR: OptionCodec<LinkLayerAddrOption> = {
  kind: 'linklayer_addr',
  decode: (code, s, start, end) =>
    end - start < 2 ? undefined : { kind: 'linklayer_addr', code, linkType: s.buf.readUInt16BE(start), address: s.buf.subarray(start + 2, end) },
  size: (o) => 2 + bytesLength(o.address, 'link-layer address'),
  write: (o, buf, off) => putBytes(buf, putU16(buf, off, o.linkType, 'link-layer type'), o.address, 'link-layer address'),
};

export const REMOTE_ID: OptionCodec<RemoteIdOption> = {
  kind: 'remote_id',
  decode: (code, s, start, end) =>
    end - start < 4 ? undefined : { kind: 'remote_id', code, enterprise: s.buf.readUInt32BE(start), data: s.buf.subarray(start + 4, end) },
  size: (o) => 4 + bytesLength(o.data, 'remote-id'),
  write: (o, buf, off) => putBytes(buf, putU32(buf, off, o.enterprise, 'remote-id enterprise'), o.data, 'remote-id'),
};

export const OPAQUE: OptionCodec<OpaqueOption> = {
  kind: 'opaque',
  decode: (code, s, start, end) => ({ kind: 'opaque', code, data: s.buf.subarray(start, end) }),
  size: (o) => bytesLength(o.data, `option ${o.code} data`),
  write: (o, buf, off) => putBytes(buf, off, o.data, `option ${o.code} data`),
};

export const PD_EXCLUDE: OptionCodec<PdExcludeOption> = {
  kind: 'pd_exclude',
  decode: (code, s, start, end) =>
    end - start < 2 ? undefined : { kind: 'pd_exclude', code, prefixLen: s.buf[start], subnetId: s.buf.subarray(start + 1, end) },
  size: (o) => 1 + bytesLength(o.subnetId, 'PD_EXCLUDE subnet id'),
  write: (o, buf, off) => putBytes(buf, putU8(buf, off, o.prefixLen, 'PD_EXCLUDE prefix length'), o.subnetId, 'PD_EXCLUDE subnet id'),
};
