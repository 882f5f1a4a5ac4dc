// The embedded database's in-memory copy of lease6 (lease6-mirror.ts): whatever mix of batches,
// wipes and flushes ran, and in whatever order they were started, the mirrored reads answer
// what the table holds; callers cannot change it through the leases they get; a restart
// fills it from the table.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, openStore } from '../../src/store/open-store.js';
import { createPgliteDriver } from '../../src/store/pglite-driver.js';
import type { Lease6, LeaseMutation, SqlDriver, Store } from '../../src/store/types.js';
import { testLease } from '../helpers/stores.js';

const duid = (n: number) => Buffer.from(`00030001aabbcc${n.toString(16).padStart(6, '0')}`, 'hex');
const address = (n: number) => `2001:db8:${n % 3}::${(n % 40).toString(16)}`;

/** A deterministic pseudo-random sequence (the same mix on every run). */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x80000000;
  };
}

describe('lease6 mirror on PGlite', () => {
  let driver: SqlDriver;
  let mirrored: Store;
  /** reads the table itself: the truth the mirror must match */
  let table: Store;

  beforeAll(async () => {
    driver = await createPgliteDriver();
    mirrored = await createStore(driver, { agentId: 'a', ownsDriver: false });
    table = await createStore(driver, { agentId: 'reader', ownsDriver: false, leaseMirror: false });
  });
  afterAll(async () => {
    await mirrored.close();
    await table.close();
    await driver.close();
  });

  async function expectSameAsTable(): Promise<void> {
    const rows = await table.leases.getAll();
    const clients = new Set<string>();
    for (const l of rows) {
      expect(await mirrored.leases.get(l.address, l.type)).toEqual(l);
      clients.add(l.duid.toString('hex'));
    }
    for (let n = 0; n < 120; n++) {
      const a = address(n);
      expect(await mirrored.leases.get(a)).toEqual(await table.leases.get(a));
      expect(await mirrored.leases.taken([a])).toEqual(await table.leases.taken([a]));
    }
    const duids = Array.from({ length: 12 }, (_, n) => duid(n));
    expect(await mirrored.leases.getByDuids!(duids)).toEqual(await table.leases.getByDuids!(duids));
    for (const d of duids) {
      expect(await mirrored.leases.getByDuid(d)).toEqual(await table.leases.getByDuid(d));
      expect(await mirrored.leases.getByClient(d, 1, 'IA_NA')).toEqual(await table.leases.getByClient(d, 1, 'IA_NA'));
      expect(await mirrored.leases.getByClient(d, 2, 'IA_NA', 1)).toEqual(await table.leases.getByClient(d, 2, 'IA_NA', 1));
    }
  }

  it('answers what the table holds after concurrent batches, wipes and flushes started in any order', async () => {
    const next = random(7);
    const now = Math.floor(Date.now() / 1000);
    for (let round = 0; round < 8; round++) {
      const work: Promise<unknown>[] = [];
      for (let k = 0; k < 40; k++) {
        const n = Math.floor(next() * 120);
        const lease = testLease({
          address: address(n),
          subnetId: 1 + (n % 3),
          duid: duid(n % 12),
          iaid: 1 + (n % 2),
          // some already expired and reclaimed (state 2), so flushes have rows to remove
          state: n % 5 === 0 ? 2 : 0,
          cltt: n % 5 === 0 ? now - 10_000 : now,
          userContext: n % 4 === 0 ? { n } : null,
        });
        const pick = next();
        const change: LeaseMutation =
          pick < 0.5
            ? { op: 'insert', lease, event: 'added', reuseExpired: true }
            : pick < 0.8
              ? { op: 'update', lease: { ...lease, validLft: 5000 }, event: 'updated' }
              : { op: 'delete', address: lease.address, event: 'deleted' };
        work.push(mirrored.leases.apply([change]));
        if (k === 13) work.push(mirrored.leases.wipe(1 + (round % 3)));
        if (k === 27) work.push(mirrored.leases.flushReclaimed(now, 60));
      }
      await Promise.all(work);
      await expectSameAsTable();
    }
    expect((await table.leases.getAll()).length).toBeGreaterThan(0);
  });

  it('keeps commit order when a batch is slow to report: a wipe that commits after it removes its leases', async () => {
    // The batch's statement commits, then its answer takes 50 ms to reach the store; a wipe
    // started meanwhile would run and update the mirror first if nothing kept them in order.
    const slowAnswers: SqlDriver = {
      ...driver,
      async query(sql, params) {
        const r = await driver.query(sql, params);
        if (sql.includes('json_to_recordset')) await new Promise((resolve) => setTimeout(resolve, 50));
        return r as never;
      },
    };
    const store = await createStore(slowAnswers, { agentId: 'slow', ownsDriver: false });
    try {
      await store.leases.wipe();
      const batch = store.leases.apply([{ op: 'insert', lease: testLease({ address: '2001:db8:9::20' }), event: 'added' }]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      await Promise.all([batch, store.leases.wipe()]);
      expect(await table.leases.get('2001:db8:9::20')).toBeNull();
      expect(await store.leases.get('2001:db8:9::20')).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('gives copies: changing a lease read from it changes neither it nor the table', async () => {
    await mirrored.leases.wipe();
    const stored = testLease({ address: '2001:db8:9::1', userContext: { owner: 'x' } });
    await mirrored.leases.apply([{ op: 'insert', lease: stored, event: 'added' }]);
    const read = (await mirrored.leases.get('2001:db8:9::1'))!;
    read.validLft = 1;
    (read.userContext as Record<string, unknown>).owner = 'changed by a callout';
    const [byClient] = await mirrored.leases.getByClient(stored.duid, stored.iaid, 'IA_NA');
    byClient.hostname = 'changed';
    // and the object given to apply() is not kept either
    stored.hostname = 'changed after apply';
    expect(await mirrored.leases.get('2001:db8:9::1')).toEqual(await table.leases.get('2001:db8:9::1'));
    expect((await mirrored.leases.get('2001:db8:9::1'))!.userContext).toEqual({ owner: 'x' });
  });

  it('does not change on a failed change: a conflicting insert and a missing update leave it as the table', async () => {
    await mirrored.leases.wipe();
    const held = testLease({ address: '2001:db8:9::2', duid: duid(1) });
    await mirrored.leases.apply([{ op: 'insert', lease: held, event: 'added' }]);
    const results = await mirrored.leases.apply([
      { op: 'insert', lease: { ...held, duid: duid(2) }, event: 'added' },
      { op: 'update', lease: testLease({ address: '2001:db8:9::3' }), event: 'updated' },
      { op: 'update', lease: { ...held, duid: duid(3) }, event: 'updated', expect: { duid: duid(4), iaid: held.iaid } },
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect((await mirrored.leases.get('2001:db8:9::2'))!.duid).toEqual(duid(1));
    expect(await mirrored.leases.get('2001:db8:9::3')).toBeNull();
    await expectSameAsTable();
  });
});

describe('lease6 mirror across a restart of the embedded database', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'd6a-mirror-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is filled from the table when the store opens', async () => {
    const target = { type: 'embedded' as const, dataDirectory: dir };
    const leases: Lease6[] = [
      testLease({ address: '2001:db8:1::10', duid: duid(1) }),
      testLease({ address: '2001:db8:1::9', duid: duid(1), iaid: 2 }),
      testLease({ type: 'IA_PD', address: '2001:db8:8000::', prefixLen: 56, duid: duid(2) }),
    ];
    const first = await openStore(target, { agentId: 'a', env: {} });
    await first.leases.apply(leases.map((lease) => ({ op: 'insert', lease, event: 'added' })));
    await first.close();

    const second = await openStore(target, { agentId: 'a', env: {} });
    try {
      expect(await second.leases.get('2001:db8:8000::', 'IA_PD')).toEqual(leases[2]);
      // inet order, as the table returns it: ::9 before ::10
      expect((await second.leases.getByDuid(duid(1))).map((l) => l.address)).toEqual(['2001:db8:1::9', '2001:db8:1::10']);
      expect(await second.leases.taken(['2001:db8:1::10', '2001:db8:1::11'])).toEqual(new Set(['2001:db8:1::10']));
    } finally {
      await second.close();
    }
  });
});
