// Where a new lease for an IA comes from, in Kea's order: the client's reservation, the
// address or prefix it hinted at (when in a pool and free), its previous (reclaimed) lease,
// then the pools' cursors, and at last an expired lease of another client.
import type { Subnet6 } from '../config/types.js';
import { OPT } from '../dhcp6/constants.js';
import { formatIpv6, prefixMask, tryParseIpv6 } from '../dhcp6/ipv6.js';
import type { IaOption } from '../dhcp6/types.js';
import type { Lease6, LeaseType } from '../store/types.js';
import type { Exchange } from './exchange.js';
import type { PoolRange } from './pool-cursor.js';
import { poolRangeContains } from './pool-cursor.js';

export type CandidateOrigin = 'reserved' | 'hint' | 'previous' | 'dynamic' | 'expired';

export interface Candidate {
  address: string;
  prefixLen: number;
  origin: CandidateOrigin;
  /** the stored row this candidate replaces (the client's reclaimed lease) */
  previous?: Lease6;
}

/** What an IA asks for: the first lease option's address (unless ::), its length, its lifetimes. */
export interface IaHint {
  address: bigint | null;
  prefixLen: number | null;
  lifetimes?: { preferred: number; valid: number };
}

export function iaHint(ia: IaOption): IaHint {
  for (const o of ia.options) {
    if (o.kind === 'iaaddr') {
      const a = tryParseIpv6(o.address);
      return { address: typeof a === 'bigint' && a !== 0n ? a : null, prefixLen: 128, lifetimes: { preferred: o.preferred, valid: o.valid } };
    }
    if (o.kind === 'iaprefix') {
      const a = tryParseIpv6(o.prefix);
      return {
        address: typeof a === 'bigint' && a !== 0n ? a & prefixMask(o.prefixLen) : null,
        prefixLen: o.prefixLen > 0 ? o.prefixLen : null,
        lifetimes: { preferred: o.preferred, valid: o.valid },
      };
    }
  }
  return { address: null, prefixLen: null };
}

/** The lifetimes the client hinted for `address`, else those of the IA's first lease option. */
export function lifetimeHint(ia: IaOption, address: string): { preferred: number; valid: number } | undefined {
  let first: { preferred: number; valid: number } | undefined;
  for (const o of ia.options) {
    if (o.kind === 'iaaddr' || o.kind === 'iaprefix') {
      const lt = { preferred: o.preferred, valid: o.valid };
      if ((o.kind === 'iaaddr' ? o.address : o.prefix) === address) return lt;
      first ??= lt;
    }
  }
  return first;
}

export function addressKey(type: LeaseType, address: string): string {
  return type === 'IA_PD' ? `p${address}` : address;
}

/**
 * Candidates an IA may get without scanning pools: the hinted one when it lies in a pool of
 * the subnet and may go to this client.
 */
export function hintCandidate(ex: Exchange, subnet: Subnet6, type: LeaseType, hint: IaHint, given: ReadonlySet<string>): Candidate | null {
  if (hint.address === null) return null;
  const len = type === 'IA_PD' ? hint.prefixLen ?? -1 : 128;
  const range = ex.view.rangeOf(subnet, type, hint.address, len);
  if (!range) return null;
  const address = formatIpv6(hint.address);
  if (given.has(addressKey(type, address))) return null;
  if (!ex.mayHave(ex.view.reservations.reservedFor(address, type === 'IA_PD'))) return null;
  return { address, prefixLen: range.prefixLen, origin: 'hint' };
}

/** Pool ranges in the order to try: for IA_PD, pd-pools delegating the hinted length first. */
function orderedRanges(ex: Exchange, subnet: Subnet6, type: LeaseType, hint: IaHint): PoolRange[] {
  const ranges = ex.view.rangesOf(subnet, type);
  if (type !== 'IA_PD' || hint.prefixLen === null || ranges.length < 2) return ranges;
  const exact = ranges.filter((r) => r.prefixLen === hint.prefixLen);
  return exact.length === 0 ? ranges : [...exact, ...ranges.filter((r) => r.prefixLen !== hint.prefixLen)];
}

/**
 * The next free candidate from the pools' cursors, else an expired lease of any client in one
 * of the pools (RFC 8415 lets a server reuse it), else null: the pools are full.
 */
export async function dynamicCandidate(
  ex: Exchange, subnet: Subnet6, type: LeaseType, hint: IaHint, given: Set<string>,
): Promise<Candidate | null> {
  const pd = type === 'IA_PD';
  const index = ex.view.reservations;
  const usable = (address: string): boolean =>
    !given.has(addressKey(type, address)) && (!index.hasReservedResources || ex.mayHave(index.reservedFor(address, pd)));
  const ranges = orderedRanges(ex, subnet, type, hint);
  const store = ex.deps.store.leases;
  const cursors = ranges.map((r) => ex.deps.cursors.get(r));
  for (let i = 0; i < ranges.length; i++) {
    const address = await cursors[i].take(store, usable);
    if (address !== null) return { address, prefixLen: ranges[i].prefixLen, origin: 'dynamic' };
  }
  if (ranges.length === 0 || cursors.every((c) => c.full)) return null;
  const expired = await store.getExpired(ex.now, 64);
  for (const l of expired) {
    if (l.type !== type || l.subnetId !== subnet.id || !usable(l.address)) continue;
    const a = tryParseIpv6(l.address);
    if (typeof a !== 'bigint' || !ranges.some((r) => poolRangeContains(r, a, l.prefixLen))) continue;
    return { address: l.address, prefixLen: l.prefixLen, origin: 'expired' };
  }
  for (const c of cursors) c.markFull();
  return null;
}

export function isPd(ia: IaOption): boolean {
  return ia.code === OPT.IA_PD;
}
