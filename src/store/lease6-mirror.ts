// An in-process copy of the lease6 table for the embedded database. PGlite runs inside this
// process on one connection and no other process can open its directory, so every committed
// lease change passes through this process: the copy is exact when it is updated from each
// commit's results. The hot-path reads (by address, by client, "which candidates are taken")
// are then answered from memory instead of by a PostgreSQL statement executed in WebAssembly,
// which costs about half a millisecond each. Writes still go to the database, where the
// primary key stays the arbiter of who holds an address. A PostgreSQL server is shared by
// other agents, so there the table is always read, never mirrored.

import { parseIpv6 } from '../dhcp6/ipv6.js';
import type { PreparedChange } from './lease6-batch.js';
import { LEASE_STATE, type Lease6, type LeaseStore, type LeaseType, type MutationResult } from './types.js';

/** A copy the caller may change without changing the mirror (hook callouts edit leases). */
function copy(l: Lease6): Lease6 {
  return l.userContext === null ? { ...l } : { ...l, userContext: structuredClone(l.userContext) };
}

const duidKey = (duid: Uint8Array) => Buffer.from(duid.buffer, duid.byteOffset, duid.byteLength).toString('latin1');

/** A stored lease and its address as a number, for inet order (ORDER BY address), which text order is not. */
interface Entry {
  lease: Lease6;
  key: bigint;
}

const byKey = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export class LeaseMirror {
  private readonly byAddress = new Map<string, Entry>();
  /** duid → the addresses of its leases */
  private readonly byDuid = new Map<string, Set<string>>();

  get size(): number {
    return this.byAddress.size;
  }

  /** Replaces the contents with the table's rows (at startup, before anything else reads). */
  fill(leases: Lease6[]): void {
    this.byAddress.clear();
    this.byDuid.clear();
    for (const l of leases) this.put(l);
  }

  get(address: string, type?: LeaseType): Lease6 | null {
    const e = this.byAddress.get(address);
    return e === undefined || (type !== undefined && e.lease.type !== type) ? null : copy(e.lease);
  }

  /** The leases of these clients (each once) that pass `filter`, in address order as the SQL reads return them. */
  byClients(duids: readonly Uint8Array[], filter?: (l: Lease6) => boolean): Lease6[] {
    const found: Entry[] = [];
    const seen = duids.length > 1 ? new Set<string>() : null;
    for (const duid of duids) {
      const k = duidKey(duid);
      if (seen !== null) {
        if (seen.has(k)) continue;
        seen.add(k);
      }
      const addresses = this.byDuid.get(k);
      if (addresses === undefined) continue;
      for (const a of addresses) {
        const e = this.byAddress.get(a)!;
        if (filter === undefined || filter(e.lease)) found.push(e);
      }
    }
    if (found.length > 1) found.sort(byKey);
    return found.map((e) => copy(e.lease));
  }

  /** Whether a lease that is not expired-reclaimed holds the (canonical) address. */
  holds(address: string): boolean {
    const e = this.byAddress.get(address);
    return e !== undefined && e.lease.state !== LEASE_STATE.EXPIRED_RECLAIMED;
  }

  /** Brings the copy up to date with one committed batch: `results[i]` is the result of `changes[i]`. */
  applyCommitted(changes: readonly PreparedChange[], results: readonly MutationResult[]): void {
    changes.forEach((c, i) => {
      const r = results[i];
      if (r === undefined || !r.ok) return;
      if (c.op === 'delete') this.remove(c.address);
      else this.put(copy(c.lease));
    });
  }

  /** Drops the leases a set-based statement deleted (wipe, flush of reclaimed leases). */
  removeWhere(pred: (l: Lease6) => boolean): void {
    for (const e of [...this.byAddress.values()]) if (pred(e.lease)) this.remove(e.lease.address);
  }

  private put(l: Lease6): void {
    const old = this.byAddress.get(l.address);
    if (old !== undefined) this.unindex(old.lease);
    this.byAddress.set(l.address, { lease: l, key: old?.key ?? parseIpv6(l.address) });
    const k = duidKey(l.duid);
    const set = this.byDuid.get(k);
    if (set) set.add(l.address);
    else this.byDuid.set(k, new Set([l.address]));
  }

  private remove(address: string): void {
    const old = this.byAddress.get(address);
    if (old === undefined) return;
    this.byAddress.delete(address);
    this.unindex(old.lease);
  }

  private unindex(l: Lease6): void {
    const k = duidKey(l.duid);
    const set = this.byDuid.get(k);
    if (set === undefined) return;
    set.delete(l.address);
    if (set.size === 0) this.byDuid.delete(k);
  }
}

/** The store's hot-path reads answered from the mirror; everything else as `base` does it. */
export function mirroredReads<S extends LeaseStore>(base: S, mirror: LeaseMirror, canonical: (address: string, field: string) => string): S {
  return {
    ...base,
    async get(address, type) {
      return mirror.get(canonical(address, 'address'), type);
    },
    async getByClient(duid, iaid, type, subnetId) {
      return mirror.byClients([duid], (l) => l.iaid === iaid && l.type === type && (subnetId === undefined || l.subnetId === subnetId));
    },
    async getByDuid(duid) {
      return mirror.byClients([duid]);
    },
    async getByDuids(duids) {
      return mirror.byClients(duids);
    },
    async taken(addresses) {
      const out = new Set<string>();
      addresses.forEach((a, i) => {
        if (mirror.holds(canonical(a, `addresses[${i}]`))) out.add(a);
      });
      return out;
    },
  };
}
