import { describe, expect, it } from 'vitest';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StoreInputError, type Lease6, type LeaseMutation, type Store } from '../../src/store/types.js';

const now = () => Math.floor(Date.now() / 1000);
const DUID_A = Buffer.from('00030001aabbccddee01', 'hex');
const DUID_B = Buffer.from('00030001aabbccddee02', 'hex');

async function insert(store: Store, ...leases: Lease6[]) {
  const results = await store.leases.apply(leases.map((lease) => ({ op: 'insert', lease, event: 'added' }) as LeaseMutation));
  for (const r of results) expect(r.ok).toBe(true);
}

forEachDriver('LeaseStore', (getStore) => {
  describe('get', () => {
    it('returns every field of an IA_NA lease as it was inserted', async () => {
      const lease = testLease({
        hwaddr: Buffer.from('1a1b1c1d1e1f', 'hex'),
        hwtype: 1,
        hwaddrSource: 4,
        hostname: 'urania.example.org',
        fqdnFwd: true,
        fqdnRev: true,
        state: 1,
        iaid: 0xffffffff,
        validLft: 0xffffffff,
        userContext: { note: 'x', nested: { list: [1, null, 'y'] } },
      });
      await insert(getStore(), lease);
      expect(await getStore().leases.get(lease.address)).toEqual(lease);
    });

    it('returns an IA_PD lease by its prefix address, with the prefix length', async () => {
      const pd = testLease({ type: 'IA_PD', address: '2001:db8:8000:100::', prefixLen: 56, iaid: 99 });
      await insert(getStore(), pd);
      expect(await getStore().leases.get('2001:db8:8000:100::', 'IA_PD')).toEqual(pd);
    });

    it('does not return a lease of another type when a type is given', async () => {
      await insert(getStore(), testLease({ address: '2001:db8:1::5' }));
      expect(await getStore().leases.get('2001:db8:1::5', 'IA_PD')).toBeNull();
      expect(await getStore().leases.get('2001:db8:1::5', 'IA_NA')).not.toBeNull();
    });

    it('finds a lease whatever spelling of the address is asked for, and answers in canonical text', async () => {
      await insert(getStore(), testLease({ address: '2001:DB8:0:0:1::A' }));
      const got = await getStore().leases.get('2001:db8::1:0:0:a');
      expect(got?.address).toBe('2001:db8::1:0:0:a');
    });

    it('returns null for an address without a lease', async () => {
      expect(await getStore().leases.get('2001:db8:1::77')).toBeNull();
    });

    it('rejects an address that is not IPv6 naming the field', async () => {
      await expect(getStore().leases.get('192.0.2.1')).rejects.toThrow(StoreInputError);
      await expect(getStore().leases.get('2001:db8::zz')).rejects.toThrow(/address/);
    });
  });

  describe('apply insert', () => {
    it('answers conflict for an address held by a live lease and leaves that lease alone', async () => {
      const first = testLease({ duid: DUID_A });
      await insert(getStore(), first);
      const [r] = await getStore().leases.apply([{ op: 'insert', lease: testLease({ duid: DUID_B }), event: 'allocated' }]);
      expect(r).toEqual({ ok: false, reason: 'conflict' });
      expect((await getStore().leases.get(first.address))?.duid).toEqual(DUID_A);
    });

    it('answers conflict for an expired lease unless reuseExpired is set', async () => {
      await insert(getStore(), testLease({ duid: DUID_A, cltt: now() - 5000, validLft: 100 }));
      const [plain] = await getStore().leases.apply([{ op: 'insert', lease: testLease({ duid: DUID_B }), event: 'allocated' }]);
      expect(plain).toEqual({ ok: false, reason: 'conflict' });
    });

    it('replaces an expired lease when reuseExpired is set', async () => {
      await insert(getStore(), testLease({ duid: DUID_A, cltt: now() - 5000, validLft: 100 }));
      const fresh = testLease({ duid: DUID_B, iaid: 42 });
      const [r] = await getStore().leases.apply([{ op: 'insert', lease: fresh, event: 'allocated', reuseExpired: true }]);
      expect(r).toEqual({ ok: true, lease: fresh });
      expect(await getStore().leases.get(fresh.address)).toEqual(fresh);
    });

    it('replaces an expired-reclaimed lease even while its lifetime would still run', async () => {
      await insert(getStore(), testLease({ duid: DUID_A, state: 2 }));
      const [r] = await getStore().leases.apply([{ op: 'insert', lease: testLease({ duid: DUID_B }), event: 'allocated', reuseExpired: true }]);
      expect(r.ok).toBe(true);
    });

    it('does not replace a live lease even with reuseExpired', async () => {
      await insert(getStore(), testLease({ duid: DUID_A }));
      const [r] = await getStore().leases.apply([{ op: 'insert', lease: testLease({ duid: DUID_B }), event: 'allocated', reuseExpired: true }]);
      expect(r).toEqual({ ok: false, reason: 'conflict' });
      expect((await getStore().leases.get(testLease().address))?.duid).toEqual(DUID_A);
    });

    it('rejects invalid leases before writing anything, naming the field', async () => {
      const good = testLease({ address: '2001:db8:1::1' });
      const bad: LeaseMutation[] = [
        { op: 'insert', lease: good, event: 'added' },
        { op: 'insert', lease: testLease({ address: '2001:db8:1::2', iaid: -1 }), event: 'added' },
      ];
      await expect(getStore().leases.apply(bad)).rejects.toThrow(/changes\[1\]\.lease\.iaid/);
      await expect(
        getStore().leases.apply([{ op: 'insert', lease: testLease({ type: 'IA_PD', address: '2001:db8:8000:101::', prefixLen: 56 }), event: 'added' }]),
      ).rejects.toThrow(/not the first address of a \/56 prefix/);
      await expect(getStore().leases.apply([{ op: 'insert', lease: testLease({ prefixLen: 64 }), event: 'added' }])).rejects.toThrow(/prefixLen/);
      expect(await getStore().leases.get(good.address)).toBeNull();
    });
  });

  describe('apply update', () => {
    it('replaces the stored lease', async () => {
      const lease = testLease();
      await insert(getStore(), lease);
      const renewed = { ...lease, cltt: lease.cltt + 100, validLft: 9000, hostname: 'h.example.org' };
      const [r] = await getStore().leases.apply([{ op: 'update', lease: renewed, event: 'renewed' }]);
      expect(r).toEqual({ ok: true, lease: renewed });
      expect(await getStore().leases.get(lease.address)).toEqual(renewed);
    });

    it('answers missing when there is no lease at that address', async () => {
      const [r] = await getStore().leases.apply([{ op: 'update', lease: testLease(), event: 'renewed' }]);
      expect(r).toEqual({ ok: false, reason: 'missing' });
    });

    it('updates when the stored duid, iaid and cltt are the expected ones', async () => {
      const lease = testLease({ duid: DUID_A, iaid: 7 });
      await insert(getStore(), lease);
      const [r] = await getStore().leases.apply([
        { op: 'update', lease: { ...lease, cltt: lease.cltt + 1 }, event: 'renewed', expect: { duid: DUID_A, iaid: 7, cltt: lease.cltt } },
      ]);
      expect(r.ok).toBe(true);
    });

    it('answers conflict and keeps the row when the stored lease is not the expected one', async () => {
      const lease = testLease({ duid: DUID_A, iaid: 7 });
      await insert(getStore(), lease);
      const changed = { ...lease, duid: DUID_B, cltt: lease.cltt + 1 };
      const results = await getStore().leases.apply([
        { op: 'update', lease: changed, event: 'renewed', expect: { duid: DUID_B, iaid: 7 } },
      ]);
      const [byIaid] = await getStore().leases.apply([{ op: 'update', lease: changed, event: 'renewed', expect: { duid: DUID_A, iaid: 8 } }]);
      const [byCltt] = await getStore().leases.apply([
        { op: 'update', lease: changed, event: 'renewed', expect: { duid: DUID_A, iaid: 7, cltt: lease.cltt - 1 } },
      ]);
      expect([results[0], byIaid, byCltt]).toEqual(Array(3).fill({ ok: false, reason: 'conflict' }));
      expect(await getStore().leases.get(lease.address)).toEqual(lease);
    });
  });

  describe('apply delete', () => {
    it('removes the lease and returns it as it was', async () => {
      const lease = testLease({ hwaddr: Buffer.from('0a0b0c0d0e0f', 'hex'), hwtype: 1, hwaddrSource: 2, userContext: { a: 1 } });
      await insert(getStore(), lease);
      const [r] = await getStore().leases.apply([{ op: 'delete', address: lease.address, event: 'released' }]);
      expect(r).toEqual({ ok: true, lease });
      expect(await getStore().leases.get(lease.address)).toBeNull();
    });

    it('answers missing when there is no lease at that address', async () => {
      const [r] = await getStore().leases.apply([{ op: 'delete', address: '2001:db8:1::99', event: 'released' }]);
      expect(r).toEqual({ ok: false, reason: 'missing' });
    });
  });

  describe('apply with several changes', () => {
    it('gives results in the order of the changes', async () => {
      await insert(getStore(), testLease({ address: '2001:db8:1::1' }));
      const results = await getStore().leases.apply([
        { op: 'delete', address: '2001:db8:1::2', event: 'released' },
        { op: 'insert', lease: testLease({ address: '2001:db8:1::1' }), event: 'allocated' },
        { op: 'insert', lease: testLease({ address: '2001:db8:1::3' }), event: 'allocated' },
        { op: 'update', lease: testLease({ address: '2001:db8:1::4' }), event: 'renewed' },
        { op: 'update', lease: testLease({ address: '2001:db8:1::1', hostname: 'x' }), event: 'renewed' },
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['missing', 'conflict', 'ok', 'missing', 'ok']);
    });

    it('applies several changes to one address in the order given', async () => {
      const lease = testLease();
      const results = await getStore().leases.apply([
        { op: 'insert', lease, event: 'allocated' },
        { op: 'update', lease: { ...lease, hostname: 'second' }, event: 'renewed', expect: { duid: lease.duid, iaid: lease.iaid } },
        { op: 'delete', address: lease.address, event: 'released' },
        { op: 'insert', lease: { ...lease, hostname: 'fourth' }, event: 'allocated' },
      ]);
      expect(results.every((r) => r.ok)).toBe(true);
      expect(results[2]).toEqual({ ok: true, lease: { ...lease, hostname: 'second' } });
      expect((await getStore().leases.get(lease.address))?.hostname).toBe('fourth');
    });

    it('returns an empty list for no changes', async () => {
      expect(await getStore().leases.apply([])).toEqual([]);
    });
  });

  describe('lookups', () => {
    const a1 = testLease({ address: '2001:db8:1::1', duid: DUID_A, iaid: 1, subnetId: 1, hostname: 'Alpha.example.org' });
    const a2 = testLease({ address: '2001:db8:1::2', duid: DUID_A, iaid: 1, subnetId: 1 });
    const a3 = testLease({ address: '2001:db8:2::3', duid: DUID_A, iaid: 1, subnetId: 2 });
    const apd = testLease({ type: 'IA_PD', address: '2001:db8:8000::', prefixLen: 48, duid: DUID_A, iaid: 1, subnetId: 1 });
    const b1 = testLease({ address: '2001:db8:1::10', duid: DUID_B, iaid: 1, subnetId: 1, hostname: 'alpha.example.org' });

    it('finds the leases of a client IA by duid, iaid and type, optionally within one subnet', async () => {
      await insert(getStore(), a1, a2, a3, apd, b1);
      const all = await getStore().leases.getByClient(DUID_A, 1, 'IA_NA');
      expect(all.map((l) => l.address)).toEqual(['2001:db8:1::1', '2001:db8:1::2', '2001:db8:2::3']);
      const inSubnet = await getStore().leases.getByClient(DUID_A, 1, 'IA_NA', 2);
      expect(inSubnet.map((l) => l.address)).toEqual(['2001:db8:2::3']);
      expect(await getStore().leases.getByClient(DUID_A, 1, 'IA_PD')).toEqual([apd]);
      expect(await getStore().leases.getByClient(DUID_A, 2, 'IA_NA')).toEqual([]);
    });

    it('finds all leases of a DUID', async () => {
      await insert(getStore(), a1, a3, b1);
      expect((await getStore().leases.getByDuid(DUID_B)).map((l) => l.address)).toEqual(['2001:db8:1::10']);
      expect(await getStore().leases.getByDuid(DUID_A)).toHaveLength(2);
    });

    it('finds the leases of several DUIDs with one call', async () => {
      await insert(getStore(), a1, a3, b1, testLease({ address: '2001:db8:1::30', duid: Buffer.from('0003000100', 'hex') }));
      const found = await getStore().leases.getByDuids!([DUID_A, DUID_B, Buffer.from('ffff', 'hex')]);
      expect(found.map((l) => l.address)).toEqual(['2001:db8:1::1', '2001:db8:1::10', '2001:db8:2::3']);
      expect(await getStore().leases.getByDuids!([])).toEqual([]);
    });

    it('finds leases by hostname without regard to case, and none for an empty name', async () => {
      await insert(getStore(), a1, a2, b1);
      const found = await getStore().leases.getByHostname('ALPHA.example.org');
      expect(found.map((l) => l.address)).toEqual(['2001:db8:1::1', '2001:db8:1::10']);
      expect(await getStore().leases.getByHostname('')).toEqual([]);
    });

    it('lists all leases or those of some subnets, in address order', async () => {
      await insert(getStore(), b1, a3, a1, apd);
      expect((await getStore().leases.getAll()).map((l) => l.address)).toEqual([
        '2001:db8:1::1',
        '2001:db8:1::10',
        '2001:db8:2::3',
        '2001:db8:8000::',
      ]);
      expect((await getStore().leases.getAll({ subnetIds: [2] })).map((l) => l.address)).toEqual(['2001:db8:2::3']);
      expect(await getStore().leases.getAll({ subnetIds: [] })).toEqual([]);
    });

    it('pages through leases in numeric address order', async () => {
      // in text order "::10" would sort before "::9"
      const addresses = ['2001:db8::9', '2001:db8::10', '2001:db8::a0', '2001:db8:1::', '2001:db8::1'];
      await insert(getStore(), ...addresses.map((address) => testLease({ address })));
      const seen: string[] = [];
      let after: string | null = null;
      for (let n = 0; n < 10; n++) {
        const page: Lease6[] = await getStore().leases.getPage(after, 2);
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(2);
        seen.push(...page.map((l) => l.address));
        after = page[page.length - 1].address;
      }
      expect(seen).toEqual(['2001:db8::1', '2001:db8::9', '2001:db8::10', '2001:db8::a0', '2001:db8:1::']);
    });

    it('tells which candidate addresses are taken, skipping expired-reclaimed leases', async () => {
      await insert(
        getStore(),
        testLease({ address: '2001:db8:1::1' }),
        testLease({ address: '2001:db8:1::2', state: 1 }),
        testLease({ address: '2001:db8:1::3', state: 2 }),
        testLease({ address: '2001:db8:1::4', cltt: now() - 9000, validLft: 10 }),
        testLease({ type: 'IA_PD', address: '2001:db8:8000:100::', prefixLen: 56 }),
      );
      const taken = await getStore().leases.taken([
        '2001:db8:1::1',
        '2001:DB8:1:0::2',
        '2001:db8:1::3',
        '2001:db8:1::4',
        '2001:db8:1::5',
        '2001:db8:8000:100::',
      ]);
      expect([...taken].sort()).toEqual(['2001:DB8:1:0::2', '2001:db8:1::1', '2001:db8:1::4', '2001:db8:8000:100::']);
      expect(await getStore().leases.taken([])).toEqual(new Set());
    });

    it('counts leases per subnet, type and state', async () => {
      await insert(getStore(), a1, a2, a3, apd, testLease({ address: '2001:db8:1::20', state: 1 }));
      expect(await getStore().leases.countBySubnet()).toEqual([
        { subnetId: 1, type: 'IA_NA', state: 0, count: 2 },
        { subnetId: 1, type: 'IA_NA', state: 1, count: 1 },
        { subnetId: 1, type: 'IA_PD', state: 0, count: 1 },
        { subnetId: 2, type: 'IA_NA', state: 0, count: 1 },
      ]);
    });
  });

  describe('wipe', () => {
    it('deletes the leases of one subnet only and says how many', async () => {
      await insert(
        getStore(),
        testLease({ address: '2001:db8:1::1', subnetId: 1 }),
        testLease({ address: '2001:db8:1::2', subnetId: 1 }),
        testLease({ address: '2001:db8:2::1', subnetId: 2 }),
      );
      expect(await getStore().leases.wipe(1)).toBe(2);
      expect((await getStore().leases.getAll()).map((l) => l.address)).toEqual(['2001:db8:2::1']);
      expect(await getStore().leases.wipe(7)).toBe(0);
    });

    it('deletes all leases when no subnet is given', async () => {
      await insert(getStore(), testLease({ address: '2001:db8:1::1', subnetId: 1 }), testLease({ address: '2001:db8:2::1', subnetId: 2 }));
      expect(await getStore().leases.wipe()).toBe(2);
      expect(await getStore().leases.getAll()).toEqual([]);
    });
  });

  describe('expiry', () => {
    it('lists leases in state default whose lifetime ended, oldest first, up to the limit', async () => {
      const t = now();
      await insert(
        getStore(),
        testLease({ address: '2001:db8:1::1', cltt: t - 1000, validLft: 500 }), // expired at t-500
        testLease({ address: '2001:db8:1::2', cltt: t - 3000, validLft: 500 }), // expired at t-2500
        testLease({ address: '2001:db8:1::3', cltt: t - 2000, validLft: 500, state: 2 }),
        testLease({ address: '2001:db8:1::4', cltt: t - 2000, validLft: 500, state: 1 }),
        testLease({ address: '2001:db8:1::5', cltt: t, validLft: 500 }),
        testLease({ address: '2001:db8:1::6', cltt: t - 5000, validLft: 500 }), // expired at t-4500
      );
      const expired = await getStore().leases.getExpired(t, 10);
      expect(expired.map((l) => l.address)).toEqual(['2001:db8:1::6', '2001:db8:1::2', '2001:db8:1::1']);
      expect((await getStore().leases.getExpired(t, 1)).map((l) => l.address)).toEqual(['2001:db8:1::6']);
    });

    it('lists declined leases whose probation period ended, oldest first', async () => {
      const t = now();
      await insert(
        getStore(),
        testLease({ address: '2001:db8:1::1', cltt: t - 1000, validLft: 500, state: 1 }),
        testLease({ address: '2001:db8:1::2', cltt: t - 3000, validLft: 500, state: 1 }),
        testLease({ address: '2001:db8:1::3', cltt: t, validLft: 500, state: 1 }),
        testLease({ address: '2001:db8:1::4', cltt: t - 3000, validLft: 500, state: 0 }),
      );
      expect((await getStore().leases.getExpiredDeclined!(t, 10)).map((l) => l.address)).toEqual(['2001:db8:1::2', '2001:db8:1::1']);
      expect(await getStore().leases.getExpiredDeclined!(t, 1)).toHaveLength(1);
    });

    it('flushes expired-reclaimed leases once they expired longer ago than the hold time', async () => {
      const t = now();
      await insert(
        getStore(),
        testLease({ address: '2001:db8:1::1', cltt: t - 5000, validLft: 1000, state: 2 }), // expired t-4000
        testLease({ address: '2001:db8:1::2', cltt: t - 2000, validLft: 1000, state: 2 }), // expired t-1000
        testLease({ address: '2001:db8:1::3', cltt: t - 5000, validLft: 1000, state: 0 }),
      );
      expect(await getStore().leases.flushReclaimed(t, 3600)).toBe(1);
      expect((await getStore().leases.getAll()).map((l) => l.address)).toEqual(['2001:db8:1::2', '2001:db8:1::3']);
    });
  });
});
