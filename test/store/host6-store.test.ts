import { describe, expect, it } from 'vitest';
import { forEachDriver } from '../helpers/stores.js';
import { HOST6_AUDIT_OBJECT } from '../../src/store/host6-store.js';
import { HostConflictError, StoreInputError, type Host6 } from '../../src/store/types.js';

type NewHost = Omit<Host6, 'hostId'>;

function host(overrides: Partial<NewHost> = {}): NewHost {
  return {
    subnetId: 1,
    identifierType: 'duid',
    identifier: Buffer.from('0003000101020304', 'hex'),
    hostname: 'printer.example.org',
    ipAddresses: ['2001:db8:1::100'],
    prefixes: [],
    optionData: [{ name: 'dns-servers', data: '2001:db8::53' }],
    userContext: null,
    ...overrides,
  };
}

const id = (n: number) => Buffer.from([0, 3, 0, 1, n]);

forEachDriver('HostStore', (getStore) => {
  describe('add and get', () => {
    it('stores a reservation and finds it by id, identifier and each reserved address or prefix', async () => {
      const added = await getStore().hosts.add(
        host({
          ipAddresses: ['2001:db8:1::100', '2001:DB8:1:0::101'],
          prefixes: ['2001:db8:8000:100::/56'],
          userContext: { rack: 7 },
        }),
      );
      expect(added.hostId).toBeGreaterThan(0);
      expect(added.ipAddresses).toEqual(['2001:db8:1::100', '2001:db8:1::101']);
      expect(await getStore().hosts.get(added.hostId)).toEqual(added);
      expect(await getStore().hosts.getByIdentifier(1, 'duid', host().identifier)).toEqual(added);
      expect((await getStore().hosts.getByAddress(1, '2001:db8:1::101'))?.hostId).toBe(added.hostId);
      expect((await getStore().hosts.getByAddress(1, '2001:db8:8000:100::'))?.hostId).toBe(added.hostId);
      expect(await getStore().hosts.getByAddress(2, '2001:db8:1::101')).toBeNull();
      expect(await getStore().hosts.getByIdentifier(1, 'hw-address', host().identifier)).toBeNull();
      expect(await getStore().hosts.get(added.hostId + 1)).toBeNull();
    });

    it('keeps a global reservation (subnet 0) apart from subnet ones', async () => {
      const global = await getStore().hosts.add(host({ subnetId: 0, ipAddresses: [] }));
      expect(await getStore().hosts.getByIdentifier(0, 'duid', host().identifier)).toEqual(global);
      expect(await getStore().hosts.getByIdentifier(1, 'duid', host().identifier)).toBeNull();
    });

    it('finds reservations by hostname without regard to case, optionally within a subnet', async () => {
      const a = await getStore().hosts.add(host({ identifier: id(1), ipAddresses: ['2001:db8:1::1'] }));
      const b = await getStore().hosts.add(host({ identifier: id(2), subnetId: 2, ipAddresses: ['2001:db8:2::1'], hostname: 'PRINTER.example.org' }));
      await getStore().hosts.add(host({ identifier: id(3), ipAddresses: [], hostname: 'other' }));
      expect((await getStore().hosts.getByHostname('Printer.Example.Org')).map((h) => h.hostId)).toEqual([a.hostId, b.hostId]);
      expect((await getStore().hosts.getByHostname('printer.example.org', 2)).map((h) => h.hostId)).toEqual([b.hostId]);
      expect(await getStore().hosts.getByHostname('')).toEqual([]);
    });

    it('lists reservations of all or one subnet and pages through them by host id', async () => {
      const ids: number[] = [];
      for (let n = 1; n <= 5; n++) {
        const h = await getStore().hosts.add(host({ identifier: id(n), subnetId: n % 2 === 0 ? 2 : 1, ipAddresses: [`2001:db8::${n}`] }));
        ids.push(h.hostId);
      }
      expect((await getStore().hosts.getAll()).map((h) => h.hostId)).toEqual(ids);
      expect((await getStore().hosts.getAll(2)).map((h) => h.hostId)).toEqual([ids[1], ids[3]]);
      const page1 = await getStore().hosts.getPage(undefined, 0, 2);
      const page2 = await getStore().hosts.getPage(undefined, page1[1].hostId, 2);
      const page3 = await getStore().hosts.getPage(undefined, page2[1].hostId, 2);
      expect([...page1, ...page2, ...page3].map((h) => h.hostId)).toEqual(ids);
      expect((await getStore().hosts.getPage(1, ids[0], 10)).map((h) => h.hostId)).toEqual([ids[2], ids[4]]);
    });
  });

  describe('uniqueness', () => {
    it('rejects a second reservation for the same identifier in one subnet, not in another', async () => {
      await getStore().hosts.add(host({ ipAddresses: ['2001:db8:1::1'] }));
      const err = await getStore().hosts.add(host({ ipAddresses: ['2001:db8:1::2'] })).catch((e) => e);
      expect(err).toBeInstanceOf(HostConflictError);
      expect(err.field).toBe('identifier');
      await expect(getStore().hosts.add(host({ subnetId: 2, ipAddresses: ['2001:db8:1::2'] }))).resolves.toBeDefined();
    });

    it('rejects the same address reserved twice in one subnet, naming the address', async () => {
      await getStore().hosts.add(host({ identifier: id(1), ipAddresses: ['2001:db8:1::1'] }));
      const err = await getStore().hosts.add(host({ identifier: id(2), ipAddresses: ['2001:db8:1::7', '2001:db8:1:0::1'] })).catch((e) => e);
      expect(err).toBeInstanceOf(HostConflictError);
      expect(err.field).toBe('ip-addresses');
      expect(err.message).toContain('2001:db8:1::1');
      // nothing of the rejected host was stored
      expect(await getStore().hosts.getByAddress(1, '2001:db8:1::7')).toBeNull();
      await expect(getStore().hosts.add(host({ identifier: id(2), subnetId: 2, ipAddresses: ['2001:db8:1::1'] }))).resolves.toBeDefined();
    });

    it('rejects the same prefix reserved twice in one subnet', async () => {
      await getStore().hosts.add(host({ identifier: id(1), ipAddresses: [], prefixes: ['2001:db8:8000::/48'] }));
      const err = await getStore().hosts.add(host({ identifier: id(2), ipAddresses: [], prefixes: ['2001:db8:8000::/48'] })).catch((e) => e);
      expect(err).toBeInstanceOf(HostConflictError);
      expect(err.field).toBe('prefixes');
    });

    it('rejects a host listing one address twice', async () => {
      const err = await getStore().hosts.add(host({ ipAddresses: ['2001:db8:1::1', '2001:db8:1::1'] })).catch((e) => e);
      expect(err).toBeInstanceOf(HostConflictError);
      expect(await getStore().hosts.getAll()).toEqual([]);
    });
  });

  describe('update and delete', () => {
    it('replaces a reservation, its addresses and its subnet', async () => {
      const added = await getStore().hosts.add(host({ ipAddresses: ['2001:db8:1::1'] }));
      const changed: Host6 = { ...added, subnetId: 3, hostname: 'new', ipAddresses: ['2001:db8:3::9'], prefixes: ['2001:db8:9900::/40'], userContext: { v: 2 } };
      expect(await getStore().hosts.update(changed)).toBe(true);
      expect(await getStore().hosts.get(added.hostId)).toEqual(changed);
      expect(await getStore().hosts.getByAddress(1, '2001:db8:1::1')).toBeNull();
      expect((await getStore().hosts.getByAddress(3, '2001:db8:3::9'))?.hostId).toBe(added.hostId);
    });

    it('answers false when updating a reservation that does not exist', async () => {
      expect(await getStore().hosts.update({ ...host(), hostId: 12345 })).toBe(false);
    });

    it('refuses an update that would take another host address and keeps the original', async () => {
      await getStore().hosts.add(host({ identifier: id(1), ipAddresses: ['2001:db8:1::1'] }));
      const b = await getStore().hosts.add(host({ identifier: id(2), ipAddresses: ['2001:db8:1::2'] }));
      await expect(getStore().hosts.update({ ...b, ipAddresses: ['2001:db8:1::1'] })).rejects.toThrow(HostConflictError);
      expect(await getStore().hosts.get(b.hostId)).toEqual(b);
    });

    it('deletes a reservation and frees its addresses', async () => {
      const added = await getStore().hosts.add(host());
      expect(await getStore().hosts.delete(added.hostId)).toBe(true);
      expect(await getStore().hosts.delete(added.hostId)).toBe(false);
      expect(await getStore().hosts.get(added.hostId)).toBeNull();
      await expect(getStore().hosts.add(host())).resolves.toBeDefined();
    });
  });

  it('writes an audit row per change for the other agents', async () => {
    const added = await getStore().hosts.add(host());
    await getStore().hosts.update({ ...added, hostname: 'renamed' });
    await getStore().hosts.delete(added.hostId);
    await getStore().hosts.update({ ...added, hostId: added.hostId + 100 });
    const audit = await getStore().audit.readSince(0, 10);
    expect(audit.map((a) => [a.objectType, a.objectId, a.modificationType, a.agent])).toEqual([
      [HOST6_AUDIT_OBJECT, String(added.hostId), 'create', 'test-agent'],
      [HOST6_AUDIT_OBJECT, String(added.hostId), 'update', 'test-agent'],
      [HOST6_AUDIT_OBJECT, String(added.hostId), 'delete', 'test-agent'],
    ]);
    expect(audit[1].payload).toMatchObject({ 'subnet-id': 1, duid: '00:03:00:01:01:02:03:04', hostname: 'renamed' });
  });

  it('writes no audit row for a rejected change', async () => {
    await getStore().hosts.add(host());
    await getStore().hosts.add(host()).catch(() => undefined);
    expect(await getStore().audit.readSince(0, 10)).toHaveLength(1);
  });

  it('rejects malformed reservations naming the field', async () => {
    await expect(getStore().hosts.add(host({ ipAddresses: ['2001:db8::1', 'not-an-address'] }))).rejects.toThrow(/ip-addresses\[1\]/);
    await expect(getStore().hosts.add(host({ prefixes: ['2001:db8::1/64'] }))).rejects.toThrow(/prefixes\[0\].*host bits/);
    await expect(getStore().hosts.add(host({ identifier: Buffer.alloc(0) }))).rejects.toThrow(StoreInputError);
    await expect(getStore().hosts.add(host({ subnetId: -1 }))).rejects.toThrow(/subnet-id/);
    await expect(getStore().hosts.add(host({ identifierType: 'mac' as Host6['identifierType'] }))).rejects.toThrow(/identifier-type/);
  });
});
