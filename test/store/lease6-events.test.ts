import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { isLeaseBatch, spyDriver } from './driver-spy.js';
import { lease6ToJson } from '../../src/store/lease6-json.js';
import type { Lease6, LeaseEventFilter, LeaseMutation, SqlDriver } from '../../src/store/types.js';

const addr = (n: number) => `2001:db8:5::${n.toString(16)}`;
const insertOf = (n: number, overrides: Partial<Lease6> = {}): LeaseMutation => ({
  op: 'insert',
  lease: testLease({ address: addr(n), ...overrides }),
  event: 'allocated',
});

/** Waits until `check` holds (notifications arrive asynchronously), at most ~5 s. */
async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

const leaseArb = fc.record({
  type: fc.constantFrom<Lease6['type']>('IA_NA', 'IA_TA', 'IA_PD'),
  n: fc.integer({ min: 1, max: 0xffff }),
  prefixLen: fc.integer({ min: 48, max: 64 }),
  subnetId: fc.integer({ min: 0, max: 0xffffffff }),
  duid: fc.uint8Array({ minLength: 1, maxLength: 20 }),
  iaid: fc.integer({ min: 0, max: 0xffffffff }),
  preferredLft: fc.integer({ min: 0, max: 0xffffffff }),
  validLft: fc.integer({ min: 0, max: 0xffffffff }),
  cltt: fc.integer({ min: 0, max: 2_000_000_000 }),
  hwaddr: fc.option(fc.uint8Array({ minLength: 0, maxLength: 8 })),
  hostname: fc.string({ maxLength: 20 }).filter((s) => !s.includes('\0')),
  fqdnFwd: fc.boolean(),
  fqdnRev: fc.boolean(),
  state: fc.constantFrom<Lease6['state']>(0, 1, 2),
  userContext: fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 }).filter((s) => !s.includes('\0')), fc.constant(null)))),
});

type LeaseValues = typeof leaseArb extends fc.Arbitrary<infer T> ? T : never;

function leaseFrom(v: LeaseValues): Lease6 {
  const pd = v.type === 'IA_PD';
  return {
    type: v.type,
    // /64 steps keep every generated prefix aligned for any length up to 64
    address: pd ? `2001:db8:${v.n.toString(16)}::` : addr(v.n),
    prefixLen: pd ? v.prefixLen : 128,
    subnetId: v.subnetId,
    duid: Buffer.from(v.duid),
    iaid: v.iaid,
    preferredLft: v.preferredLft,
    validLft: v.validLft,
    cltt: v.cltt,
    hwaddr: v.hwaddr ? Buffer.from(v.hwaddr) : null,
    hwtype: v.hwaddr ? 1 : null,
    hwaddrSource: v.hwaddr ? 8 : null,
    hostname: v.hostname,
    fqdnFwd: v.fqdnFwd,
    fqdnRev: v.fqdnRev,
    state: v.state,
    userContext: v.userContext,
  };
}

forEachDriver('lease6 events', (getStore, ctx) => {
  describe('what is written', () => {
    it('writes one event per applied change with the lease in Kea lease6-get shape', async () => {
      const lease = testLease({ address: addr(1), hwaddr: Buffer.from('1a1b1c1d1e1f', 'hex'), hwtype: 1, hwaddrSource: 1, userContext: { note: 'x' } });
      const renewed = { ...lease, cltt: lease.cltt + 60, hostname: 'h.example.org' };
      await getStore().leases.apply([{ op: 'insert', lease, event: 'allocated' }]);
      await getStore().leases.apply([{ op: 'update', lease: renewed, event: 'renewed' }]);
      await getStore().leases.apply([{ op: 'delete', address: addr(1), event: 'released' }]);
      const events = await getStore().events.readSince(0, 10);
      expect(events.map((e) => [e.seq, e.event, e.agent, e.address, e.prefixLen, e.subnetId])).toEqual([
        [1, 'allocated', 'test-agent', addr(1), 128, 1],
        [2, 'renewed', 'test-agent', addr(1), 128, 1],
        [3, 'released', 'test-agent', addr(1), 128, 1],
      ]);
      expect(events[0].duid).toEqual(lease.duid);
      expect(events.map((e) => e.lease)).toEqual([lease6ToJson(lease), lease6ToJson(renewed), lease6ToJson(renewed)]);
      // keys in Kea's order, as lease6-get prints them
      expect(Object.keys(events[0].lease)).toEqual(Object.keys(lease6ToJson(lease)));
      expect(events[0].at).toBeInstanceOf(Date);
    });

    it('builds the event lease exactly as lease6ToJson does, for any lease', async () => {
      await fc.assert(
        fc.asyncProperty(leaseArb, async (v) => {
          const lease = leaseFrom(v);
          await getStore().driver.query('TRUNCATE lease6, lease6_event');
          await getStore().leases.apply([{ op: 'insert', lease, event: 'added' }]);
          await getStore().leases.apply([{ op: 'delete', address: lease.address, event: 'deleted' }]);
          const events = await getStore().events.readSince(0, 10);
          const kea = lease6ToJson(lease);
          // user-context is stored as jsonb, which orders its keys its own way: compare it by value
          expect(events.map((e) => e.lease)).toEqual([kea, kea]);
          for (const e of events) expect(Object.keys(e.lease)).toEqual(Object.keys(kea));
        }),
        { numRuns: 25 },
      );
    });

    it('writes no event for a change answered conflict or missing', async () => {
      await getStore().leases.apply([insertOf(1)]);
      const before = await getStore().events.maxSeq();
      await getStore().leases.apply([
        insertOf(1),
        { op: 'update', lease: testLease({ address: addr(2) }), event: 'renewed' },
        { op: 'delete', address: addr(3), event: 'released' },
      ]);
      expect(await getStore().events.maxSeq()).toBe(before);
    });

    it('writes no event when the transaction holding the change does not commit', async () => {
      let statements = 0;
      const store = await ctx.openAgent('failing', {
        wrap: (d: SqlDriver) =>
          spyDriver(d, (s) => {
            // a batch touching one address twice runs one statement per round in a transaction:
            // fail the second round after the first one wrote its lease and event
            if (isLeaseBatch(s) && s.inTransaction && ++statements === 2) throw new Error('second round failed');
          }).driver,
      });
      const lease = testLease({ address: addr(1) });
      await expect(
        store.leases.apply([
          { op: 'insert', lease, event: 'allocated' },
          { op: 'update', lease: { ...lease, hostname: 'x' }, event: 'renewed' },
        ]),
      ).rejects.toThrow('second round failed');
      expect(await getStore().leases.get(addr(1))).toBeNull();
      expect(await getStore().events.readSince(0, 10)).toEqual([]);
    });

    it('writes one wiped event per wiped lease, in address order', async () => {
      await getStore().leases.apply([insertOf(0x10), insertOf(2), insertOf(3, { subnetId: 2 })]);
      const before = await getStore().events.maxSeq();
      await getStore().leases.wipe(1);
      const events = await getStore().events.readSince(before, 10);
      expect(events.map((e) => [e.event, e.address])).toEqual([
        ['wiped', addr(2)],
        ['wiped', addr(0x10)],
      ]);
      expect(events[0].lease).toEqual(lease6ToJson(testLease({ address: addr(2), cltt: (events[0].lease.cltt as number) })));
    });
  });

  describe('reading', () => {
    it('numbers events in commit order and reads them in pages after a seq', async () => {
      await getStore().leases.apply([insertOf(1), insertOf(2)]);
      await getStore().leases.apply([insertOf(3)]);
      await getStore().leases.apply([{ op: 'delete', address: addr(1), event: 'released' }]);
      const all = await getStore().events.readSince(0, 100);
      expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(all.map((e) => e.address)).toEqual([addr(1), addr(2), addr(3), addr(1)]);
      expect((await getStore().events.readSince(1, 2)).map((e) => e.seq)).toEqual([2, 3]);
      expect(await getStore().events.readSince(4, 10)).toEqual([]);
    });

    it('gives times that never go back in seq order, also when a transaction that began first commits last', async () => {
      // Agent "slow" opens its transaction, then pauses 100 ms before writing; agent "quick"
      // commits meanwhile and so gets the lower seq. A time taken when each transaction began
      // (now()) would put slow's later events before quick's.
      const slow = await ctx.openAgent('agent-slow', {
        wrap: (d) => ({
          ...d,
          transaction: (fn) =>
            d.transaction(async (tx) => {
              await tx.query('SELECT 1');
              await new Promise((resolve) => setTimeout(resolve, 100));
              return fn(tx);
            }),
        }),
      });
      const quick = getStore();
      // one address changed twice in one call: two rounds, so one explicit transaction
      const slowDone = slow.leases.apply([insertOf(1), { op: 'update', lease: testLease({ address: addr(1), validLft: 5000 }), event: 'updated' }]);
      await new Promise((resolve) => setTimeout(resolve, 30));
      await quick.leases.apply([insertOf(2)]);
      await slowDone;
      const all = await getStore().events.readSince(0, 10);
      // PGlite has one connection: quick waits for slow's transaction there
      expect(all.map((e) => e.address)).toEqual(ctx.kind === 'pg' ? [addr(2), addr(1), addr(1)] : [addr(1), addr(1), addr(2)]);
      for (let i = 1; i < all.length; i++) expect(all[i].at.getTime()).toBeGreaterThanOrEqual(all[i - 1].at.getTime());
    });

    it('filters by subnet, event type, address, DUID and agent', async () => {
      const duid = Buffer.from('0001000aabbccdd0', 'hex');
      await getStore().leases.apply([insertOf(1, { subnetId: 1 }), insertOf(2, { subnetId: 2, duid }), insertOf(3, { subnetId: 3 })]);
      await getStore().leases.apply([{ op: 'delete', address: addr(3), event: 'released' }]);
      const other = await ctx.openAgent('other-agent');
      await other.leases.apply([insertOf(4, { subnetId: 1 })]);
      const seqs = async (filter: LeaseEventFilter) => (await getStore().events.readSince(0, 100, filter)).map((e) => e.address);
      expect(await seqs({ subnetIds: [1, 2] })).toEqual([addr(1), addr(2), addr(4)]);
      expect(await seqs({ events: ['released'] })).toEqual([addr(3)]);
      expect(await seqs({ address: '2001:DB8:5:0::3' })).toEqual([addr(3), addr(3)]);
      expect(await seqs({ duid })).toEqual([addr(2)]);
      expect(await seqs({ agent: 'other-agent' })).toEqual([addr(4)]);
      expect(await seqs({ agent: 'other-agent', subnetIds: [2] })).toEqual([]);
    });

    it('reports the stored seq range, 0 when there are no events', async () => {
      expect([await getStore().events.minSeq(), await getStore().events.maxSeq()]).toEqual([0, 0]);
      await getStore().leases.apply([insertOf(1), insertOf(2), insertOf(3)]);
      expect([await getStore().events.minSeq(), await getStore().events.maxSeq()]).toEqual([1, 3]);
    });
  });

  describe('prune', () => {
    it('keeps the newest maxCount events', async () => {
      await getStore().leases.apply(Array.from({ length: 10 }, (_, n) => insertOf(n)));
      expect(await getStore().events.prune({ maxCount: 4 })).toBe(6);
      expect((await getStore().events.readSince(0, 100)).map((e) => e.seq)).toEqual([7, 8, 9, 10]);
      expect(await getStore().events.prune({ maxCount: 4 })).toBe(0);
    });

    it('removes events older than maxAgeSeconds', async () => {
      await getStore().leases.apply([insertOf(1), insertOf(2), insertOf(3)]);
      await getStore().driver.query("UPDATE lease6_event SET at = now() - interval '2 hours' WHERE seq <= 2");
      expect(await getStore().events.prune({ maxAgeSeconds: 3600 })).toBe(2);
      expect(await getStore().events.minSeq()).toBe(3);
    });
  });

  describe('listen', () => {
    it('calls back with the highest seq after each committed batch, from any agent', async () => {
      const seen: number[] = [];
      const stop = await getStore().events.listen((seq) => seen.push(seq));
      try {
        await getStore().leases.apply([insertOf(1), insertOf(2)]);
        await eventually(() => seen.includes(2));
        const other = await ctx.openAgent('other-agent');
        await other.leases.apply([insertOf(3)]);
        await eventually(() => seen.includes(3));
        expect(seen).toEqual([2, 3]);
      } finally {
        await stop();
      }
      await getStore().leases.apply([insertOf(4)]);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual([2, 3]);
    });

    it.runIf(ctx.kind === 'pg')('catches up after the listening connection was lost', async () => {
      const seen: number[] = [];
      const stop = await getStore().events.listen((seq) => seen.push(seq));
      try {
        const killed = await getStore().driver.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
        );
        expect(killed.rowCount).toBe(1);
        // written while nobody listens: the notification is lost, the reconnect reports maxSeq
        const other = await ctx.openAgent('other-agent');
        await other.leases.apply([insertOf(1), insertOf(2)]);
        await eventually(() => seen.includes(2));
        await getStore().leases.apply([insertOf(3)]);
        await eventually(() => seen.includes(3));
      } finally {
        await stop();
      }
    });

    it('stays silent for a batch that applied nothing', async () => {
      await getStore().leases.apply([insertOf(1)]);
      const seen: number[] = [];
      const stop = await getStore().events.listen((seq) => seen.push(seq));
      try {
        await getStore().leases.apply([insertOf(1)]);
        await getStore().leases.apply([insertOf(2)]);
        await eventually(() => seen.length > 0);
        expect(seen).toEqual([2]);
      } finally {
        await stop();
      }
    });
  });
});
