// The IA_NA / IA_PD options of a reply: the leases given with their lifetimes, addresses
// taken back with lifetimes 0, T1/T2 from the shortest preferred lifetime, and the IA's
// Status Code where RFC 8415 puts one.
import type { Lifetimes, PdPool6, Pool6 } from '../config/types.js';
import { OPT } from '../dhcp6/constants.js';
import { formatIpv6, prefixMask, parseIpv6 } from '../dhcp6/ipv6.js';
import { iaAddrOption, iaPrefixOption, pdExcludeOption, statusOption } from '../dhcp6/option-builders.js';
import type { Dhcp6Option, IaOption } from '../dhcp6/types.js';
import type { Lease6 } from '../store/types.js';
import { teeTimes } from './lifetimes.js';

export interface ZeroedLease {
  address: string;
  prefixLen: number;
}

export interface IaStatus {
  code: number;
  message: string;
}

/** The lease option (IAADDR or IAPREFIX) carrying `lease` in a reply. */
export function leaseOption(lease: Lease6, pool: Pool6 | PdPool6 | undefined, oro: readonly number[]): Dhcp6Option {
  if (lease.type !== 'IA_PD') return iaAddrOption(lease.address, lease.preferredLft, lease.validLft);
  const sub: Dhcp6Option[] = [];
  const excluded = pool && 'excludedPrefix' in pool ? pool.excludedPrefix : undefined;
  // RFC 6603 §4.1: PD_EXCLUDE only when the client asked for it.
  if (excluded && oro.includes(OPT.PD_EXCLUDE) && excluded.length > lease.prefixLen) {
    const delegated = parseIpv6(lease.address);
    const inside = delegated | (excluded.prefix & ~prefixMask(lease.prefixLen) & prefixMask(128));
    sub.push(
      pdExcludeOption({ prefix: lease.address, prefixLen: lease.prefixLen }, { prefix: formatIpv6(inside), prefixLen: excluded.length }),
    );
  }
  return iaPrefixOption(lease.address, lease.prefixLen, lease.preferredLft, lease.validLft, sub);
}

/**
 * The reply IA for `request`. T1/T2 follow the shortest preferred lifetime of the leases
 * given (RFC 8415 §21.4); an IA giving nothing has T1 = T2 = 0.
 */
export function iaReply(
  request: IaOption,
  lifetimes: Lifetimes | null,
  given: readonly { lease: Lease6; pool?: Pool6 | PdPool6 }[],
  zeroed: readonly ZeroedLease[],
  status: IaStatus | undefined,
  oro: readonly number[],
): IaOption {
  const options: Dhcp6Option[] = [];
  let minPreferred = Infinity;
  for (const g of given) {
    options.push(leaseOption(g.lease, g.pool, oro));
    if (g.lease.validLft > 0 && g.lease.preferredLft < minPreferred) minPreferred = g.lease.preferredLft;
  }
  const pd = request.code === OPT.IA_PD;
  for (const z of zeroed) {
    options.push(pd ? iaPrefixOption(z.address, z.prefixLen, 0, 0) : iaAddrOption(z.address, 0, 0));
  }
  if (status) options.push(statusOption(status.code, status.message));
  const tee = lifetimes && minPreferred !== Infinity ? teeTimes(lifetimes, minPreferred) : { t1: 0, t2: 0 };
  return { kind: 'ia', code: request.code, iaid: request.iaid, t1: tee.t1, t2: tee.t2, options };
}
