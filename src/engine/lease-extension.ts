// RENEW (RFC 8415 §18.3.4) and REBIND (§18.3.5): the client's binding for each IA is
// extended. Per IA:
// - the leases of the binding (same DUID, IAID and type, in the selected subnet) get new
//   lifetimes, one lease6_renew / lease6_rebind call each;
// - an address or prefix the client lists that is not appropriate for the link (outside the
//   subnet, or no subnet for the client at all) comes back with lifetimes 0, as does one the
//   client lists that is not in its binding, and a lease now reserved for another client or
//   no longer in a pool (it is taken back);
// - an IA without a binding gets the NoBinding status: the client then sends a REQUEST
//   (§18.2.10.1). This server creates no binding from RENEW/REBIND.
import type { Subnet6 } from '../config/types.js';
import { STATUS } from '../dhcp6/constants.js';
import { parseIpv6, prefixMask, tryParseIpv6, formatIpv6 } from '../dhcp6/ipv6.js';
import { statusOption } from '../dhcp6/option-builders.js';
import type { Dhcp6Option, IaOption } from '../dhcp6/types.js';
import { LEASE_STATE, type Lease6, type LeaseMutation, type LeaseType } from '../store/types.js';
import { decideName, fqdnReply, initialName } from './client-fqdn.js';
import type { Exchange } from './exchange.js';
import { iaReply, type ZeroedLease } from './ia-reply.js';
import { isPd, lifetimeHint } from './lease-candidates.js';
import { reservedFor, type LeaseChanges } from './lease-assignment.js';
import { extendedLease, newLease, type LeaseOwner } from './lease-records.js';
import { leaseLifetimes } from './lifetimes.js';
import { subnetStatName } from './engine-statistics.js';
import type { HookPacket } from '../hooks/types.js';
import type { PdPool6, Pool6 } from '../config/types.js';

const NO_BINDING = 'No binding for this IA.';

interface Extension {
  old: Lease6;
  lease: Lease6;
  /** false when lease6_renew/lease6_rebind said skip: the stored row stays as it is */
  write: boolean;
}

interface IaWork {
  request: IaOption;
  type: LeaseType;
  reply: IaOption;
  extensions: Extension[];
  takenBack: Lease6[];
  /** a reserved lease given instead of the binding's (already written) */
  fresh: Lease6[];
}

export async function extendLeases(ex: Exchange, rebind: boolean, response6: () => HookPacket): Promise<LeaseChanges> {
  const subnet = ex.subnet;
  const ias = [...ex.msg.iaNa, ...ex.msg.iaPd];
  ex.deps.recentClients.forget(ex.clientId);
  const own = subnet && ias.length > 0 ? await ex.deps.clientLeases.read(ex.clientId) : [];
  const name = subnet && ias.length > 0 ? await decideName(ex, response6) : initialName(ex);
  const owner = (iaid: number): LeaseOwner => ({
    duid: ex.clientId, iaid, hwaddr: ex.hwaddr, hostname: name.hostname, fqdnFwd: name.fwd, fqdnRev: name.rev,
  });

  const work: IaWork[] = [];
  for (const ia of ias) work.push(await extendIa(ex, subnet, ia, own, owner(ia.iaid), rebind));

  const changes: LeaseMutation[] = [];
  const back: { w: IaWork; e?: Extension; l?: Lease6 }[] = [];
  const event = rebind ? 'rebound' : 'renewed';
  for (const w of work) {
    for (const e of w.extensions) {
      if (!e.write) continue;
      changes.push({ op: 'update', lease: e.lease, event, expect: { duid: e.old.duid, iaid: e.old.iaid } });
      back.push({ w, e });
    }
    for (const l of w.takenBack) {
      changes.push({ op: 'delete', address: l.address, event: 'deleted' });
      back.push({ w, l });
    }
  }
  const out: LeaseChanges = { ias: [], leases: [], deleted: [], pools: [], fqdn: fqdnReply(ex, name) };
  const results = changes.length > 0 ? await ex.deps.store.leases.apply(changes) : [];
  results.forEach((r, i) => {
    const { w, e, l } = back[i];
    if (e) {
      if (r.ok) {
        out.leases.push(e.lease);
        if (e.old.state === LEASE_STATE.EXPIRED_RECLAIMED && subnet) countRevived(ex, subnet, e.lease);
      } else {
        // The row changed under us (reclaimed and given to another client): the client loses it.
        zeroInReply(w.reply, e.lease);
      }
    } else if (l && r.ok) {
      out.deleted.push(r.lease ?? l);
      if (subnet) ex.deps.stats.add(subnetStatName(subnet.id, l.type === 'IA_PD' ? 'assigned-pds' : 'assigned-nas'), -1);
    }
  });
  for (const w of work) {
    out.ias.push(w.reply);
    if (!subnet) continue;
    for (const f of w.fresh) {
      out.leases.push(f);
      countFresh(ex, subnet, f);
      const pool = ex.view.poolOf(subnet, w.type, f.address, f.prefixLen);
      if (pool && !out.pools.includes(pool)) out.pools.push(pool);
    }
    for (const e of w.extensions) {
      const pool = ex.view.poolOf(subnet, w.type, e.lease.address, e.lease.prefixLen);
      if (pool && !out.pools.includes(pool)) out.pools.push(pool as Pool6 | PdPool6);
    }
  }
  return out;
}

async function extendIa(
  ex: Exchange, subnet: Subnet6 | null, ia: IaOption, own: Lease6[], owner: LeaseOwner, rebind: boolean,
): Promise<IaWork> {
  const type: LeaseType = isPd(ia) ? 'IA_PD' : 'IA_NA';
  const listed = listedLeases(ia);
  const zeroTaken: ZeroedLease[] = [];
  const zeroListed: ZeroedLease[] = [];
  const work: IaWork = { request: ia, type, reply: ia, extensions: [], takenBack: [], fresh: [] };
  if (!subnet) {
    // No subnet for the client's link: nothing it lists is appropriate here.
    work.reply = iaReply(ia, null, [], listed, { code: STATUS.NoBinding, message: NO_BINDING }, ex.msg.oro);
    return work;
  }
  const binding = own.filter(
    (l) => l.type === type && l.iaid === ia.iaid && l.subnetId === subnet.id && l.state !== LEASE_STATE.DECLINED,
  );
  const keep: Lease6[] = [];
  for (const l of binding) {
    if (leaseStillFits(ex, subnet, type, l)) keep.push(l);
    else if (l.state === LEASE_STATE.DEFAULT) {
      work.takenBack.push(l);
      zeroTaken.push({ address: l.address, prefixLen: l.prefixLen });
    }
  }
  for (const z of listed) {
    // Listed but not in the client's binding: RFC 8415 §18.3.4/§18.3.5, lifetimes 0.
    if (!binding.some((l) => l.address === z.address)) zeroListed.push(z);
  }
  // Kea's renewLeases6: a client whose reservation is not what it holds gets the reservation,
  // and what it held is taken back — only once the reserved lease is its.
  const reserved = reservedFor(ex, subnet, type);
  if (keep.length > 0 && reserved.length > 0 && !keep.some((l) => reserved.some((r) => r.address === l.address))) {
    const elsewhere = new Set(own.filter((l) => l.type === type && l.iaid !== ia.iaid).map((l) => l.address));
    const r = reserved.find((x) => !elsewhere.has(x.address));
    const fresh = r ? await placeReserved(ex, subnet, ia, type, r, owner) : null;
    if (fresh) {
      work.fresh.push(fresh);
      for (const l of keep.splice(0)) {
        work.takenBack.push(l);
        zeroTaken.push({ address: l.address, prefixLen: l.prefixLen });
      }
    }
  }
  if (keep.length === 0 && work.fresh.length === 0) {
    // No binding: the IA carries NoBinding, plus lifetimes 0 for what the client must stop
    // using — leases taken back and addresses not appropriate for this link.
    const notOnLink = zeroListed.filter((z) => !appropriate(subnet, type, z, ex));
    work.reply = iaReply(ia, null, [], zeroTaken.concat(notOnLink), { code: STATUS.NoBinding, message: NO_BINDING }, ex.msg.oro);
    return work;
  }
  const zeroed = zeroTaken.concat(zeroListed);
  for (const old of keep) {
    const times = leaseLifetimes(subnet.lifetimes, lifetimeHint(ia, old.address));
    work.extensions.push({ old, lease: extendedLease(old, subnet.id, owner, times, ex.now), write: true });
  }
  work.reply = iaReply(
    ia, subnet.lifetimes,
    [...work.extensions.map((e) => e.lease), ...work.fresh].map((lease) => ({ lease, pool: ex.view.poolOf(subnet, type, lease.address, lease.prefixLen) })),
    zeroed, undefined, ex.msg.oro,
  );
  const point = rebind ? 'lease6_rebind' : 'lease6_renew';
  const hooks = ex.deps.hooks;
  if (hooks.has(point)) {
    for (const e of work.extensions) {
      const before = { preferred: e.lease.preferredLft, valid: e.lease.validLft };
      const args = { query6: ex.hookQuery(), lease6: e.lease, ...(type === 'IA_PD' ? { ia_pd: work.reply } : { ia_na: work.reply }) };
      const out = rebind ? await hooks.call('lease6_rebind', args) : await hooks.call('lease6_renew', args);
      work.reply = (type === 'IA_PD' ? out.args.ia_pd : out.args.ia_na) ?? work.reply;
      switch (out.status) {
        case 'skip':
          // Contract: the lease is not extended (the stored row stays); the callout is expected
          // to have changed the IA it sends accordingly.
          e.write = false;
          break;
        default:
          e.lease = out.args.lease6;
          if (e.lease.preferredLft !== before.preferred || e.lease.validLft !== before.valid) syncLifetimes(work.reply, e.lease, before);
      }
    }
  }
  return work;
}

/** The addresses (prefixes) the client lists in the IA. */
function listedLeases(ia: IaOption): ZeroedLease[] {
  const out: ZeroedLease[] = [];
  for (const o of ia.options) {
    if (o.kind === 'iaaddr') {
      const a = tryParseIpv6(o.address);
      if (typeof a === 'bigint' && a !== 0n) out.push({ address: formatIpv6(a), prefixLen: 128 });
    } else if (o.kind === 'iaprefix') {
      const a = tryParseIpv6(o.prefix);
      if (typeof a === 'bigint' && a !== 0n) out.push({ address: formatIpv6(a & prefixMask(o.prefixLen)), prefixLen: o.prefixLen });
    }
  }
  return out;
}

/** "Appropriate for the link": an address in the subnet's prefix, a prefix from one of its pd-pools. */
function appropriate(subnet: Subnet6, type: LeaseType, z: ZeroedLease, ex: Exchange): boolean {
  const a = parseIpv6(z.address);
  if (type === 'IA_PD') return ex.view.rangeOf(subnet, type, a, z.prefixLen) !== undefined;
  return (a & prefixMask(subnet.prefixLen)) === subnet.network;
}

/** A lease the client may keep: in a pool (or reserved for it), not reserved for another client. */
function leaseStillFits(ex: Exchange, subnet: Subnet6, type: LeaseType, l: Lease6): boolean {
  const owner = ex.view.reservations.reservedFor(l.address, type === 'IA_PD');
  if (owner) return ex.mayHave(owner);
  return ex.view.rangeOf(subnet, type, parseIpv6(l.address), l.prefixLen) !== undefined;
}

function leaseOptionOf(reply: IaOption, lease: Lease6): Dhcp6Option | undefined {
  return reply.options.find(
    (o) => (o.kind === 'iaaddr' && o.address === lease.address) || (o.kind === 'iaprefix' && o.prefix === lease.address),
  );
}

/** What a callout changed in lease6 is what the client is told, unless it edited the IA itself. */
function syncLifetimes(reply: IaOption, lease: Lease6, before: { preferred: number; valid: number }): void {
  const o = leaseOptionOf(reply, lease);
  if (!o || (o.kind !== 'iaaddr' && o.kind !== 'iaprefix')) return;
  if (o.preferred !== before.preferred || o.valid !== before.valid) return;
  o.preferred = lease.preferredLft;
  o.valid = lease.validLft;
}

function zeroInReply(reply: IaOption, lease: Lease6): void {
  const o = leaseOptionOf(reply, lease);
  if (o && (o.kind === 'iaaddr' || o.kind === 'iaprefix')) {
    o.preferred = 0;
    o.valid = 0;
  }
  if (!reply.options.some((x) => (x.kind === 'iaaddr' || x.kind === 'iaprefix') && x.valid > 0)) {
    reply.t1 = 0;
    reply.t2 = 0;
    if (!reply.options.some((x) => x.kind === 'status')) reply.options.push(statusOption(STATUS.NoBinding, NO_BINDING));
  }
}

/** The reserved lease, written now (lease6_select first, as for any new lease); null if it cannot be had. */
async function placeReserved(
  ex: Exchange, subnet: Subnet6, ia: IaOption, type: LeaseType, r: { address: string; prefixLen: number }, owner: LeaseOwner,
): Promise<Lease6 | null> {
  let lease = newLease(type, r.address, r.prefixLen, subnet.id, owner, leaseLifetimes(subnet.lifetimes, lifetimeHint(ia, r.address)), ex.now);
  const hooks = ex.deps.hooks;
  if (hooks.has('lease6_select')) {
    const out = await hooks.call('lease6_select', { query6: ex.hookQuery(), subnet6: subnet, fake_allocation: false, lease6: lease });
    switch (out.status) {
      case 'skip':
        return null;
      default:
        lease = out.args.lease6;
    }
  }
  const [result] = await ex.deps.store.leases.apply([{ op: 'insert', lease, event: 'allocated', reuseExpired: true }]);
  return result.ok ? lease : null;
}

function countFresh(ex: Exchange, subnet: Subnet6, lease: Lease6): void {
  const na = lease.type !== 'IA_PD';
  const stats = ex.deps.stats;
  stats.add(na ? 'cumulative-assigned-nas' : 'cumulative-assigned-pds', 1);
  stats.add(subnetStatName(subnet.id, na ? 'cumulative-assigned-nas' : 'cumulative-assigned-pds'), 1);
  stats.add(subnetStatName(subnet.id, na ? 'assigned-nas' : 'assigned-pds'), 1);
}

/** A reclaimed lease coming back to its client counts as assigned again. */
function countRevived(ex: Exchange, subnet: Subnet6, lease: Lease6): void {
  const na = lease.type !== 'IA_PD';
  ex.deps.stats.add(subnetStatName(subnet.id, na ? 'assigned-nas' : 'assigned-pds'), 1);
}
