// A lease as lease6-add, lease6-update and lease6-bulk-apply receive it: its JSON schema,
// and the checks Kea's Lease6Parser makes against the running configuration (the subnet
// exists, the address belongs to it, expire/valid-lft agree, a hostname with fqdn flags).

import type { Config, Subnet6 } from '../config/types.js';
import { formatIpv6, parseIpv6, prefixMask } from '../dhcp6/ipv6.js';
import { decodeHexText } from '../dhcp6/hex-text.js';
import { LEASE_STATE, type Lease6, type LeaseState, type LeaseType } from '../store/types.js';
import { subnetById, subnetHoldsAddress, subnetHoldsPrefix, subnetOfAddress, subnetOfPrefix, unknownSubnetText } from './subnet-lookup.js';
import type { JsonSchema } from './types.js';

export const UINT32 = { type: 'integer', minimum: 0, maximum: 4294967295 } as const;

export const LEASE6_PROPERTIES: Record<string, JsonSchema> = {
  'subnet-id': { ...UINT32, description: 'The subnet the lease belongs to; 0 or absent: the subnet holding the address.' },
  'ip-address': { type: 'string', format: 'ipv6', description: 'The address; for IA_PD the first address of the prefix.' },
  type: { type: 'string', enum: ['IA_NA', 'IA_TA', 'IA_PD'], default: 'IA_NA' },
  'prefix-len': { type: 'integer', minimum: 1, maximum: 128, description: 'The delegated prefix length (IA_PD only, required there).' },
  duid: { type: 'string', format: 'hex-bytes', description: "The client's DUID as hex bytes (\"00:03:00:01:aa:bb:cc:dd:ee:01\")." },
  iaid: { ...UINT32, description: "The IAID of the client's IA." },
  'hw-address': { type: 'string', format: 'hex-bytes' },
  'preferred-lft': { ...UINT32, description: "Default: the subnet's preferred-lifetime." },
  'valid-lft': { ...UINT32, description: "Default: the subnet's valid-lifetime." },
  expire: { type: 'integer', description: 'Expiry as unix seconds; the lease\'s cltt is expire - valid-lft. Default: now + valid-lft.' },
  'fqdn-fwd': { type: 'boolean', default: false },
  'fqdn-rev': { type: 'boolean', default: false },
  hostname: { type: 'string', default: '', description: 'Required (non-empty) when fqdn-fwd or fqdn-rev is true. Stored in lower case.' },
  state: { type: ['integer', 'null'], minimum: 0, description: '0 default, 1 declined, 2 expired-reclaimed.' },
  'user-context': { type: 'object' },
  comment: { type: 'string', description: "Stored as user-context's \"comment\"." },
};

const PD_NEEDS_PREFIX_LEN = {
  if: { properties: { type: { const: 'IA_PD' } }, required: ['type'] },
  then: { required: ['prefix-len'] },
};

/** The schema of one lease (lease6-add, lease6-update, lease6-bulk-apply's "leases" items). */
export const LEASE6_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['ip-address', 'duid', 'iaid'],
  properties: LEASE6_PROPERTIES,
  ...PD_NEEDS_PREFIX_LEN,
};

export const LEASE6_UPDATE_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['ip-address', 'duid', 'iaid'],
  properties: {
    ...LEASE6_PROPERTIES,
    'force-create': { type: 'boolean', default: false, description: 'Add the lease when it does not exist.' },
  },
  ...PD_NEEDS_PREFIX_LEN,
};

const HWTYPE_ETHERNET = 1;
/** Kea's HWADDR_SOURCE_UNKNOWN: the operator typed it. */
const HWADDR_SOURCE_UNKNOWN = 0;

export type ParsedLease6 = { lease: Lease6; subnet: Subnet6 } | { error: string };

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The subnet the lease goes in, or Kea's reason why there is none. */
function placeLease(config: Config, args: Record<string, unknown>, type: LeaseType, address: bigint, prefixLen: number): Subnet6 | string {
  const text = formatIpv6(address);
  const id = args['subnet-id'] as number | undefined;
  const prefix = { network: address, length: prefixLen };
  if (id === undefined || id === 0) {
    const found = type === 'IA_PD' ? subnetOfPrefix(config, prefix) : subnetOfAddress(config, address);
    return found ?? `subnet-id not specified and failed to find a subnet for address ${text}`;
  }
  const subnet = subnetById(config, id);
  if (!subnet) return unknownSubnetText(id);
  if (type === 'IA_PD') {
    if (!subnetHoldsPrefix(subnet, prefix)) {
      return `The prefix ${text}/${prefixLen} does not belong to subnet ${subnet.subnet} or any of its pd-pools, subnet-id=${id}`;
    }
  } else if (!subnetHoldsAddress(subnet, address)) {
    return `The address ${text} does not belong to subnet ${subnet.subnet}, subnet-id=${id}`;
  }
  return subnet;
}

function userContextOf(args: Record<string, unknown>): Record<string, unknown> | null | string {
  const ctx = args['user-context'] as Record<string, unknown> | undefined;
  const comment = args.comment as string | undefined;
  if (comment === undefined) return ctx ?? null;
  if (ctx && 'comment' in ctx) return `Duplicated comment entry '${comment}' in user context '${JSON.stringify(ctx)}'`;
  return { ...(ctx ?? {}), comment };
}

/**
 * Builds the lease the arguments describe (already checked against LEASE6_SCHEMA).
 * `now` is unix seconds, the cltt when no `expire` is given.
 */
export function parseLease6(config: Config, args: Record<string, unknown>, now: number): ParsedLease6 {
  const address = parseIpv6(args['ip-address'] as string);
  const text = formatIpv6(address);
  const duid = decodeHexText(args.duid as string) as Buffer;
  const type = (args.type as LeaseType | undefined) ?? 'IA_NA';
  let prefixLen = 128;
  if (type === 'IA_PD') {
    prefixLen = args['prefix-len'] as number;
    if ((address & ~prefixMask(prefixLen)) !== 0n) {
      return { error: `The prefix ${text}/${prefixLen} has bits set after its length: give the prefix's first address` };
    }
  } else if (args['prefix-len'] !== undefined && args['prefix-len'] !== 128) {
    return { error: `'prefix-len' ${String(args['prefix-len'])} is for IA_PD leases only: an ${type} lease is one address (128)` };
  }

  const subnet = placeLease(config, args, type, address, prefixLen);
  if (typeof subnet === 'string') return { error: subnet };

  const validLft = (args['valid-lft'] as number | undefined) ?? subnet.lifetimes.valid;
  const preferredLft = (args['preferred-lft'] as number | undefined) ?? Math.min(subnet.lifetimes.preferred, validLft);
  // RFC 8415 §21.4: a client discards an IA address whose preferred lifetime exceeds the valid one.
  if (preferredLft > validLft) {
    return { error: `'preferred-lft' (${preferredLft}) must not be greater than 'valid-lft' (${validLft}) for address ${text}` };
  }

  let cltt = now;
  if (args.expire !== undefined) {
    const expire = args.expire as number;
    if (expire <= 0) return { error: `expiration time must be positive for address ${text}` };
    if (expire < validLft) return { error: `expiration time must be greater than valid lifetime for address ${text}` };
    cltt = expire - validLft;
  }

  // Kea keeps lease host names in lower case (Lease's constructor).
  const hostname = ((args.hostname as string | undefined) ?? '').toLowerCase();
  const fqdnFwd = (args['fqdn-fwd'] as boolean | undefined) ?? false;
  const fqdnRev = (args['fqdn-rev'] as boolean | undefined) ?? false;
  if ((fqdnFwd || fqdnRev) && hostname === '') {
    return { error: 'No hostname specified and either forward or reverse fqdn was set to true.' };
  }

  const state = (args.state as number | null | undefined) ?? LEASE_STATE.DEFAULT;
  if (state > LEASE_STATE.EXPIRED_RECLAIMED) {
    return { error: `Invalid state value: ${state}, supported values are: 0 (default), 1 (declined) and 2 (expired-reclaimed)` };
  }

  const userContext = userContextOf(args);
  if (typeof userContext === 'string') return { error: userContext };
  if (userContext !== null && !isMap(userContext)) return { error: `Invalid user context '${JSON.stringify(userContext)}' is not a JSON map.` };

  const hwaddr = args['hw-address'] === undefined ? null : (decodeHexText(args['hw-address'] as string) as Buffer);
  return {
    subnet,
    lease: {
      type,
      address: text,
      prefixLen,
      subnetId: subnet.id,
      duid,
      iaid: args.iaid as number,
      preferredLft,
      validLft,
      cltt,
      hwaddr,
      hwtype: hwaddr ? HWTYPE_ETHERNET : null,
      hwaddrSource: hwaddr ? HWADDR_SOURCE_UNKNOWN : null,
      hostname,
      fqdnFwd,
      fqdnRev,
      state: state as LeaseState,
      userContext,
    },
  };
}

/** Kea's words for a lease in success texts: "address 2001:db8:1::1" or "prefix 2001:db8:8000:100::/56". */
export function leaseWhat(lease: Lease6): string {
  return lease.type === 'IA_PD' ? `prefix ${lease.address}/${lease.prefixLen}` : `address ${lease.address}`;
}
