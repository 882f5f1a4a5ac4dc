// Candidate generation for dynamic allocation, in the spirit of Kea's iterative allocator:
// each pool (or pd-pool) has a cursor walking its addresses (delegated prefixes) in order
// and wrapping around. Candidates are checked against the database in batches with one
// LeaseStore.taken() query, and the free ones are kept for the next packets for a short
// while. The database stays the arbiter: a candidate that turns out to be taken when it
// is inserted is simply skipped (the insert reports 'conflict').
import type { PdPool6, Pool6 } from '../config/types.js';
import { formatIpv6 } from '../dhcp6/ipv6.js';
import type { LeaseStore, LeaseType } from '../store/types.js';

/** A pool seen as `count` candidates: first + i·step, each a /prefixLen. */
export interface PoolRange {
  /** stable identity across reconfigurations: same subnet and pool text → same cursor */
  readonly key: string;
  readonly type: LeaseType;
  readonly subnetId: number;
  readonly first: bigint;
  readonly count: bigint;
  readonly step: bigint;
  readonly prefixLen: number;
  readonly pool: Pool6 | PdPool6;
}

export function naPoolRange(subnetId: number, pool: Pool6): PoolRange {
  return {
    key: `${subnetId}/na/${pool.start}-${pool.end}`,
    type: 'IA_NA',
    subnetId,
    first: pool.start,
    count: pool.end - pool.start + 1n,
    step: 1n,
    prefixLen: 128,
    pool,
  };
}

export function pdPoolRange(subnetId: number, pool: PdPool6): PoolRange {
  return {
    key: `${subnetId}/pd/${pool.prefix}/${pool.prefixLen}/${pool.delegatedLen}`,
    type: 'IA_PD',
    subnetId,
    first: pool.prefix,
    count: 1n << BigInt(pool.delegatedLen - pool.prefixLen),
    step: 1n << BigInt(128 - pool.delegatedLen),
    prefixLen: pool.delegatedLen,
    pool,
  };
}

export function poolRangeContains(range: PoolRange, address: bigint, prefixLen: number): boolean {
  if (prefixLen !== range.prefixLen || address < range.first) return false;
  const offset = address - range.first;
  return offset % range.step === 0n && offset / range.step < range.count;
}

/** Candidates checked per taken() query. */
const BATCH = 64;
/** How long a batch's verdict "free" is trusted before it is asked again. */
const FREE_TTL_MS = 1000;
/** Candidates one take() may examine before it reports the pool as full. */
const MAX_SCAN = 4096n;
/** How long a pool found full is not scanned again (a flood of clients must not rescan it). */
const FULL_PAUSE_MS = 1000;

export class PoolCursor {
  private next = 0n;
  private free: string[] = [];
  private freeIndex: bigint[] = [];
  private freeAt = 0;
  private pending: Promise<void> | null = null;
  private fullUntil = 0;

  constructor(readonly range: PoolRange) {}

  /** Says the pool has nothing to give for a moment (no free candidate, no expired lease). */
  markFull(): void {
    this.fullUntil = Date.now() + FULL_PAUSE_MS;
  }

  get full(): boolean {
    return this.fullUntil > Date.now();
  }

  /**
   * The next candidate the database last said is free and `usable` accepts, or null when
   * a whole pass over the pool (bounded by MAX_SCAN) found none.
   */
  async take(store: LeaseStore, usable: (address: string) => boolean): Promise<string | null> {
    if (this.full) return null;
    const limit = this.range.count < MAX_SCAN ? this.range.count : MAX_SCAN;
    let scanned = 0n;
    for (;;) {
      if (this.free.length > 0 && Date.now() - this.freeAt > FREE_TTL_MS) this.forgetFree();
      while (this.free.length > 0) {
        const a = this.free.shift()!;
        this.freeIndex.shift();
        if (usable(a)) return a;
      }
      if (scanned >= limit) return null;
      if (this.pending) {
        await this.pending;
      } else {
        const n = this.range.count < BigInt(BATCH) ? this.range.count : BigInt(BATCH);
        this.pending = this.fetch(store, n).finally(() => {
          this.pending = null;
        });
        await this.pending;
      }
      scanned += this.range.count < BigInt(BATCH) ? this.range.count : BigInt(BATCH);
    }
  }

  /** Drops what is known to be free (after a conflict says the knowledge is stale). */
  forgetFree(): void {
    if (this.freeIndex.length > 0) this.next = this.freeIndex[0];
    this.free = [];
    this.freeIndex = [];
  }

  private async fetch(store: LeaseStore, n: bigint): Promise<void> {
    const batch: string[] = [];
    const indexes: bigint[] = [];
    const { first, step, count } = this.range;
    let i = this.next;
    for (let k = 0n; k < n; k++) {
      batch.push(formatIpv6(first + i * step));
      indexes.push(i);
      i = i + 1n === count ? 0n : i + 1n;
    }
    this.next = i;
    const taken = await store.taken(batch);
    for (let k = 0; k < batch.length; k++) {
      if (taken.has(batch[k])) continue;
      this.free.push(batch[k]);
      this.freeIndex.push(indexes[k]);
    }
    this.freeAt = Date.now();
  }
}

/** The cursors of the pools of the running configuration; kept across reconfiguration. */
export class PoolCursors {
  private cursors = new Map<string, PoolCursor>();

  get(range: PoolRange): PoolCursor {
    let c = this.cursors.get(range.key);
    if (!c) {
      c = new PoolCursor(range);
      this.cursors.set(range.key, c);
    }
    return c;
  }

  /** Keeps the cursors of pools that still exist. */
  retain(keys: Iterable<string>): void {
    const keep = new Set(keys);
    for (const k of [...this.cursors.keys()]) if (!keep.has(k)) this.cursors.delete(k);
  }
}
