// Lookups of one lease by address (lease6-get, lease6-update's check, the engine's check of a
// requested address), batched the way apply() batches writes: while a read is in flight, the
// lookups arriving meanwhile queue up and go to the database together in the next statement.
// An idle server reads at once; under concurrent commands one statement (and one round trip)
// serves many callers instead of one each.

import type { Lease6 } from './types.js';

interface Waiter {
  address: string;
  resolve(lease: Lease6 | null): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 500;

export class AddressReads {
  private queue: Waiter[] = [];
  private inFlight = 0;

  /** `read` returns the leases stored at any of the (canonical) addresses. */
  constructor(
    private readonly read: (addresses: string[]) => Promise<Lease6[]>,
    private readonly maxInFlight: number,
  ) {}

  /** The lease at a canonical address, or null. */
  get(address: string): Promise<Lease6 | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ address, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      this.read([...new Set(batch.map((w) => w.address))])
        .then(
          (rows) => {
            const byAddress = new Map(rows.map((l) => [l.address, l]));
            const handed = new Set<string>();
            for (const w of batch) {
              const l = byAddress.get(w.address);
              if (l === undefined) w.resolve(null);
              // callers asking for the same address each get their own object
              else if (handed.has(w.address)) w.resolve({ ...l, userContext: l.userContext && structuredClone(l.userContext) });
              else {
                handed.add(w.address);
                w.resolve(l);
              }
            }
          },
          (err: unknown) => {
            for (const w of batch) w.reject(err);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
