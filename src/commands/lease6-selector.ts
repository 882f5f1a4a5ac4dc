// Which lease lease6-get / lease6-del / lease6-bulk-apply's "deleted-leases" mean: by
// address (and type), or by subnet-id + DUID + IAID (+ type). Kea: LeaseCmdsImpl::getParameters.

import { canonicalIpv6 } from '../dhcp6/ipv6.js';
import { colonHex, decodeHexText } from '../dhcp6/hex-text.js';
import type { Lease6, LeaseStore, LeaseType } from '../store/types.js';
import { UINT32 } from './lease6-parser.js';
import type { JsonSchema } from './types.js';

export type Lease6Selector =
  | { by: 'address'; address: string; type: LeaseType }
  | { by: 'duid'; subnetId: number; duid: Buffer; iaid: number; type: LeaseType };

// Kea also accepts the lease type's number as text.
const TYPE_NAMES: Record<string, LeaseType> = { IA_NA: 'IA_NA', IA_TA: 'IA_TA', IA_PD: 'IA_PD', '0': 'IA_NA', '1': 'IA_TA', '2': 'IA_PD' };

export const LEASE6_SELECTOR_SCHEMA: JsonSchema = {
  type: 'object',
  description: "Either 'ip-address' (with 'type' for a prefix), or 'subnet-id' + 'identifier-type' + 'identifier' + 'iaid' (+ 'type').",
  properties: {
    'ip-address': { type: 'string', format: 'ipv6' },
    type: { type: 'string', enum: ['IA_NA', 'IA_TA', 'IA_PD', '0', '1', '2'], default: 'IA_NA', description: 'Kea also takes the type number as text.' },
    'subnet-id': UINT32,
    'identifier-type': { type: 'string', description: 'Only "duid" identifies a DHCPv6 lease.' },
    identifier: { type: 'string' },
    iaid: { ...UINT32, default: 0 },
  },
};

/** Kea's text when the arguments of lease6-get / lease6-del are absent or not a map. */
export const PARAMETERS_NOT_A_MAP = 'Parameters missing or are not a map.';

/** `verb`: "Query" (lease6-get) or "Delete" (lease6-del), as Kea words the refusal of v4 identifiers. */
export function parseLease6Selector(args: Record<string, unknown>, verb: 'Query' | 'Delete'): Lease6Selector | string {
  const type = TYPE_NAMES[(args.type as string | undefined) ?? 'IA_NA'];
  if (args['ip-address'] !== undefined) return { by: 'address', address: canonicalIpv6(args['ip-address'] as string), type };
  if (args['subnet-id'] === undefined) return "Mandatory 'subnet-id' parameter missing.";
  const idType = args['identifier-type'];
  const ident = args.identifier;
  if (typeof idType !== 'string') return "No 'ip-address' provided and 'identifier-type' is either missing or not a string.";
  if (typeof ident !== 'string') return "No 'ip-address' provided and 'identifier' is either missing or not a string.";
  switch (idType) {
    case 'duid': {
      const duid = decodeHexText(ident);
      if (typeof duid === 'string') return duid;
      if (duid.length === 0) return 'Empty DUIDs are not allowed';
      return { by: 'duid', subnetId: args['subnet-id'] as number, duid, iaid: (args.iaid as number | undefined) ?? 0, type };
    }
    case 'hw-address':
      return `${verb} by hw-address is not allowed in v6.`;
    case 'client-id':
      return `${verb} by client-id is not allowed in v6.`;
    case 'address':
      return "No 'ip-address' provided: identifier-type 'address' needs the address in 'ip-address'.";
    default:
      return `Incorrect identifier type: ${idType}, the only supported values are: address, hw-address, duid`;
  }
}

/** The one lease a selector names; a string when the DUID/IAID query matches several (Kea refuses those). */
export async function findLease6(leases: LeaseStore, sel: Lease6Selector): Promise<Lease6 | null | string> {
  if (sel.by === 'address') return leases.get(sel.address, sel.type);
  const found = await leases.getByClient(sel.duid, sel.iaid, sel.type, sel.subnetId);
  if (found.length > 1) {
    return `More than one lease found for type ${sel.type}, duid ${colonHex(sel.duid)}, iaid ${sel.iaid} and subnet-id ${sel.subnetId}`;
  }
  return found[0] ?? null;
}
