// Reads of "every lease this client holds" (one per SOLICIT, REQUEST, RENEW, …), batched the
// way LeaseStore.apply() batches writes: while a read is in flight, the requests of the packets
// arriving meanwhile queue up and go to the database together in the next one. An idle server
// reads at once; a busy one makes one query per batch instead of one per packet.
import type { Lease6, LeaseStore } from '../store/types.js';

interface Waiter {
  key: string;
  resolve: (leases: Lease6[]) => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

export class ClientLeaseReads {
  private queue: { duid: Buffer; waiter: Waiter }[] = [];
  private inFlight = 0;

  constructor(private readonly leases: LeaseStore, private readonly maxInFlight: number) {}

  read(duid: Buffer): Promise<Lease6[]> {
    if (!this.leases.getByDuids) return this.leases.getByDuid(duid);
    return new Promise((resolve, reject) => {
      this.queue.push({ duid, waiter: { key: duid.toString('latin1'), resolve, reject } });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      const duids = new Map<string, Buffer>();
      for (const b of batch) duids.set(b.waiter.key, b.duid);
      this.leases.getByDuids!([...duids.values()])
        .then(
          (rows) => {
            const byClient = new Map<string, Lease6[]>();
            for (const l of rows) {
              const k = l.duid.toString('latin1');
              const list = byClient.get(k);
              if (list) list.push(l);
              else byClient.set(k, [l]);
            }
            for (const b of batch) b.waiter.resolve(byClient.get(b.waiter.key)?.slice() ?? []);
          },
          (err: unknown) => {
            for (const b of batch) b.waiter.reject(err);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.pump();
        });
    }
  }
}
