// The Lease6 rows the engine writes at each step of a lease's life (Kea's lease states:
// default, declined, expired-reclaimed).
//
// The event each engine change carries (LeaseMutation.event, streamed to subscribers):
//   allocated  a lease given by REQUEST or by SOLICIT with Rapid Commit — a new one, or the
//              client's current lease given again
//   renewed    extended by RENEW;  rebound: extended by REBIND
//   released   given back by RELEASE (the row is deleted)
//   declined   DECLINE: held in state declined for the probation period
//   expired    its valid lifetime ran out and reclamation kept it in state expired-reclaimed
//   reclaimed  its valid lifetime ran out and reclamation removed it (leases-reclaim with
//              "remove": true, or flush-reclaimed-timer-wait-time 0)
//   recovered  a declined address returned to the pool after its probation period
//   deleted    taken back by the server: now reserved for another client, or no longer in a pool
// Flushing expired-reclaimed rows after hold-reclaimed-time is housekeeping and writes no event.
import type { Lease6, LeaseType } from '../store/types.js';
import { LEASE_STATE } from '../store/types.js';
import type { Hwaddr } from './client-message.js';
import type { LeaseLifetimes } from './lifetimes.js';

/** Kea's DUID::EMPTY: what a declined lease carries instead of its client's DUID. */
export const EMPTY_DUID = Buffer.from([0]);

export interface LeaseOwner {
  duid: Buffer;
  iaid: number;
  hwaddr: Hwaddr | null;
  hostname: string;
  fqdnFwd: boolean;
  fqdnRev: boolean;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function newLease(
  type: LeaseType, address: string, prefixLen: number, subnetId: number, owner: LeaseOwner, times: LeaseLifetimes, now: number,
): Lease6 {
  return {
    type,
    address,
    prefixLen,
    subnetId,
    duid: owner.duid,
    iaid: owner.iaid,
    preferredLft: times.preferred,
    validLft: times.valid,
    cltt: now,
    hwaddr: owner.hwaddr ? owner.hwaddr.bytes : null,
    hwtype: owner.hwaddr ? owner.hwaddr.type : null,
    hwaddrSource: owner.hwaddr ? owner.hwaddr.source : null,
    hostname: owner.hostname,
    fqdnFwd: owner.fqdnFwd,
    fqdnRev: owner.fqdnRev,
    state: LEASE_STATE.DEFAULT,
    userContext: null,
  };
}

/** The client's existing lease, given again: new lifetimes from now, current client data. */
export function extendedLease(old: Lease6, subnetId: number, owner: LeaseOwner, times: LeaseLifetimes, now: number): Lease6 {
  return {
    ...old,
    subnetId,
    duid: owner.duid,
    iaid: owner.iaid,
    preferredLft: times.preferred,
    validLft: times.valid,
    cltt: now,
    hwaddr: owner.hwaddr ? owner.hwaddr.bytes : old.hwaddr,
    hwtype: owner.hwaddr ? owner.hwaddr.type : old.hwtype,
    hwaddrSource: owner.hwaddr ? owner.hwaddr.source : old.hwaddrSource,
    hostname: owner.hostname,
    fqdnFwd: owner.fqdnFwd,
    fqdnRev: owner.fqdnRev,
    state: LEASE_STATE.DEFAULT,
  };
}

/**
 * RFC 8415 §18.3.8 and Kea's Lease6::decline: the address is set aside for the decline
 * probation period, stripped of everything naming its client.
 */
export function declinedLease(old: Lease6, probationPeriod: number, now: number): Lease6 {
  return {
    ...old,
    duid: EMPTY_DUID,
    iaid: 0,
    preferredLft: 0,
    validLft: probationPeriod,
    cltt: now,
    hwaddr: null,
    hwtype: null,
    hwaddrSource: null,
    hostname: '',
    fqdnFwd: false,
    fqdnRev: false,
    state: LEASE_STATE.DECLINED,
    userContext: null,
  };
}

/**
 * Kea's reclamation: the lease stays (for hold-reclaimed-time) in state expired-reclaimed
 * with its DNS data cleared, so a returning client can still get its address back.
 */
export function reclaimedLease(old: Lease6): Lease6 {
  return { ...old, hostname: '', fqdnFwd: false, fqdnRev: false, state: LEASE_STATE.EXPIRED_RECLAIMED };
}

export function copyLease(l: Lease6): Lease6 {
  return { ...l, userContext: l.userContext ? structuredClone(l.userContext) : null };
}
