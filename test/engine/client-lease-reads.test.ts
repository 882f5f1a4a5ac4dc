import { describe, expect, it } from 'vitest';
import { ClientLeaseReads } from '../../src/engine/client-lease-reads.js';
import type { Lease6, LeaseStore } from '../../src/store/types.js';
import { testLease } from '../helpers/stores.js';

const A = Buffer.from('00030001aaaaaaaaaaaa', 'hex');
const B = Buffer.from('00030001bbbbbbbbbbbb', 'hex');
const C = Buffer.from('00030001cccccccccccc', 'hex');

function fakeStore(rows: Lease6[]) {
  const calls: Buffer[][] = [];
  let release: () => void = () => undefined;
  const store = {
    getByDuid: async (d: Buffer) => rows.filter((l) => l.duid.equals(d)),
    getByDuids: (ds: readonly Buffer[]) => {
      calls.push([...ds]);
      return new Promise<Lease6[]>((resolve) => {
        release = () => resolve(rows.filter((l) => ds.some((d) => d.equals(l.duid))));
      });
    },
  } as unknown as LeaseStore;
  return { store, calls, release: () => release() };
}

describe('batched client lease reads', () => {
  it('reads at once when idle and batches the requests arriving while a read is in flight', async () => {
    const rows = [testLease({ duid: A, address: '2001:db8:1::1' }), testLease({ duid: B, address: '2001:db8:1::2' }), testLease({ duid: B, address: '2001:db8:1::3' })];
    const f = fakeStore(rows);
    const reads = new ClientLeaseReads(f.store, 1);
    const first = reads.read(A);
    const second = reads.read(B);
    const third = reads.read(C);
    const again = reads.read(B);
    expect(f.calls.map((c) => c.length)).toEqual([1]);
    f.release();
    expect((await first).map((l) => l.address)).toEqual(['2001:db8:1::1']);
    await new Promise((r) => setImmediate(r));
    expect(f.calls.map((c) => c.length)).toEqual([1, 2]);
    f.release();
    expect((await second).map((l) => l.address)).toEqual(['2001:db8:1::2', '2001:db8:1::3']);
    expect(await third).toEqual([]);
    expect((await again).map((l) => l.address)).toEqual(['2001:db8:1::2', '2001:db8:1::3']);
  });

  it('reads one client at a time when the store cannot read several', async () => {
    const store = { getByDuid: async () => [testLease({ duid: A })] } as unknown as LeaseStore;
    expect(await new ClientLeaseReads(store, 1).read(A)).toHaveLength(1);
  });

  it('fails every request of a batch whose read fails', async () => {
    const store = { getByDuid: async () => [], getByDuids: async () => Promise.reject(new Error('db down')) } as unknown as LeaseStore;
    const reads = new ClientLeaseReads(store, 1);
    await expect(reads.read(A)).rejects.toThrow('db down');
  });
});
