// lease6-get, lease6-get-all, lease6-get-page, lease6-get-by-duid, lease6-get-by-hostname and
// stat-lease6-get: over both control sockets, against both database drivers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADD_ALL,
  ADD_FULL,
  ADD_NA,
  ADD_PD,
  DUID_1,
  FULL_JSON,
  NA_JSON,
  PD_JSON,
  SUBNET_2_JSON,
} from '../../src/commands/example-config.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { runAll, testAgent, testProcessor } from './test-agent.js';
import { startTransports, TRANSPORTS, type RunningTransports } from './transports.js';

forEachDriver('lease6 read commands', (getStore) => {
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

    describe(`lease6-get over ${via}`, () => {
      it("answers a lease by address in Kea's shape, whatever the address spelling", async () => {
        await setup(add(ADD_FULL));
        const found = { result: 0, text: 'IPv6 lease found.', arguments: FULL_JSON };
        expect(await send('lease6-get', { 'ip-address': '2001:db8:1::1002' })).toEqual(found);
        expect(await send('lease6-get', { 'ip-address': '2001:0DB8:0001:0000:0000:0000:0000:1002' })).toEqual(found);
      });

      it('answers a prefix by address and type', async () => {
        await setup(add(ADD_PD));
        expect(await send('lease6-get', { 'ip-address': '2001:db8:8000:100::', type: 'IA_PD' })).toEqual({ result: 0, text: 'IPv6 lease found.', arguments: PD_JSON });
      });

      it("answers a lease by subnet-id, the client's DUID, IAID and type", async () => {
        await setup(add(ADD_NA), add(ADD_PD));
        const args = { 'subnet-id': 1, 'identifier-type': 'duid', identifier: DUID_1, iaid: 1234, type: 'IA_NA' };
        expect(await send('lease6-get', args)).toEqual({ result: 0, text: 'IPv6 lease found.', arguments: NA_JSON });
        expect((await send('lease6-get', { ...args, iaid: 99, type: 'IA_PD' })).arguments).toEqual(PD_JSON);
      });

      it.each([
        [{ 'ip-address': '2001:db8:1::abcd' }, 3, 'Lease not found.'],
        [{ 'ip-address': '2001:db8:8000:100::' }, 3, 'Lease not found.'],
        [{ 'subnet-id': 2, 'identifier-type': 'duid', identifier: DUID_1, iaid: 1234 }, 3, 'Lease not found.'],
        [undefined, 1, 'Parameters missing or are not a map.'],
        [{ 'subnet-id': 1 }, 1, "No 'ip-address' provided and 'identifier-type' is either missing or not a string."],
        [{ 'subnet-id': 1, 'identifier-type': 'duid' }, 1, "No 'ip-address' provided and 'identifier' is either missing or not a string."],
        [{ 'identifier-type': 'duid', identifier: DUID_1 }, 1, "Mandatory 'subnet-id' parameter missing."],
        [{ 'subnet-id': 1, 'identifier-type': 'hw-address', identifier: '01:02' }, 1, 'Query by hw-address is not allowed in v6.'],
        [{ 'subnet-id': 1, 'identifier-type': 'foo', identifier: '01:02' }, 1, 'Incorrect identifier type: foo, the only supported values are: address, hw-address, duid'],
        [{ 'subnet-id': 1, 'identifier-type': 'duid', identifier: 'zz' }, 1, "'zz' is not a valid string of hexadecimal digits"],
        [{ 'ip-address': 'zz' }, 1, "invalid value specified for parameter 'ip-address': 'zz' is not an IPv6 address: expected 8 groups"],
        [{ 'ip-address': '2001:db8:1::1', type: 'IA_ZZ' }, 1, 'invalid value "IA_ZZ" specified for parameter \'type\': the supported values are IA_NA, IA_TA, IA_PD, 0, 1 and 2'],
      ])('answers %j with %i', async (args, result, text) => {
        await setup(add(ADD_NA), add(ADD_PD));
        expect(await send('lease6-get', args)).toEqual({ result, text });
      });

      it('refuses a DUID/IAID query that matches several leases, as Kea does', async () => {
        await setup(add(ADD_NA), add({ ...ADD_NA, 'ip-address': '2001:db8:1::1003' }));
        expect(await send('lease6-get', { 'subnet-id': 1, 'identifier-type': 'duid', identifier: DUID_1, iaid: 1234 })).toEqual({
          result: 1,
          text: `More than one lease found for type IA_NA, duid ${DUID_1}, iaid 1234 and subnet-id 1`,
        });
      });
    });

    describe(`lease6-get-all over ${via}`, () => {
      it('answers every lease in address order, or those of the listed subnets', async () => {
        await setup(...ADD_ALL);
        expect(await send('lease6-get-all')).toEqual({ result: 0, text: '4 IPv6 lease(s) found.', arguments: { leases: [NA_JSON, FULL_JSON, SUBNET_2_JSON, PD_JSON] } });
        expect(await send('lease6-get-all', { subnets: [2, 7] })).toEqual({ result: 0, text: '1 IPv6 lease(s) found.', arguments: { leases: [SUBNET_2_JSON] } });
      });

      it('answers 3 with an empty list when there is none', async () => {
        expect(await send('lease6-get-all')).toEqual({ result: 3, text: '0 IPv6 lease(s) found.', arguments: { leases: [] } });
      });

      it.each([
        [{}, "missing parameter 'subnets'"],
        [{ subnets: 5 }, "invalid type specified for parameter 'subnets'"],
        [{ subnets: [1, 'x'] }, "invalid type specified for parameter 'subnets[1]'"],
      ])('refuses %j', async (args, text) => {
        expect(await send('lease6-get-all', args)).toEqual({ result: 1, text });
      });
    });

    describe(`lease6-get-page over ${via}`, () => {
      it('walks every lease page by page, then answers 3', async () => {
        await setup(...ADD_ALL);
        const first = await send('lease6-get-page', { from: 'start', limit: 3 });
        expect(first).toEqual({ result: 0, text: '3 IPv6 lease(s) found.', arguments: { count: 3, leases: [NA_JSON, FULL_JSON, SUBNET_2_JSON] } });
        const second = await send('lease6-get-page', { from: '2001:db8:2::6', limit: 3 });
        expect(second).toEqual({ result: 0, text: '1 IPv6 lease(s) found.', arguments: { count: 1, leases: [PD_JSON] } });
        expect(await send('lease6-get-page', { from: '2001:db8:8000:100::', limit: 3 })).toEqual({ result: 3, text: '0 IPv6 lease(s) found.', arguments: { count: 0, leases: [] } });
      });

      it.each([
        [undefined, 'no parameters specified for the lease6-get-page command'],
        [{ limit: 5 }, "missing parameter 'from'"],
        [{ from: 'start' }, "missing parameter 'limit'"],
        [{ from: 'zz', limit: 1 }, "'from' parameter value is neither 'start' keyword nor a valid IPv6 address"],
        [{ from: 5, limit: 1 }, "invalid type specified for parameter 'from'"],
        [{ from: 'start', limit: 0 }, "out of range value (0) specified for parameter 'limit'"],
        [{ from: 'start', limit: '5' }, "invalid type specified for parameter 'limit'"],
      ])('refuses %j', async (args, text) => {
        expect(await send('lease6-get-page', args)).toEqual({ result: 1, text });
      });
    });

    describe(`lease6-get-by-duid and lease6-get-by-hostname over ${via}`, () => {
      it('answers every lease of a DUID', async () => {
        await setup(...ADD_ALL);
        expect(await send('lease6-get-by-duid', { duid: DUID_1.toUpperCase() })).toEqual({
          result: 0,
          text: '3 IPv6 lease(s) found.',
          arguments: { leases: [NA_JSON, SUBNET_2_JSON, PD_JSON] },
        });
        expect(await send('lease6-get-by-duid', { duid: '01:02' })).toEqual({ result: 3, text: '0 IPv6 lease(s) found.', arguments: { leases: [] } });
      });

      it('answers every lease of a host name, regardless of case', async () => {
        await setup(...ADD_ALL);
        expect(await send('lease6-get-by-hostname', { hostname: 'URANIA.example.org' })).toEqual({ result: 0, text: '1 IPv6 lease(s) found.', arguments: { leases: [FULL_JSON] } });
        expect(await send('lease6-get-by-hostname', { hostname: 'nobody.example.org' })).toEqual({ result: 3, text: '0 IPv6 lease(s) found.', arguments: { leases: [] } });
      });

      it.each([
        ['lease6-get-by-duid', undefined, 'Command arguments missing or a not a map.'],
        ['lease6-get-by-duid', {}, "missing parameter 'duid'"],
        ['lease6-get-by-duid', { duid: 'zz' }, "invalid value specified for parameter 'duid': 'zz' is not a valid string of hexadecimal digits"],
        ['lease6-get-by-hostname', undefined, 'Command arguments missing or a not a map.'],
        ['lease6-get-by-hostname', { hostname: '' }, "parameter 'hostname' must not be empty"],
        ['lease6-get-by-hostname', { hostname: 5 }, "invalid type specified for parameter 'hostname'"],
      ])('%s refuses %j', async (command, args, text) => {
        expect(await send(command, args)).toEqual({ result: 1, text });
      });
    });

    describe(`stat-lease6-get over ${via}`, () => {
      const columns = ['subnet-id', 'total-nas', 'cumulative-assigned-nas', 'assigned-nas', 'declined-nas', 'total-pds', 'cumulative-assigned-pds', 'assigned-pds'];
      const rowsOf = (a: { arguments?: unknown }) => (a.arguments as { 'result-set': { rows: number[][] } })['result-set'].rows;

      it('counts per configured subnet: pool sizes, assigned (declined included), declined; reclaimed leases are not assigned', async () => {
        await setup(...ADD_ALL);
        await getStore().leases.apply([
          { op: 'insert', lease: testLease({ address: '2001:db8:1::2000', state: 1 }), event: 'declined' },
          { op: 'insert', lease: testLease({ address: '2001:db8:1::2001', state: 2 }), event: 'reclaimed' },
        ]);
        agent.stats.set('subnet[1].cumulative-assigned-nas', 12);
        agent.stats.set('subnet[1].cumulative-assigned-pds', 3);
        const answer = await send('stat-lease6-get');
        expect(answer).toMatchObject({ result: 0, text: 'stat-lease6-get[all subnets]: 2 rows found' });
        const set = (answer.arguments as { 'result-set': { columns: string[]; timestamp: string } })['result-set'];
        expect(set.columns).toEqual(columns);
        expect(set.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
        expect(rowsOf(answer)).toEqual([
          [1, 61440, 12, 3, 1, 65536, 3, 1],
          [2, 281474976710656, 0, 1, 0, 0, 0, 0],
        ]);
        agent.stats.clear();
      });

      it('answers one subnet or a range of them', async () => {
        await setup(...ADD_ALL);
        const one = await send('stat-lease6-get', { 'subnet-id': 2 });
        expect(one.text).toBe('stat-lease6-get[subnet-id=2]: 1 rows found');
        expect(rowsOf(one)).toEqual([[2, 281474976710656, 0, 1, 0, 0, 0, 0]]);
        const range = await send('stat-lease6-get', { 'subnet-range': { 'first-subnet-id': 2, 'last-subnet-id': 50 } });
        expect(range.text).toBe('stat-lease6-get[subnets 2 through 50]: 1 rows found');
        const none = await send('stat-lease6-get', { 'subnet-range': { 'first-subnet-id': 10, 'last-subnet-id': 50 } });
        expect(none).toMatchObject({ result: 3, text: 'stat-lease6-get[subnets 10 through 50]: 0 rows found' });
      });

      it.each([
        [{ 'subnet-id': 77 }, 3, 'subnet-id: 77 does not exist'],
        [{ 'subnet-id': 0 }, 1, "out of range value (0) specified for parameter 'subnet-id'"],
        [{ 'subnet-id': 1, 'subnet-range': { 'first-subnet-id': 1, 'last-subnet-id': 2 } }, 1, 'cannot specify both subnet-id and subnet-range'],
        [{ 'subnet-range': { 'first-subnet-id': 5, 'last-subnet-id': 2 } }, 1, "'last-subnet-id' must be greater than 'first-subnet-id'"],
        [{ 'subnet-range': { 'first-subnet-id': 5 } }, 1, "missing parameter 'subnet-range.last-subnet-id'"],
      ])('answers %j with %i', async (args, result, text) => {
        expect(await send('stat-lease6-get', args)).toEqual({ result, text });
      });
    });
  }
});
