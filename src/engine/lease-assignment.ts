// Leases for the IAs of a SOLICIT or REQUEST (RFC 8415 §18.3.1, §18.3.2, §18.3.9) — Kea's
// allocateLeases6. Per IA: the client's reserved address/prefix, else its current lease
// (a returning client, same DUID + IAID), else its hint, its previous lease, or the pools.
//
// SOLICIT (fake allocation) writes nothing, but only offers what the database says is free.
// REQUEST (and SOLICIT with Rapid Commit) writes every change of the message in one
// LeaseStore.apply() call; a new lease whose insert meets a conflict (another client, or
// another agent sharing the database, was faster) moves on to the next candidate, a bounded
// number of times. The database, not memory, decides who holds an address.
import type { PdPool6, Pool6, Subnet6 } from '../config/types.js';
import { STATUS } from '../dhcp6/constants.js';
import { parseIpv6, prefixMask } from '../dhcp6/ipv6.js';
import type { IaOption } from '../dhcp6/types.js';
import type { HookPacket } from '../hooks/types.js';
import { LEASE_STATE, type Lease6, type LeaseMutation, type LeaseType } from '../store/types.js';
import { fqdnReply, decideName, initialName, type NameDecision } from './client-fqdn.js';
import { subnetStatName } from './engine-statistics.js';
import type { Exchange } from './exchange.js';
import { iaReply, type IaStatus, type ZeroedLease } from './ia-reply.js';
import {
  addressKey, dynamicCandidate, hintCandidate, iaHint, isPd, lifetimeHint, type Candidate, type IaHint,
} from './lease-candidates.js';
import { extendedLease, newLease, type LeaseOwner } from './lease-records.js';
import { leaseLifetimes } from './lifetimes.js';
import type { ClientFqdnOption } from '../dhcp6/options-extra.js';

/** Inserts one IA may try before it reports NoAddrsAvail / NoPrefixAvail. */
const MAX_ATTEMPTS = 8;

export interface LeaseChanges {
  /** reply IA options, in the order of the client's IAs */
  ias: IaOption[];
  /** leases written (or, for SOLICIT, offered) */
  leases: Lease6[];
  /** leases the server removed */
  deleted: Lease6[];
  /** pools and pd-pools of the leases given: their option-data joins the reply */
  pools: (Pool6 | PdPool6)[];
  fqdn?: ClientFqdnOption;
}

interface IaPlan {
  ia: IaOption;
  type: LeaseType;
  hint: IaHint;
  /** the client's current leases given again */
  keep: Lease6[];
  /** the client's current leases taken back (reserved for someone else, out of the pools) */
  remove: Lease6[];
  /** the new lease being placed; `lease` is set once lease6_select accepted it */
  pending: { candidate: Candidate; lease?: Lease6 } | null;
  placed: { lease: Lease6; fresh: boolean }[];
  attempts: number;
  skipped: boolean;
}

const NO_ADDRS: IaStatus = { code: STATUS.NoAddrsAvail, message: 'No addresses available for this client.' };
const NO_PREFIX: IaStatus = { code: STATUS.NoPrefixAvail, message: 'No prefixes available for this client.' };

export function failedStatus(ia: IaOption): IaStatus {
  return isPd(ia) ? NO_PREFIX : NO_ADDRS;
}

/** Every IA of the message answered with NoAddrsAvail / NoPrefixAvail (no subnet for the client). */
export function noLeases(ex: Exchange): LeaseChanges {
  const ias = [...ex.msg.iaNa, ...ex.msg.iaPd].map((ia) => iaReply(ia, null, [], [], failedStatus(ia), ex.msg.oro));
  return { ias, leases: [], deleted: [], pools: [] };
}

export async function assignLeases(ex: Exchange, fake: boolean, response6: () => HookPacket): Promise<LeaseChanges> {
  const subnet = ex.subnet;
  if (!subnet) return noLeases(ex);
  const ias = [...ex.msg.iaNa, ...ex.msg.iaPd];
  if (ias.length === 0) {
    const name = await decideName(ex, response6);
    return { ias: [], leases: [], deleted: [], pools: [], fqdn: fqdnReply(ex, name) };
  }
  // The one read of the exchange: everything this client holds (for a REQUEST right after
  // our ADVERTISE, what that SOLICIT read).
  const recent = ex.deps.recentClients;
  let held = fake ? undefined : recent.take(ex.clientId);
  if (!held) {
    held = await ex.deps.clientLeases.read(ex.clientId);
    if (fake) recent.remember(ex.clientId, held);
  }
  const own = held.filter((l) => l.subnetId === subnet.id && l.state !== LEASE_STATE.DECLINED);
  const given = new Set<string>();
  const plans = ias.map((ia) => planIa(ex, subnet, ia, own, given));

  let name = initialName(ex);
  const owner = (iaid: number): LeaseOwner => ({
    duid: ex.clientId, iaid, hwaddr: ex.hwaddr, hostname: name.hostname, fqdnFwd: name.fwd, fqdnRev: name.rev,
  });

  if (fake) await dropTakenHints(ex, plans, given);
  for (const p of plans) if (!p.pending && p.keep.length === 0) await nextCandidate(ex, subnet, p, given);
  for (const p of plans) await selectPending(ex, subnet, p, owner(p.ia.iaid), fake);
  // Contract: ddns6_update comes once the leases are selected and before they are committed.
  const first = name;
  name = await decideName(ex, response6);
  if (name.hostname !== first.hostname || name.fwd !== first.fwd || name.rev !== first.rev) applyName(plans, first, name);

  const deleted: Lease6[] = [];
  if (fake) {
    for (const p of plans) {
      for (const k of p.keep) p.placed.push({ lease: extend(ex, subnet, p, k, owner(p.ia.iaid)), fresh: false });
      if (p.pending?.lease) p.placed.push({ lease: p.pending.lease, fresh: true });
      p.pending = null;
    }
  } else {
    await commit(ex, subnet, plans, owner, given, deleted);
  }

  const out: LeaseChanges = { ias: [], leases: [], deleted, pools: [], fqdn: fqdnReply(ex, name) };
  const failed: IaPlan[] = [];
  for (const p of plans) {
    const givenLeases = p.placed.map((x) => ({ lease: x.lease, pool: ex.view.poolOf(subnet, p.type, x.lease.address, x.lease.prefixLen) }));
    for (const g of givenLeases) {
      out.leases.push(g.lease);
      if (g.pool && !out.pools.includes(g.pool)) out.pools.push(g.pool);
    }
    const zeroed: ZeroedLease[] = fake ? [] : p.remove.map((l) => ({ address: l.address, prefixLen: l.prefixLen }));
    let status: IaStatus | undefined;
    if (givenLeases.length === 0) {
      status = failedStatus(p.ia);
      if (!p.skipped) failed.push(p);
    }
    out.ias.push(iaReply(p.ia, subnet.lifetimes, givenLeases, zeroed, status, ex.msg.oro));
  }
  if (failed.length > 0) countAllocationFailures(ex, subnet, failed);
  if (!fake) countAssignments(ex, subnet, plans);
  return out;
}

/** Decides, without the database, what each IA should get. */
function planIa(ex: Exchange, subnet: Subnet6, ia: IaOption, own: Lease6[], given: Set<string>): IaPlan {
  const type: LeaseType = isPd(ia) ? 'IA_PD' : 'IA_NA';
  const pd = type === 'IA_PD';
  const plan: IaPlan = { ia, type, hint: iaHint(ia), keep: [], remove: [], pending: null, placed: [], attempts: 0, skipped: false };
  const mine = own.filter((l) => l.type === type && l.iaid === ia.iaid);
  const live = mine.filter((l) => l.state === LEASE_STATE.DEFAULT);
  const reserved = reservedFor(ex, subnet, type);
  const index = ex.view.reservations;

  if (reserved.length > 0) {
    // A client with a reservation gets what is reserved (Kea: one reserved lease per IA).
    plan.keep = live.filter((l) => reserved.some((r) => r.address === l.address) && !given.has(addressKey(type, l.address)));
    plan.remove = live.filter((l) => !plan.keep.includes(l));
    if (plan.keep.length === 0) {
      const heldElsewhere = new Set(own.filter((l) => l.type === type && l.iaid !== ia.iaid).map((l) => l.address));
      const r = reserved.find((x) => !given.has(addressKey(type, x.address)) && !heldElsewhere.has(x.address));
      if (r) {
        const previous = mine.find((l) => l.address === r.address && l.state === LEASE_STATE.EXPIRED_RECLAIMED);
        plan.pending = { candidate: { address: r.address, prefixLen: r.prefixLen, origin: 'reserved', previous } };
      }
    }
  } else {
    for (const l of live) {
      const ok =
        ex.mayHave(index.reservedFor(l.address, pd)) &&
        ex.view.rangeOf(subnet, type, parseIpv6(l.address), l.prefixLen) !== undefined &&
        !given.has(addressKey(type, l.address));
      (ok ? plan.keep : plan.remove).push(l);
    }
    if (plan.keep.length === 0) {
      const hinted = hintCandidate(ex, subnet, type, plan.hint, given);
      const previous = mine.find(
        (l) =>
          l.state === LEASE_STATE.EXPIRED_RECLAIMED &&
          !given.has(addressKey(type, l.address)) &&
          ex.mayHave(index.reservedFor(l.address, pd)) &&
          ex.view.rangeOf(subnet, type, parseIpv6(l.address), l.prefixLen) !== undefined,
      );
      if (hinted) {
        const prev = mine.find((l) => l.address === hinted.address && l.state === LEASE_STATE.EXPIRED_RECLAIMED);
        plan.pending = { candidate: { ...hinted, previous: prev } };
      } else if (previous) {
        plan.pending = { candidate: { address: previous.address, prefixLen: previous.prefixLen, origin: 'previous', previous } };
      }
    }
  }
  for (const k of plan.keep) given.add(addressKey(type, k.address));
  if (plan.pending) given.add(addressKey(type, plan.pending.candidate.address));
  return plan;
}

/** The reserved addresses (within the subnet) or prefixes of the client's host. */
export function reservedFor(ex: Exchange, subnet: Subnet6, type: LeaseType): { address: string; prefixLen: number }[] {
  const host = ex.host;
  if (!host) return [];
  if (type === 'IA_PD') return host.prefixes;
  const mask = prefixMask(subnet.prefixLen);
  return host.ipAddresses.filter((a) => (parseIpv6(a) & mask) === subnet.network).map((address) => ({ address, prefixLen: 128 }));
}

/**
 * SOLICIT writes nothing, so a hinted, reserved or previous address is checked with one
 * taken() query for the whole message before it is offered; a taken one gives way to the pools.
 */
async function dropTakenHints(ex: Exchange, plans: IaPlan[], given: Set<string>): Promise<void> {
  const check = plans.filter((p) => p.pending && p.pending.candidate.origin !== 'dynamic' && !p.pending.candidate.previous);
  if (check.length === 0) return;
  const taken = await ex.deps.store.leases.taken(check.map((p) => p.pending!.candidate.address));
  for (const p of check) {
    const c = p.pending!.candidate;
    if (!taken.has(c.address)) continue;
    given.delete(addressKey(p.type, c.address));
    p.pending = null;
  }
}

async function nextCandidate(ex: Exchange, subnet: Subnet6, p: IaPlan, given: Set<string>): Promise<void> {
  p.pending = null;
  if (p.attempts >= MAX_ATTEMPTS) return;
  const c = await dynamicCandidate(ex, subnet, p.type, p.hint, given);
  if (!c) return;
  given.add(addressKey(p.type, c.address));
  p.pending = { candidate: c };
}

/** Builds the pending candidate's lease and runs lease6_select on it. */
async function selectPending(ex: Exchange, subnet: Subnet6, p: IaPlan, owner: LeaseOwner, fake: boolean): Promise<void> {
  if (!p.pending) return;
  const c = p.pending.candidate;
  const times = leaseLifetimes(subnet.lifetimes, lifetimeHint(p.ia, c.address) ?? p.hint.lifetimes);
  let lease = newLease(p.type, c.address, c.prefixLen, subnet.id, owner, times, ex.now);
  const hooks = ex.deps.hooks;
  if (hooks.has('lease6_select')) {
    const out = await hooks.call('lease6_select', { query6: ex.hookQuery(), subnet6: subnet, fake_allocation: fake, lease6: lease });
    switch (out.status) {
      case 'skip':
        // Contract: the server does not assign that lease; the IA may end up empty.
        p.pending = null;
        p.skipped = true;
        return;
      default:
        lease = out.args.lease6;
    }
  }
  p.pending.lease = lease;
}

function extend(ex: Exchange, subnet: Subnet6, p: IaPlan, old: Lease6, owner: LeaseOwner): Lease6 {
  const times = leaseLifetimes(subnet.lifetimes, lifetimeHint(p.ia, old.address) ?? p.hint.lifetimes);
  return extendedLease(old, subnet.id, owner, times, ex.now);
}

/** ddns6_update's decision applies to the new leases (unless lease6_select set their name). */
function applyName(plans: IaPlan[], first: NameDecision, name: NameDecision): void {
  for (const p of plans) {
    const l = p.pending?.lease;
    if (!l || l.hostname !== first.hostname || l.fqdnFwd !== first.fwd || l.fqdnRev !== first.rev) continue;
    p.pending!.lease = { ...l, hostname: name.hostname, fqdnFwd: name.fwd, fqdnRev: name.rev };
  }
}

/** Writes the message's changes; conflicting new leases retry with the next candidate. */
async function commit(
  ex: Exchange, subnet: Subnet6, plans: IaPlan[], owner: (iaid: number) => LeaseOwner, given: Set<string>, deleted: Lease6[],
): Promise<void> {
  const leases = ex.deps.store.leases;
  type Step =
    | { kind: 'keep'; plan: IaPlan; old: Lease6; lease: Lease6 }
    | { kind: 'remove'; plan: IaPlan; old: Lease6 }
    | { kind: 'new'; plan: IaPlan; candidate: Candidate; lease: Lease6 };
  let steps: Step[] = [];
  for (const p of plans) {
    for (const k of p.keep) steps.push({ kind: 'keep', plan: p, old: k, lease: extend(ex, subnet, p, k, owner(p.ia.iaid)) });
    for (const r of p.remove) steps.push({ kind: 'remove', plan: p, old: r });
    if (p.pending?.lease) steps.push({ kind: 'new', plan: p, candidate: p.pending.candidate, lease: p.pending.lease });
    p.pending = null;
  }
  while (steps.length > 0) {
    const mutations: LeaseMutation[] = steps.map((s): LeaseMutation => {
      switch (s.kind) {
        case 'keep':
          return { op: 'update', lease: s.lease, event: 'allocated', expect: { duid: s.old.duid, iaid: s.old.iaid } };
        case 'remove':
          // Taken back by the server: reserved for another client, or no longer in a pool.
          return { op: 'delete', address: s.old.address, event: 'deleted' };
        case 'new':
          if (s.candidate.previous) {
            const prev = s.candidate.previous;
            return { op: 'update', lease: s.lease, event: 'allocated', expect: { duid: prev.duid, iaid: prev.iaid, cltt: prev.cltt } };
          }
          return { op: 'insert', lease: s.lease, event: 'allocated', reuseExpired: true };
      }
    });
    const results = await leases.apply(mutations);
    const retry: IaPlan[] = [];
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      const r = results[i];
      switch (s.kind) {
        case 'keep':
          if (r.ok) s.plan.placed.push({ lease: s.lease, fresh: false });
          else if (s.plan.placed.length === 0 && !retry.includes(s.plan)) retry.push(s.plan);
          break;
        case 'remove':
          if (r.ok) deleted.push(r.lease ?? s.old);
          break;
        case 'new':
          s.plan.attempts++;
          if (r.ok) s.plan.placed.push({ lease: s.lease, fresh: true });
          else {
            if (s.candidate.origin === 'dynamic') ex.deps.cursors.get(ex.view.rangeOf(subnet, s.plan.type, parseIpv6(s.candidate.address), s.candidate.prefixLen)!).forgetFree();
            const mineAfterAll = await heldByClient(ex, s.plan, s.candidate.address);
            if (mineAfterAll) s.plan.placed.push({ lease: mineAfterAll, fresh: false });
            else if (!retry.includes(s.plan)) retry.push(s.plan);
          }
          break;
      }
    }
    steps = [];
    for (const p of retry) {
      if (p.placed.length > 0) continue;
      await nextCandidate(ex, subnet, p, given);
      await selectPending(ex, subnet, p, owner(p.ia.iaid), false);
      if (p.pending?.lease) steps.push({ kind: 'new', plan: p, candidate: p.pending.candidate, lease: p.pending.lease });
      p.pending = null;
    }
  }
}

/**
 * After a conflict: the row may be this very client's (a retransmitted REQUEST answered by
 * another agent or a packet still in flight). Then it is the client's lease.
 */
async function heldByClient(ex: Exchange, p: IaPlan, address: string): Promise<Lease6 | null> {
  const row = await ex.deps.store.leases.get(address, p.type);
  if (row && row.state === LEASE_STATE.DEFAULT && row.iaid === p.ia.iaid && row.duid.equals(ex.clientId)) return row;
  return null;
}

/**
 * Kea's v6-allocation-fail, and why: -no-pools when the subnet has no pool (and the client no
 * reservation) of the IA's type, -subnet when its pools are used up.
 */
function countAllocationFailures(ex: Exchange, subnet: Subnet6, failed: IaPlan[]): void {
  const stats = ex.deps.stats;
  for (const p of failed) {
    stats.add('v6-allocation-fail', 1);
    const noPools = ex.view.rangesOf(subnet, p.type).length === 0 && reservedFor(ex, subnet, p.type).length === 0;
    stats.add(noPools ? 'v6-allocation-fail-no-pools' : 'v6-allocation-fail-subnet', 1);
  }
}

function countAssignments(ex: Exchange, subnet: Subnet6, plans: IaPlan[]): void {
  const stats = ex.deps.stats;
  for (const p of plans) {
    const na = p.type !== 'IA_PD';
    for (const x of p.placed) {
      if (!x.fresh) continue;
      stats.add(na ? 'cumulative-assigned-nas' : 'cumulative-assigned-pds', 1);
      stats.add(subnetStatName(subnet.id, na ? 'cumulative-assigned-nas' : 'cumulative-assigned-pds'), 1);
      stats.add(subnetStatName(subnet.id, na ? 'assigned-nas' : 'assigned-pds'), 1);
    }
  }
}
