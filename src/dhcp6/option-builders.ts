// Small constructors for the options a server writes, so the engine never spells out
// `kind`/`code` pairs by hand. Values are checked when the packet is encoded.

import type {
  AddressListOption, DomainListOption, Dhcp6Option, DuidOption, EmptyOption, IaAddrOption, IaOption, IaPrefixOption,
  StatusCodeOption, UintOption,
} from './types.js';
import type { PdExcludeOption } from './options-extra.js';
import { OPT } from './constants.js';
import { tryParseIpv6, formatIpv6, prefixMask } from './ipv6.js';

export function statusOption(status: number, message = ''): StatusCodeOption {
  return { kind: 'status', code: OPT.STATUS_CODE, status, message };
}

export function clientIdOption(duid: Buffer): DuidOption {
  return { kind: 'duid', code: OPT.CLIENTID, duid };
}

export function serverIdOption(duid: Buffer): DuidOption {
  return { kind: 'duid', code: OPT.SERVERID, duid };
}

export function iaNaOption(iaid: number, t1: number, t2: number, options: Dhcp6Option[] = []): IaOption {
  return { kind: 'ia', code: OPT.IA_NA, iaid, t1, t2, options };
}

export function iaPdOption(iaid: number, t1: number, t2: number, options: Dhcp6Option[] = []): IaOption {
  return { kind: 'ia', code: OPT.IA_PD, iaid, t1, t2, options };
}

export function iaAddrOption(address: string, preferred: number, valid: number, options: Dhcp6Option[] = []): IaAddrOption {
  return { kind: 'iaaddr', code: OPT.IAADDR, address, preferred, valid, options };
}

export function iaPrefixOption(prefix: string, prefixLen: number, preferred: number, valid: number, options: Dhcp6Option[] = []): IaPrefixOption {
  return { kind: 'iaprefix', code: OPT.IAPREFIX, preferred, valid, prefixLen, prefix, options };
}

/** PREFERENCE (8-bit), ELAPSED_TIME (16-bit), INFORMATION_REFRESH_TIME / SOL_MAX_RT / INF_MAX_RT (32-bit). */
export function uintOption(code: number, value: number): UintOption {
  return { kind: 'uint', code, value };
}

/** RAPID_COMMIT, RECONF_ACCEPT. */
export function emptyOption(code: number): EmptyOption {
  return { kind: 'empty', code };
}

export function addressesOption(code: number, addresses: string[]): AddressListOption {
  return { kind: 'addresses', code, addresses };
}

export function domainsOption(code: number, domains: string[]): DomainListOption {
  return { kind: 'domains', code, domains };
}

interface PrefixText {
  prefix: string;
  prefixLen: number;
}

/** Bytes of the RFC 6603 subnet ID: (excluded − delegated − 1)/8 + 1. */
function subnetIdBytes(delegatedLen: number, excludedLen: number): number {
  return ((excludedLen - delegatedLen - 1) >> 3) + 1;
}

/**
 * RFC 6603 §4.2: PD_EXCLUDE for `excluded` inside the `delegated` prefix it is sent with.
 * Throws RangeError unless excluded lies inside delegated and is longer.
 */
export function pdExcludeOption(delegated: PrefixText, excluded: PrefixText): PdExcludeOption {
  const d = tryParseIpv6(delegated.prefix);
  const x = tryParseIpv6(excluded.prefix);
  if (typeof d === 'string' || typeof x === 'string') throw new RangeError('PD_EXCLUDE needs IPv6 prefixes');
  const dl = delegated.prefixLen;
  const xl = excluded.prefixLen;
  if (!(Number.isInteger(dl) && Number.isInteger(xl) && dl >= 0 && xl > dl && xl <= 128)) {
    throw new RangeError(`excluded prefix length ${xl} must be longer than the delegated ${dl} and at most 128`);
  }
  if ((x & prefixMask(dl)) !== (d & prefixMask(dl))) {
    throw new RangeError(`excluded prefix ${excluded.prefix}/${xl} is not inside ${delegated.prefix}/${dl}`);
  }
  const bits = xl - dl;
  const n = subnetIdBytes(dl, xl);
  const subnetBits = (x >> BigInt(128 - xl)) & ((1n << BigInt(bits)) - 1n);
  let v = subnetBits << BigInt(n * 8 - bits);
  const subnetId = Buffer.alloc(n);
  for (let i = n - 1; i >= 0; i--, v >>= 8n) subnetId[i] = Number(v & 0xffn);
  return { kind: 'pd_exclude', code: OPT.PD_EXCLUDE, prefixLen: xl, subnetId };
}

/** The excluded prefix a PD_EXCLUDE names inside `delegated`; undefined when the option does not fit it. */
export function pdExcludedPrefix(delegated: PrefixText, opt: PdExcludeOption): PrefixText | undefined {
  const d = tryParseIpv6(delegated.prefix);
  const dl = delegated.prefixLen;
  const xl = opt.prefixLen;
  if (typeof d === 'string' || !(xl > dl && xl <= 128) || opt.subnetId.length !== subnetIdBytes(dl, xl)) return undefined;
  let v = 0n;
  for (const byte of opt.subnetId) v = (v << 8n) | BigInt(byte);
  const bits = xl - dl;
  const subnetBits = v >> BigInt(opt.subnetId.length * 8 - bits);
  const network = (d & prefixMask(dl)) | (subnetBits << BigInt(128 - xl));
  return { prefix: formatIpv6(network), prefixLen: xl };
}
