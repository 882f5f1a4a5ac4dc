// What the last SOLICIT read of a client's leases, kept for a few seconds so the REQUEST that
// follows it (RFC 8415 §18.2.2: within about a second) needs no second read: the 4-way
// exchange then costs one database read plus its share of a group commit. Only the decision
// "what does this client already hold" uses it; who holds an address is still decided by the
// database when the REQUEST's changes are applied. An entry is used once, and dropped when the
// client's leases change through this engine.
import type { Lease6 } from '../store/types.js';

const TTL_MS = 5000;
const MAX_ENTRIES = 100_000;

export class RecentClients {
  private readonly entries = new Map<string, { leases: Lease6[]; expires: number }>();

  remember(duid: Buffer, leases: Lease6[]): void {
    const key = duid.toString('latin1');
    this.entries.delete(key);
    this.entries.set(key, { leases, expires: Date.now() + TTL_MS });
    if (this.entries.size > MAX_ENTRIES) {
      // Map order is insertion order: the first entry is the oldest.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The leases remembered for this client (once), unless too old. */
  take(duid: Buffer): Lease6[] | undefined {
    const key = duid.toString('latin1');
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    return e.expires >= Date.now() ? e.leases : undefined;
  }

  forget(duid: Buffer): void {
    this.entries.delete(duid.toString('latin1'));
  }

  clear(): void {
    this.entries.clear();
  }
}
