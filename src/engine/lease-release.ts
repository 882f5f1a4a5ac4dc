// RELEASE (RFC 8415 §18.3.7) and DECLINE (§18.3.8): the client gives leases back, or tells
// the server an address is in use by someone else. Only the client's own leases (same DUID,
// IAID and type) are touched; for an IA listing anything that is not, the IA carries NoBinding.
// The reply always carries a top-level Success status, and each IA processed its own status.
//
// A released lease is deleted (Kea 2.2). A declined address is kept out of use for
// decline-probation-period in state declined, with its client's identity stripped; the
// reclamation cycle recovers it afterwards (reclamation.ts). DECLINE applies to addresses
// only: IA_PD options in it are ignored.
import { OPT, STATUS } from '../dhcp6/constants.js';
import { formatIpv6, prefixMask, tryParseIpv6 } from '../dhcp6/ipv6.js';
import { statusOption } from '../dhcp6/option-builders.js';
import type { IaOption } from '../dhcp6/types.js';
import { LEASE_STATE, type Lease6, type LeaseMutation, type LeaseType } from '../store/types.js';
import { subnetStatName } from './engine-statistics.js';
import type { Exchange } from './exchange.js';
import { isPd } from './lease-candidates.js';
import { copyLease, declinedLease } from './lease-records.js';

export interface ReleaseOutcome {
  ias: IaOption[];
  /** leases released or declined (as they were before), for leases6_committed */
  deleted: Lease6[];
  /** a lease6_decline callout said drop: no decline, no reply */
  drop: boolean;
}

const RELEASED = 'Lease released. Thank you, please come again.';
const DECLINED = 'Lease declined. Hopefully the next one will be better.';
const NOT_BOUND = 'Not bound to this client.';

export async function releaseOrDecline(ex: Exchange, decline: boolean): Promise<ReleaseOutcome> {
  const ias = decline ? ex.msg.iaNa : [...ex.msg.iaNa, ...ex.msg.iaPd];
  const out: ReleaseOutcome = { ias: [], deleted: [], drop: false };
  if (ias.length === 0) return out;
  ex.deps.recentClients.forget(ex.clientId);
  const own = await ex.deps.clientLeases.read(ex.clientId);
  const changes: LeaseMutation[] = [];
  const touched: Lease6[] = [];
  for (const ia of ias) {
    const type: LeaseType = isPd(ia) ? 'IA_PD' : 'IA_NA';
    const listed = listed6(ia);
    const mine = own.filter((l) => l.type === type && l.iaid === ia.iaid && l.state === LEASE_STATE.DEFAULT);
    let unbound = listed.length === 0 && mine.length === 0;
    for (const address of listed) {
      const lease = mine.find((l) => l.address === address);
      if (!lease) {
        unbound = true;
        continue;
      }
      const verdict = decline ? await callDecline(ex, lease) : await callRelease(ex, lease);
      if (verdict === 'drop') {
        out.drop = true;
        return out;
      }
      if (verdict === 'skip') continue;
      changes.push(
        decline
          ? { op: 'update', lease: declinedLease(lease, ex.view.config.declineProbationPeriod, ex.now), event: 'declined', expect: { duid: lease.duid, iaid: lease.iaid } }
          : { op: 'delete', address: lease.address, event: 'released' },
      );
      touched.push(lease);
    }
    const status = unbound ? statusOption(STATUS.NoBinding, NOT_BOUND) : statusOption(STATUS.Success, decline ? DECLINED : RELEASED);
    out.ias.push({ kind: 'ia', code: ia.code, iaid: ia.iaid, t1: 0, t2: 0, options: [status] });
  }
  if (changes.length === 0) return out;
  const results = await ex.deps.store.leases.apply(changes);
  const stats = ex.deps.stats;
  results.forEach((r, i) => {
    if (!r.ok) return;
    const l = touched[i];
    out.deleted.push(l);
    const na = l.type !== 'IA_PD';
    if (decline) {
      stats.add('declined-addresses', 1);
      stats.add(subnetStatName(l.subnetId, 'declined-addresses'), 1);
    } else {
      stats.add(subnetStatName(l.subnetId, na ? 'assigned-nas' : 'assigned-pds'), -1);
    }
  });
  return out;
}

/** The addresses (IA_NA) or delegated prefixes (IA_PD, by network address) an IA lists. */
function listed6(ia: IaOption): string[] {
  const out: string[] = [];
  for (const o of ia.options) {
    if (o.kind === 'iaaddr') {
      const a = tryParseIpv6(o.address);
      if (typeof a === 'bigint') out.push(formatIpv6(a));
    } else if (o.kind === 'iaprefix' && ia.code === OPT.IA_PD) {
      const a = tryParseIpv6(o.prefix);
      if (typeof a === 'bigint') out.push(formatIpv6(a & prefixMask(o.prefixLen)));
    }
  }
  return out;
}

type Verdict = 'apply' | 'skip' | 'drop';

async function callRelease(ex: Exchange, lease: Lease6): Promise<Verdict> {
  const hooks = ex.deps.hooks;
  if (!hooks.has('lease6_release')) return 'apply';
  const out = await hooks.call('lease6_release', { query6: ex.hookQuery(), lease6: copyLease(lease) });
  switch (out.status) {
    case 'skip':
    case 'drop':
      // Contract: the lease stays until it expires; the reply still says it was released.
      return 'skip';
    default:
      return 'apply';
  }
}

async function callDecline(ex: Exchange, lease: Lease6): Promise<Verdict> {
  const hooks = ex.deps.hooks;
  if (!hooks.has('lease6_decline')) return 'apply';
  const out = await hooks.call('lease6_decline', { query6: ex.hookQuery(), lease6: copyLease(lease) });
  switch (out.status) {
    case 'skip':
      // Contract: reply as if declined, database untouched.
      return 'skip';
    case 'drop':
      // Contract: no decline and no reply.
      return 'drop';
    default:
      return 'apply';
  }
}
