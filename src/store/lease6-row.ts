// Between Lease6 objects and lease6 rows: the column list every SELECT uses, the row → Lease6
// mapping, and the checks a lease passes before it may join a batch (so one caller's bad input
// never fails the transaction it would share with others).

import { canonicalIpv6, formatIpv6, prefixMask, tryParseIpv6 } from '../dhcp6/ipv6.js';
import { LEASE_STATE, StoreInputError, type Lease6, type LeaseState, type LeaseType } from './types.js';

export const LEASE_TYPE_CODE: Record<LeaseType, number> = { IA_NA: 0, IA_TA: 1, IA_PD: 2 };
export const LEASE_TYPE_OF_CODE: LeaseType[] = ['IA_NA', 'IA_TA', 'IA_PD'];

const UINT32_MAX = 0xffffffff;

export function leaseColumns(alias: string): string {
  const a = alias === '' ? '' : `${alias}.`;
  return `host(${a}address) AS address, ${a}prefix_len, ${a}lease_type, ${a}subnet_id, ${a}duid, ${a}iaid,
    ${a}preferred_lft, ${a}valid_lft, ${a}cltt, ${a}hwaddr, ${a}hwtype, ${a}hwaddr_source, ${a}hostname,
    ${a}fqdn_fwd, ${a}fqdn_rev, ${a}state, ${a}user_context`;
}

export interface LeaseRow {
  address: string;
  prefix_len: number;
  lease_type: number;
  subnet_id: number;
  duid: Buffer;
  iaid: number;
  preferred_lft: number;
  valid_lft: number;
  cltt: number;
  hwaddr: Buffer | null;
  hwtype: number | null;
  hwaddr_source: number | null;
  hostname: string;
  fqdn_fwd: boolean;
  fqdn_rev: boolean;
  state: number;
  user_context: Record<string, unknown> | null;
}

/** PostgreSQL prints IPv4-mapped addresses with a dotted quad; everything else already matches RFC 5952. */
export function storedAddressText(text: string): string {
  return text.includes('.') ? canonicalIpv6(text) : text;
}

export function rowToLease(row: LeaseRow): Lease6 {
  return {
    type: LEASE_TYPE_OF_CODE[row.lease_type],
    address: storedAddressText(row.address),
    prefixLen: row.prefix_len,
    subnetId: row.subnet_id,
    duid: row.duid,
    iaid: row.iaid,
    preferredLft: row.preferred_lft,
    validLft: row.valid_lft,
    cltt: row.cltt,
    hwaddr: row.hwaddr,
    hwtype: row.hwtype,
    hwaddrSource: row.hwaddr_source,
    hostname: row.hostname,
    fqdnFwd: row.fqdn_fwd,
    fqdnRev: row.fqdn_rev,
    state: row.state as LeaseState,
    userContext: row.user_context,
  };
}

function isUint(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
}

/** Canonical text of an address given by a caller; throws StoreInputError naming `field`. */
export function checkedAddress(text: unknown, field: string): string {
  if (typeof text !== 'string') throw new StoreInputError(field, 'must be an IPv6 address text');
  const v = tryParseIpv6(text);
  if (typeof v === 'string') throw new StoreInputError(field, `"${text}" is not an IPv6 address: ${v}`);
  return formatIpv6(v);
}

/** Validates a lease and returns it with its address in canonical text. */
export function checkedLease(lease: Lease6, path: string): Lease6 {
  if (lease === null || typeof lease !== 'object') throw new StoreInputError(path, 'must be a lease object');
  if (!Object.hasOwn(LEASE_TYPE_CODE, lease.type)) throw new StoreInputError(`${path}.type`, `unknown lease type ${String(lease.type)}`);
  if (!isUint(lease.prefixLen, 128) || lease.prefixLen < 1) {
    throw new StoreInputError(`${path}.prefixLen`, 'must be an integer from 1 to 128');
  }
  if (lease.type !== 'IA_PD' && lease.prefixLen !== 128) {
    throw new StoreInputError(`${path}.prefixLen`, `must be 128 for ${lease.type}`);
  }
  const address = checkedAddress(lease.address, `${path}.address`);
  if (lease.type === 'IA_PD' && ((tryParseIpv6(address) as bigint) & ~prefixMask(lease.prefixLen)) !== 0n) {
    throw new StoreInputError(`${path}.address`, `${address} is not the first address of a /${lease.prefixLen} prefix`);
  }
  if (!isUint(lease.subnetId, UINT32_MAX)) throw new StoreInputError(`${path}.subnetId`, 'must be an integer from 0 to 4294967295');
  if (!(lease.duid instanceof Uint8Array)) throw new StoreInputError(`${path}.duid`, 'must be a Buffer');
  if (!isUint(lease.iaid, UINT32_MAX)) throw new StoreInputError(`${path}.iaid`, 'must be an integer from 0 to 4294967295');
  if (!isUint(lease.preferredLft, UINT32_MAX)) throw new StoreInputError(`${path}.preferredLft`, 'must be an integer from 0 to 4294967295');
  if (!isUint(lease.validLft, UINT32_MAX)) throw new StoreInputError(`${path}.validLft`, 'must be an integer from 0 to 4294967295');
  if (!isUint(lease.cltt, Number.MAX_SAFE_INTEGER)) throw new StoreInputError(`${path}.cltt`, 'must be unix seconds (a non-negative integer)');
  if (lease.hwaddr !== null && !(lease.hwaddr instanceof Uint8Array)) throw new StoreInputError(`${path}.hwaddr`, 'must be a Buffer or null');
  if (lease.hwtype !== null && !isUint(lease.hwtype, 0xffff)) throw new StoreInputError(`${path}.hwtype`, 'must be an integer from 0 to 65535 or null');
  if (lease.hwaddrSource !== null && !isUint(lease.hwaddrSource, UINT32_MAX)) {
    throw new StoreInputError(`${path}.hwaddrSource`, 'must be a non-negative integer or null');
  }
  if (typeof lease.hostname !== 'string' || lease.hostname.includes('\0')) {
    throw new StoreInputError(`${path}.hostname`, 'must be a string without NUL characters');
  }
  if (typeof lease.fqdnFwd !== 'boolean') throw new StoreInputError(`${path}.fqdnFwd`, 'must be a boolean');
  if (typeof lease.fqdnRev !== 'boolean') throw new StoreInputError(`${path}.fqdnRev`, 'must be a boolean');
  if (!Object.values(LEASE_STATE).includes(lease.state)) throw new StoreInputError(`${path}.state`, 'must be 0, 1 or 2');
  if (lease.userContext !== null && (typeof lease.userContext !== 'object' || Array.isArray(lease.userContext))) {
    throw new StoreInputError(`${path}.userContext`, 'must be an object or null');
  }
  return address === lease.address ? lease : { ...lease, address };
}

/** The lease as one element of the JSON array the batch statements read with json_to_recordset. */
export function leaseRecord(lease: Lease6, i: number): Record<string, unknown> {
  return {
    i,
    address: lease.address,
    prefix_len: lease.prefixLen,
    lease_type: LEASE_TYPE_CODE[lease.type],
    subnet_id: lease.subnetId,
    duid: Buffer.from(lease.duid.buffer, lease.duid.byteOffset, lease.duid.byteLength).toString('hex'),
    iaid: lease.iaid,
    preferred_lft: lease.preferredLft,
    valid_lft: lease.validLft,
    cltt: lease.cltt,
    hwaddr: lease.hwaddr ? Buffer.from(lease.hwaddr.buffer, lease.hwaddr.byteOffset, lease.hwaddr.byteLength).toString('hex') : null,
    hwtype: lease.hwtype,
    hwaddr_source: lease.hwaddrSource,
    hostname: lease.hostname,
    fqdn_fwd: lease.fqdnFwd,
    fqdn_rev: lease.fqdnRev,
    state: lease.state,
    user_context: lease.userContext,
  };
}

/** The json_to_recordset column definition matching leaseRecord(). */
export const LEASE_RECORD_COLUMNS = `i int, address inet, prefix_len smallint, lease_type smallint, subnet_id bigint,
  duid text, iaid bigint, preferred_lft bigint, valid_lft bigint, cltt bigint, hwaddr text, hwtype smallint,
  hwaddr_source integer, hostname text, fqdn_fwd boolean, fqdn_rev boolean, state smallint, user_context jsonb`;
