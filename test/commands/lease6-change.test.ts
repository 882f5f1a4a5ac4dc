// lease6-add, lease6-update, lease6-del, lease6-wipe, lease6-bulk-apply: over both control
// sockets, against both database drivers, checking what the store holds afterwards.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_FULL, ADD_NA, ADD_PD, ADD_SUBNET_2, CLTT, DUID_1, DUID_2 } from '../../src/commands/example-config.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { runAll, testAgent, testProcessor } from './test-agent.js';
import { startTransports, TRANSPORTS, type RunningTransports } from './transports.js';

forEachDriver('lease6 change commands', (getStore) => {
  const agent = testAgent(getStore);
  const processor = testProcessor(agent);
  let t: RunningTransports;
  beforeAll(async () => {
    t = await startTransports(processor);
  });
  afterAll(async () => {
    await t.stop();
  });
  const setup = (...requests: { command: string; arguments?: unknown }[]) => runAll(processor, requests);
  const add = (args: Record<string, unknown>) => ({ command: 'lease6-add', arguments: args });

  for (const via of TRANSPORTS) {
    const send = (command: string, args?: unknown) => t.send(via, args === undefined ? { command } : { command, arguments: args });

    describe(`lease6-add over ${via}`, () => {
      it('adds an address lease with the subnet lifetimes, now as cltt, and an "added" event', async () => {
        const before = Math.floor(Date.now() / 1000);
        expect(await send('lease6-add', { 'subnet-id': 1, 'ip-address': '2001:DB8:1::1001', duid: DUID_1, iaid: 1234 })).toEqual({
          result: 0,
          text: 'Lease for address 2001:db8:1::1001, subnet-id 1 added.',
        });
        const lease = await getStore().leases.get('2001:db8:1::1001');
        expect(lease).toMatchObject({ type: 'IA_NA', subnetId: 1, iaid: 1234, preferredLft: 3000, validLft: 4000, prefixLen: 128, hostname: '' });
        expect(lease!.duid.toString('hex')).toBe('00030001aabbccddee01');
        expect(lease!.cltt).toBeGreaterThanOrEqual(before);
        const events = await getStore().events.readSince(0, 10);
        expect(events.map((e) => [e.event, e.address])).toEqual([['added', '2001:db8:1::1001']]);
      });

      it('keeps every optional field, lower-cases the host name and folds comment into user-context', async () => {
        await send('lease6-add', { ...ADD_FULL, hostname: 'Urania.EXAMPLE.org', comment: 'moved from kea' });
        const lease = await getStore().leases.get('2001:db8:1::1002');
        expect(lease).toMatchObject({
          cltt: 1999999000,
          validLft: 1000,
          preferredLft: 500,
          fqdnFwd: true,
          fqdnRev: true,
          hostname: 'urania.example.org',
          userContext: { note: 'x', comment: 'moved from kea' },
        });
        expect(lease!.hwaddr!.toString('hex')).toBe('1a1b1c1d1e1f');
      });

      it('adds a delegated prefix', async () => {
        expect(await send('lease6-add', ADD_PD)).toEqual({ result: 0, text: 'Lease for prefix 2001:db8:8000:100::/56, subnet-id 1 added.' });
        expect(await getStore().leases.get('2001:db8:8000:100::', 'IA_PD')).toMatchObject({ prefixLen: 56, iaid: 99, cltt: CLTT });
      });

      it('finds the subnet from the address (or the pd-pool) when subnet-id is absent or 0', async () => {
        expect((await send('lease6-add', { 'ip-address': '2001:db8:2::7', duid: DUID_1, iaid: 1 })).text).toBe('Lease for address 2001:db8:2::7, subnet-id 2 added.');
        expect((await send('lease6-add', { ...ADD_PD, 'subnet-id': 0 })).text).toBe('Lease for prefix 2001:db8:8000:100::/56, subnet-id 1 added.');
      });

      it('refuses an address that is leased already', async () => {
        await setup(add(ADD_NA));
        expect(await send('lease6-add', { ...ADD_NA, duid: DUID_2 })).toEqual({ result: 1, text: 'IPv6 lease already exists.' });
        expect((await getStore().leases.get('2001:db8:1::1001'))!.duid.toString('hex')).toBe('00030001aabbccddee01');
      });

      it.each([
        [undefined, 'no parameters specified for the command'],
        [[1], "invalid type specified for parameter 'arguments': it must be a map"],
        [{ 'subnet-id': 1, duid: DUID_1, iaid: 1 }, "missing parameter 'ip-address'"],
        [{ 'subnet-id': 1, 'ip-address': '2001:db8:1::1003', iaid: 1 }, "missing parameter 'duid'"],
        [{ 'subnet-id': 1, 'ip-address': '2001:db8:1::1003', duid: DUID_1 }, "missing parameter 'iaid'"],
        [{ ...ADD_NA, iaid: 'x' }, "invalid type specified for parameter 'iaid'"],
        [{ ...ADD_NA, iaid: -1 }, "out of range value (-1) specified for parameter 'iaid'"],
        [{ ...ADD_NA, iaid: 4294967296 }, "out of range value (4294967296) specified for parameter 'iaid'"],
        [{ ...ADD_NA, 'subnet-id': '1' }, "invalid type specified for parameter 'subnet-id'"],
        [{ ...ADD_NA, 'fqdn-fwd': 'yes' }, "invalid type specified for parameter 'fqdn-fwd'"],
        [{ ...ADD_NA, 'ip-address': 'not-an-ip' }, "invalid value specified for parameter 'ip-address': 'not-an-ip' is not an IPv6 address: expected 8 groups"],
        [{ ...ADD_NA, duid: 'zz' }, "invalid value specified for parameter 'duid': 'zz' is not a valid string of hexadecimal digits"],
        [{ ...ADD_NA, duid: '' }, "invalid value specified for parameter 'duid': must not be empty"],
        [{ ...ADD_NA, type: 'IA_XX' }, 'invalid value "IA_XX" specified for parameter \'type\': the supported values are IA_NA, IA_TA and IA_PD'],
        [{ ...ADD_NA, 'subnet-id': 77 }, 'Invalid subnet-id: No IPv6 subnet with subnet-id=77 currently configured.'],
        [{ ...ADD_NA, 'ip-address': '2001:db8:2::5' }, 'The address 2001:db8:2::5 does not belong to subnet 2001:db8:1::/64, subnet-id=1'],
        [{ ...ADD_NA, 'subnet-id': undefined, 'ip-address': '2001:db8:9::1' }, 'subnet-id not specified and failed to find a subnet for address 2001:db8:9::1'],
        [{ ...ADD_PD, 'prefix-len': undefined }, "missing parameter 'prefix-len'"],
        [{ ...ADD_PD, 'ip-address': '2001:db8:9::' }, 'The prefix 2001:db8:9::/56 does not belong to subnet 2001:db8:1::/64 or any of its pd-pools, subnet-id=1'],
        [{ ...ADD_PD, 'ip-address': '2001:db8:8000:101::' }, "The prefix 2001:db8:8000:101::/56 has bits set after its length: give the prefix's first address"],
        [{ ...ADD_NA, 'prefix-len': 64 }, "'prefix-len' 64 is for IA_PD leases only: an IA_NA lease is one address (128)"],
        [{ ...ADD_NA, 'fqdn-fwd': true }, 'No hostname specified and either forward or reverse fqdn was set to true.'],
        [{ ...ADD_NA, expire: -10 }, 'expiration time must be positive for address 2001:db8:1::1001'],
        [{ ...ADD_NA, expire: 10 }, 'expiration time must be greater than valid lifetime for address 2001:db8:1::1001'],
        [{ ...ADD_NA, state: 7 }, 'Invalid state value: 7, supported values are: 0 (default), 1 (declined) and 2 (expired-reclaimed)'],
        [{ ...ADD_NA, 'user-context': 5 }, "invalid type specified for parameter 'user-context'"],
        [{ ...ADD_NA, 'user-context': { comment: 'a' }, comment: 'b' }, 'Duplicated comment entry \'b\' in user context \'{"comment":"a"}\''],
        [{ ...ADD_NA, 'preferred-lft': 5000, 'valid-lft': 4000 }, "'preferred-lft' (5000) must not be greater than 'valid-lft' (4000) for address 2001:db8:1::1001"],
      ])('refuses %j: %s', async (args, text) => {
        expect(await send('lease6-add', args === undefined ? undefined : JSON.parse(JSON.stringify(args)))).toEqual({ result: 1, text });
        expect(await getStore().leases.getAll()).toEqual([]);
      });
    });

    describe(`lease6-update over ${via}`, () => {
      it('replaces the lease; fields not given take their defaults, and an "updated" event is written', async () => {
        await setup(add(ADD_FULL));
        const args = { 'subnet-id': 1, 'ip-address': '2001:db8:1::1002', duid: DUID_2, iaid: 7, hostname: 'newhostname.example.org' };
        expect(await send('lease6-update', args)).toEqual({ result: 0, text: 'IPv6 lease updated.' });
        const lease = await getStore().leases.get('2001:db8:1::1002');
        expect(lease).toMatchObject({ hostname: 'newhostname.example.org', validLft: 4000, fqdnFwd: false, hwaddr: null, userContext: null });
        expect((await getStore().events.readSince(0, 10)).map((e) => e.event)).toEqual(['added', 'updated']);
      });

      it('adds the lease with force-create when there is none', async () => {
        expect(await send('lease6-update', { ...ADD_NA, 'force-create': true })).toEqual({ result: 0, text: 'IPv6 lease added.' });
        expect(await getStore().leases.get('2001:db8:1::1001')).not.toBeNull();
      });

      it('refuses to update a lease that does not exist', async () => {
        expect(await send('lease6-update', { 'subnet-id': 1, 'ip-address': '2001:db8:1::1fff', duid: DUID_1, iaid: 1234 })).toEqual({
          result: 1,
          text: 'failed to update the lease with address 2001:db8:1::1fff either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed',
        });
      });

      it('checks the lease as lease6-add does', async () => {
        await setup(add(ADD_NA));
        expect(await send('lease6-update', { ...ADD_NA, 'subnet-id': 2 })).toEqual({
          result: 1,
          text: 'The address 2001:db8:1::1001 does not belong to subnet 2001:db8:2::/64, subnet-id=2',
        });
        expect(await send('lease6-update', { ...ADD_NA, 'force-create': 'yes' })).toEqual({ result: 1, text: "invalid type specified for parameter 'force-create'" });
        expect(await send('lease6-update')).toEqual({ result: 1, text: 'no parameters specified for the command' });
      });
    });

    describe(`lease6-del over ${via}`, () => {
      it('deletes by address, and the address can be leased again at once', async () => {
        await setup(add(ADD_NA));
        expect(await send('lease6-del', { 'ip-address': '2001:db8:1::1001' })).toEqual({ result: 0, text: 'IPv6 lease deleted.' });
        expect(await getStore().leases.taken(['2001:db8:1::1001'])).toEqual(new Set());
        expect((await send('lease6-add', { ...ADD_NA, duid: DUID_2 })).result).toBe(0);
        expect((await getStore().events.readSince(0, 10)).map((e) => e.event)).toEqual(['added', 'deleted', 'added']);
      });

      it("deletes by the client's DUID and IAID", async () => {
        await setup(add(ADD_FULL));
        const args = { 'subnet-id': 1, 'identifier-type': 'duid', identifier: DUID_2, iaid: 7, type: 'IA_NA' };
        expect(await send('lease6-del', args)).toEqual({ result: 0, text: 'IPv6 lease deleted.' });
        expect(await getStore().leases.getAll()).toEqual([]);
      });

      it('deletes a prefix by its address and type; without the type it looks for an address (Kea: IA_NA by default)', async () => {
        await setup(add(ADD_PD));
        expect(await send('lease6-del', { 'ip-address': '2001:db8:8000:100::' })).toEqual({ result: 3, text: 'IPv6 lease not found.' });
        expect(await send('lease6-del', { 'ip-address': '2001:db8:8000:100::', type: 'IA_PD' })).toEqual({ result: 0, text: 'IPv6 lease deleted.' });
      });

      it.each([
        [{ 'ip-address': '2001:db8:1::1010' }, 3, 'IPv6 lease not found.'],
        [{ 'subnet-id': 1, 'identifier-type': 'duid', identifier: DUID_2, iaid: 7 }, 3, 'IPv6 lease not found.'],
        [undefined, 1, 'Parameters missing or are not a map.'],
        ['x', 1, 'Parameters missing or are not a map.'],
        [{ 'subnet-id': 1 }, 1, "No 'ip-address' provided and 'identifier-type' is either missing or not a string."],
        [{ 'subnet-id': 1, 'identifier-type': 'hw-address', identifier: '01:02' }, 1, 'Delete by hw-address is not allowed in v6.'],
        [{ 'ip-address': '2001:db8:1::1001', 'update-ddns': true }, 1, "'update-ddns' true is not supported: this agent sends no DNS updates"],
      ])('answers %j with %i', async (args, result, text) => {
        expect(await send('lease6-del', args)).toEqual({ result, text });
      });
    });

    describe(`lease6-wipe over ${via}`, () => {
      it('wipes one subnet and writes a "wiped" event per lease', async () => {
        await setup(add(ADD_NA), add(ADD_PD), add(ADD_SUBNET_2));
        expect(await send('lease6-wipe', { 'subnet-id': 1 })).toEqual({ result: 0, text: 'Deleted 2 IPv6 lease(s) from subnet(s) 1' });
        expect((await getStore().leases.getAll()).map((l) => l.address)).toEqual(['2001:db8:2::6']);
        expect((await getStore().events.readSince(0, 10)).filter((e) => e.event === 'wiped')).toHaveLength(2);
      });

      it('wipes every configured subnet when none is named, leaving leases of unconfigured subnets', async () => {
        await setup(add(ADD_NA), add(ADD_SUBNET_2));
        await getStore().leases.apply([{ op: 'insert', lease: testLease({ address: '2001:db8:9::1', subnetId: 9 }), event: 'added' }]);
        expect(await send('lease6-wipe')).toEqual({ result: 0, text: 'Deleted 2 IPv6 lease(s) from subnet(s) 1 2' });
        expect((await getStore().leases.getAll()).map((l) => l.subnetId)).toEqual([9]);
      });

      it('answers 3 when there was nothing to wipe, and refuses a subnet-id that is not a number', async () => {
        expect(await send('lease6-wipe', { 'subnet-id': 2 })).toEqual({ result: 3, text: 'Deleted 0 IPv6 lease(s) from subnet(s) 2' });
        expect(await send('lease6-wipe', { 'subnet-id': 'all' })).toEqual({ result: 1, text: "invalid type specified for parameter 'subnet-id'" });
      });
    });

    describe(`lease6-bulk-apply over ${via}`, () => {
      it('deletes, adds and updates in one command', async () => {
        await setup(add(ADD_NA), add(ADD_FULL));
        const answer = await send('lease6-bulk-apply', {
          'deleted-leases': [{ 'ip-address': '2001:db8:1::1001' }],
          leases: [ADD_SUBNET_2, { ...ADD_FULL, hostname: 'renamed.example.org' }, { ...ADD_NA, iaid: 4321 }],
        });
        expect(answer).toEqual({ result: 0, text: 'Bulk apply of 4 IPv6 leases completed.' });
        const leases = await getStore().leases.getAll();
        expect(leases.map((l) => [l.address, l.iaid, l.hostname])).toEqual([
          ['2001:db8:1::1001', 4321, ''],
          ['2001:db8:1::1002', 7, 'renamed.example.org'],
          ['2001:db8:2::6', 5, ''],
        ]);
      });

      it('lists the entries that failed, by address or by DUID', async () => {
        const answer = await send('lease6-bulk-apply', {
          'deleted-leases': [{ 'ip-address': '2001:db8:1::1010' }, { 'subnet-id': 1, 'identifier-type': 'duid', identifier: DUID_2, iaid: 7 }],
          leases: [ADD_NA],
        });
        expect(answer).toEqual({
          result: 0,
          text: 'Bulk apply of 1 IPv6 leases completed.',
          arguments: {
            'failed-deleted-leases': [
              { 'error-message': 'lease not found', 'ip-address': '2001:db8:1::1010', result: 3, type: 'IA_NA' },
              { 'error-message': 'lease not found', duid: DUID_2, result: 3, type: 'IA_NA' },
            ],
          },
        });
      });

      it('answers 3 when nothing was applied', async () => {
        expect(await send('lease6-bulk-apply', { 'deleted-leases': [{ 'ip-address': '2001:db8:1::1010' }] })).toMatchObject({
          result: 3,
          text: 'Bulk apply of 0 IPv6 leases completed.',
        });
      });

      it('applies nothing when one entry is malformed', async () => {
        await setup(add(ADD_NA));
        const answer = await send('lease6-bulk-apply', {
          'deleted-leases': [{ 'ip-address': '2001:db8:1::1001' }],
          leases: [ADD_SUBNET_2, { ...ADD_PD, 'prefix-len': undefined }],
        });
        expect(answer).toEqual({ result: 1, text: "leases[1]: missing parameter 'prefix-len'" });
        expect((await getStore().leases.getAll()).map((l) => l.address)).toEqual(['2001:db8:1::1001']);
      });

      it.each([
        [{}, "neither 'deleted-leases' nor 'leases' parameter specified"],
        [{ leases: {} }, "invalid type specified for parameter 'leases'"],
        [{ 'deleted-leases': [{ 'subnet-id': 1 }] }, "deleted-leases[0]: No 'ip-address' provided and 'identifier-type' is either missing or not a string."],
        [undefined, 'Command arguments missing or a not a map.'],
      ])('refuses %j', async (args, text) => {
        expect(await send('lease6-bulk-apply', args)).toEqual({ result: 1, text });
      });
    });
  }
});
