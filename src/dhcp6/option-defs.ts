// Kea's standard DHCPv6 option definitions (the "dhcp6" space of Kea 2.2, as listed in the
// ARM's table of standard DHCPv6 options) and the encoder that turns an `option-data`
// entry's `data` into option payload bytes, with Kea's csv-format rules.

import { decodeHexText } from './hex-text.js';
import { tryParseIpv6, tryParsePrefix, ipv6ToBuffer } from './ipv6.js';

export interface OptionDef {
  name: string;
  code: number;
  /** Kea's data type: empty, binary, boolean, int8/16/32, uint8/16/32, ipv4-address, ipv6-address, ipv6-prefix, string, tuple, fqdn, record */
  type: string;
  array: boolean;
  /** field types of a `record` */
  recordTypes?: string[];
  /** option space of the sub-options this option carries */
  encapsulate?: string;
}

export class OptionDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionDataError';
  }
}

function def(name: string, code: number, type: string, array = false, recordTypes?: string[], encapsulate?: string): OptionDef {
  const d: OptionDef = { name, code, type, array };
  if (recordTypes) d.recordTypes = recordTypes;
  if (encapsulate) d.encapsulate = encapsulate;
  return d;
}

const IPV6 = 'ipv6-address';

/** Kea 2.2's std_option_defs for the dhcp6 space, in code order. */
export const STANDARD_OPTION_DEFS: readonly OptionDef[] = [
  def('clientid', 1, 'binary'),
  def('serverid', 2, 'binary'),
  def('ia-na', 3, 'record', false, ['uint32', 'uint32', 'uint32'], 'dhcp6'),
  def('ia-ta', 4, 'uint32', false, undefined, 'dhcp6'),
  def('iaaddr', 5, 'record', false, [IPV6, 'uint32', 'uint32']),
  def('oro', 6, 'uint16', true),
  def('preference', 7, 'uint8'),
  def('elapsed-time', 8, 'uint16'),
  def('relay-msg', 9, 'binary'),
  def('auth', 11, 'binary'),
  def('unicast', 12, IPV6),
  def('status-code', 13, 'record', false, ['uint16', 'string']),
  def('rapid-commit', 14, 'empty'),
  def('user-class', 15, 'binary'),
  def('vendor-class', 16, 'record', false, ['uint32', 'binary']),
  // Kea places vendor sub-options in a per-enterprise space ("vendor-<enterprise-id>").
  def('vendor-opts', 17, 'uint32'),
  def('interface-id', 18, 'binary'),
  def('reconf-msg', 19, 'uint8'),
  def('reconf-accept', 20, 'empty'),
  def('sip-server-dns', 21, 'fqdn', true),
  def('sip-server-addr', 22, IPV6, true),
  def('dns-servers', 23, IPV6, true),
  def('domain-search', 24, 'fqdn', true),
  def('ia-pd', 25, 'record', false, ['uint32', 'uint32', 'uint32'], 'dhcp6'),
  def('iaprefix', 26, 'record', false, ['uint32', 'uint32', 'uint8', IPV6]),
  def('nis-servers', 27, IPV6, true),
  def('nisp-servers', 28, IPV6, true),
  def('nis-domain-name', 29, 'fqdn', true),
  def('nisp-domain-name', 30, 'fqdn', true),
  def('sntp-servers', 31, IPV6, true),
  def('information-refresh-time', 32, 'uint32'),
  def('bcmcs-server-dns', 33, 'fqdn', true),
  def('bcmcs-server-addr', 34, IPV6, true),
  def('geoconf-civic', 36, 'record', false, ['uint8', 'uint16', 'binary']),
  def('remote-id', 37, 'record', false, ['uint32', 'binary']),
  def('subscriber-id', 38, 'binary'),
  def('client-fqdn', 39, 'record', false, ['uint8', 'fqdn']),
  def('pana-agent', 40, IPV6, true),
  def('new-posix-timezone', 41, 'string'),
  def('new-tzdb-timezone', 42, 'string'),
  def('ero', 43, 'uint16', true),
  def('lq-query', 44, 'record', false, ['uint8', IPV6], 'dhcp6'),
  def('client-data', 45, 'empty', false, undefined, 'dhcp6'),
  def('clt-time', 46, 'uint32'),
  def('lq-relay-data', 47, 'record', false, [IPV6, 'binary']),
  def('lq-client-link', 48, IPV6, true),
  def('v6-lost', 51, 'fqdn'),
  def('capwap-ac-v6', 52, IPV6, true),
  def('relay-id', 53, 'binary'),
  def('v6-access-domain', 57, 'fqdn'),
  def('sip-ua-cs-list', 58, 'fqdn', true),
  def('bootfile-url', 59, 'string'),
  def('bootfile-param', 60, 'tuple', true),
  def('client-arch-type', 61, 'uint16', true),
  def('nii', 62, 'record', false, ['uint8', 'uint8', 'uint8']),
  def('aftr-name', 64, 'fqdn'),
  def('erp-local-domain-name', 65, 'fqdn'),
  def('rsoo', 66, 'empty', false, undefined, 'rsoo-opts'),
  def('pd-exclude', 67, 'ipv6-prefix'),
  def('rdnss-selection', 74, 'record', true, [IPV6, 'uint8', 'fqdn']),
  def('client-linklayer-addr', 79, 'binary'),
  def('link-address', 80, IPV6),
  def('solmax-rt', 82, 'uint32'),
  def('inf-max-rt', 83, 'uint32'),
  def('dhcpv4-message', 87, 'binary'),
  def('dhcp4o6-server-addr', 88, IPV6, true),
  def('s46-cont-mape', 94, 'empty', false, undefined, 's46-cont-mape-options'),
  def('s46-cont-mapt', 95, 'empty', false, undefined, 's46-cont-mapt-options'),
  def('s46-cont-lw', 96, 'empty', false, undefined, 's46-cont-lw-options'),
  def('v6-captive-portal', 103, 'string'),
  def('relay-source-port', 135, 'uint16'),
  def('ipv6-address-andsf', 143, IPV6, true),
];

/** Spellings people use for a Kea name (RFC 8415 writes SOL_MAX_RT) mapped to Kea's own. */
const ALIASES: Record<string, string> = { 'sol-max-rt': 'solmax-rt', 'infmax-rt': 'inf-max-rt' };

const BY_NAME = new Map<string, OptionDef>(STANDARD_OPTION_DEFS.map((d) => [d.name, d]));
const BY_CODE = new Map<number, OptionDef>(STANDARD_OPTION_DEFS.map((d) => [d.code, d]));
for (const [alias, name] of Object.entries(ALIASES)) BY_NAME.set(alias, BY_NAME.get(name)!);

/** The standard definition for a Kea option name or a code, if Kea has one. */
export function findOptionDef(nameOrCode: string | number): OptionDef | undefined {
  return typeof nameOrCode === 'number' ? BY_CODE.get(nameOrCode) : BY_NAME.get(nameOrCode);
}

/**
 * Encodes Kea option-data `data` into the option payload (no code/length header).
 * csvFormat=false: `data` is hex. csvFormat=true: comma-separated values (a literal comma
 * is written "\,") following the definition's type, array flag and record fields.
 */
export function encodeOptionData(def: OptionDef | undefined, data: string, csvFormat: boolean, code?: number): Buffer {
  const payload = encodePayload(def, data, csvFormat, code);
  if (payload.length > 0xffff) throw new OptionDataError(`option data is ${payload.length} bytes, over the 65535 an option can carry`);
  return payload;
}

/** `code` only names the option in the error when there is no definition. */
function encodePayload(def: OptionDef | undefined, data: string, csvFormat: boolean, code?: number): Buffer {
  if (typeof data !== 'string') throw new OptionDataError('option data must be a string');
  if (!csvFormat) {
    const bytes = decodeHexText(data.trim());
    if (typeof bytes === 'string') throw new OptionDataError(`option data ${bytes}`);
    return bytes;
  }
  if (!def) {
    const which = code === undefined ? 'this option' : `option code ${code}`;
    throw new OptionDataError(`${which} has no definition: use csv-format false with hex data`);
  }
  const values = splitCsv(data);
  const out: number[] = [];
  const label = `option '${def.name}' (code ${def.code})`;
  if (def.type === 'empty') {
    if (values.length > 0) throw new OptionDataError(`${label} carries no data, but data "${data}" was given`);
    return Buffer.alloc(0);
  }
  if (values.length === 0) throw new OptionDataError(`${label} needs a value of type ${describeType(def)}`);
  if (def.type === 'record') {
    const fields = def.recordTypes ?? [];
    if (values.length < fields.length) {
      throw new OptionDataError(`${label} needs ${fields.length} comma-separated values (${fields.join(', ')}), got ${values.length}`);
    }
    if (values.length > fields.length && !def.array) {
      throw new OptionDataError(`${label} takes ${fields.length} values (${fields.join(', ')}), got ${values.length}`);
    }
    // Kea: extra values of an array record repeat the last field's type.
    for (let i = 0; i < values.length; i++) writeValue(out, fields[Math.min(i, fields.length - 1)], values[i]);
  } else {
    if (values.length > 1 && !def.array) {
      throw new OptionDataError(`${label} takes one ${def.type} value, got ${values.length} (write a literal comma as "\\,")`);
    }
    for (const v of values) writeValue(out, def.type, v);
  }
  return Buffer.from(out);
}

function describeType(d: OptionDef): string {
  const t = d.type === 'record' ? `record (${(d.recordTypes ?? []).join(', ')})` : d.type;
  return d.array ? `${t} array` : t;
}

/** Kea's csv split: commas separate, "\," is a literal comma, "\\" a backslash; values are trimmed. */
function splitCsv(data: string): string[] {
  const values: string[] = [];
  let cur = '';
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === '\\' && (data[i + 1] === ',' || data[i + 1] === '\\')) {
      cur += data[++i];
    } else if (c === ',') {
      values.push(cur.trim());
      cur = '';
    } else {
      cur += c;
    }
  }
  if (values.length > 0 || cur.trim() !== '') values.push(cur.trim());
  values.forEach((v, i) => {
    if (v === '') throw new OptionDataError(`value ${i + 1} of "${data}" is empty`);
  });
  return values;
}

const INT_RANGES: Record<string, [number, number, number]> = {
  // [min, max, bytes]
  uint8: [0, 0xff, 1],
  uint16: [0, 0xffff, 2],
  uint32: [0, 0xffffffff, 4],
  int8: [-0x80, 0x7f, 1],
  int16: [-0x8000, 0x7fff, 2],
  int32: [-0x80000000, 0x7fffffff, 4],
};

function writeValue(out: number[], type: string, value: string): void {
  const range = INT_RANGES[type];
  if (range) return writeInt(out, type, range, value);
  switch (type) {
    case 'ipv6-address': {
      const v = tryParseIpv6(value);
      if (typeof v === 'string') throw new OptionDataError(`'${value}' is not a valid IPv6 address`);
      for (const b of ipv6ToBuffer(v)) out.push(b);
      return;
    }
    case 'ipv4-address': {
      // inet_pton rules: no leading zeros (they would read as octal elsewhere).
      const m = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/.exec(value);
      if (!m || m.slice(1).some((p) => Number(p) > 255)) throw new OptionDataError(`'${value}' is not a valid IPv4 address`);
      for (let i = 1; i <= 4; i++) out.push(Number(m[i]));
      return;
    }
    case 'ipv6-prefix': {
      // Kea: prefix length, then only the bytes the length covers.
      const p = tryParsePrefix(value, true);
      if (typeof p === 'string') throw new OptionDataError(`'${value}' is not a valid IPv6 prefix: ${p}`);
      out.push(p.length);
      const bytes = ipv6ToBuffer(p.network);
      for (let i = 0; i < (p.length + 7) >> 3; i++) out.push(bytes[i]);
      return;
    }
    case 'boolean': {
      if (value === 'true' || value === '1') out.push(1);
      else if (value === 'false' || value === '0') out.push(0);
      else throw new OptionDataError(`'${value}' is not a boolean (true, false, 1 or 0)`);
      return;
    }
    case 'string': {
      const b = Buffer.from(value, 'utf8');
      for (const x of b) out.push(x);
      return;
    }
    case 'tuple': {
      // DHCPv6 tuple: 2-byte length then the text (RFC 8415 §21.16 opaque-data layout).
      const b = Buffer.from(value, 'utf8');
      if (b.length > 0xffff) throw new OptionDataError(`tuple '${value.slice(0, 20)}…' is longer than 65535 bytes`);
      out.push(b.length >> 8, b.length & 0xff);
      for (const x of b) out.push(x);
      return;
    }
    case 'fqdn':
      return writeFqdn(out, value);
    case 'binary': {
      const b = decodeHexText(value);
      if (typeof b === 'string') throw new OptionDataError(`binary value ${b}`);
      for (const x of b) out.push(x);
      return;
    }
    default:
      throw new OptionDataError(`data type '${type}' cannot be written in csv-format`);
  }
}

function writeInt(out: number[], type: string, [min, max, bytes]: [number, number, number], value: string): void {
  let n: number;
  if (/^[+-]?\d+$/.test(value)) n = Number(value);
  else if (/^0[xX][0-9a-fA-F]+$/.test(value)) n = parseInt(value.slice(2), 16);
  else throw new OptionDataError(`'${value}' is not a valid ${type} (expected a decimal or 0x-prefixed hex integer)`);
  if (!(n >= min && n <= max)) throw new OptionDataError(`value ${value} is out of range for ${type} (${min}..${max})`);
  const u = n < 0 ? n + 2 ** (bytes * 8) : n;
  for (let i = bytes - 1; i >= 0; i--) out.push(Math.floor(u / 2 ** (i * 8)) & 0xff);
}

/** RFC 1035 §3.1 wire form of a fully qualified name ("example.com" → 7example3com0). */
function writeFqdn(out: number[], value: string): void {
  if (value === '.') {
    out.push(0);
    return;
  }
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.includes('\\')) throw new OptionDataError(`domain name '${value}': escape sequences are not supported`);
  let total = 1;
  for (const label of name.split('.')) {
    const b = Buffer.from(label, 'utf8');
    if (b.length === 0) throw new OptionDataError(`'${value}' is not a valid domain name: empty label`);
    if (b.length > 63) throw new OptionDataError(`'${value}' is not a valid domain name: label '${label}' is longer than 63 bytes`);
    total += b.length + 1;
    out.push(b.length);
    for (const x of b) out.push(x);
  }
  if (total > 255) throw new OptionDataError(`'${value}' is not a valid domain name: longer than 255 bytes`);
  out.push(0);
}
