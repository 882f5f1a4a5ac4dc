// reservation-* commands over both control sockets, against both database drivers. The
// example configuration holds one reservation in the file: the printer in subnet 1.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDriver } from '../helpers/stores.js';
import { runAll, testAgent, testProcessor } from './test-agent.js';
import { startTransports, TRANSPORTS, type RunningTransports } from './transports.js';

const FOO = {
  'subnet-id': 1,
  duid: '01:02:03:04:05:06:07:08:09:0a',
  'ip-addresses': ['2001:db8:1::cafe'],
  prefixes: ['2001:db8:8000:ab00::/56'],
  hostname: 'foo.example.com',
};
const FOO_JSON = {
  'client-classes': [],
  duid: '01:02:03:04:05:06:07:08:09:0a',
  hostname: 'foo.example.com',
  'ip-addresses': ['2001:db8:1::cafe'],
  'option-data': [],
  prefixes: ['2001:db8:8000:ab00::/56'],
  'subnet-id': 1,
};
const PRINTER_JSON = {
  'client-classes': [],
  duid: '01:02:03:04:05:06',
  hostname: 'printer.example.org',
  'ip-addresses': ['2001:db8:1::100'],
  'option-data': [],
  prefixes: [],
  'subnet-id': 1,
};
const BAR = { 'subnet-id': 2, 'hw-address': '1a:1b:1c:1d:1e:1f', 'ip-addresses': ['2001:db8:2::10'], hostname: 'Foo.Example.com' };
const BAR_JSON = {
  'client-classes': [],
  'hw-address': '1a:1b:1c:1d:1e:1f',
  hostname: 'Foo.Example.com',
  'ip-addresses': ['2001:db8:2::10'],
  'option-data': [],
  prefixes: [],
  'subnet-id': 2,
};

forEachDriver('reservation commands', (getStore) => {
  const agent = testAgent(getStore);
  const processor = testProcessor(agent);
  let t: RunningTransports;
  beforeAll(async () => {
    t = await startTransports(processor);
  });
  afterAll(async () => {
    await t.stop();
  });
  const reserve = (...reservations: Record<string, unknown>[]) =>
    runAll(processor, reservations.map((reservation) => ({ command: 'reservation-add', arguments: { reservation } })));

  for (const via of TRANSPORTS) {
    const send = (command: string, args?: unknown) => t.send(via, args === undefined ? { command } : { command, arguments: args });

    describe(`reservation-add over ${via}`, () => {
      it('stores a reservation with option-data and user-context as given, and has the engine reload reservations', async () => {
        const refreshes = agent.reservationRefreshes.count;
        const options = [{ name: 'dns-servers', data: '2001:db8::53' }];
        expect(await send('reservation-add', { reservation: { ...FOO, 'option-data': options, comment: 'lab' } })).toEqual({ result: 0, text: 'Host added.' });
        const [host] = await getStore().hosts.getAll(1);
        expect(host).toMatchObject({ identifierType: 'duid', hostname: 'foo.example.com', ipAddresses: ['2001:db8:1::cafe'], optionData: options, userContext: { comment: 'lab' } });
        expect(agent.reservationRefreshes.count).toBe(refreshes + 1);
      });

      it('stores a global reservation (subnet-id 0)', async () => {
        expect(await send('reservation-add', { reservation: { 'subnet-id': 0, 'flex-id': "'mac-1'", hostname: 'global' } })).toEqual({ result: 0, text: 'Host added.' });
        expect((await getStore().hosts.getAll(0))[0].identifier.toString()).toBe('mac-1');
      });

      it.each([
        [undefined, 'no parameters specified for the command'],
        [{}, "missing parameter 'reservation'"],
        [{ reservation: { duid: '01:02' } }, "missing parameter 'reservation.subnet-id'"],
        [{ reservation: { ...FOO, 'subnet-id': 77 } }, 'Invalid subnet-id: No IPv6 subnet with subnet-id=77 currently configured.'],
        [{ reservation: { 'subnet-id': 1, 'ip-addresses': ['2001:db8:1::5'] } }, "invalid value specified for parameter 'reservation': needs an identifier: one of 'duid', 'hw-address', 'flex-id'"],
        [{ reservation: { ...FOO, 'hw-address': '01:02' } }, "invalid value specified for parameter 'reservation.hw-address': cannot be given together with 'duid': a reservation has exactly one identifier"],
        [{ reservation: { ...FOO, 'ip-addresses': ['2001:db8:2::5'] } }, "invalid value specified for parameter 'reservation.ip-addresses[0]': 2001:db8:2::5 is not inside subnet 2001:db8:1::/64"],
        [{ reservation: { ...FOO, 'ip-addresses': ['2001:db8:1::zz'] } }, "invalid value specified for parameter 'reservation.ip-addresses[0]': '2001:db8:1::zz' is not an IPv6 address: bad group \"zz\""],
        [{ reservation: { ...FOO, duid: 'xyz' } }, "invalid value specified for parameter 'reservation.duid': 'xyz' is not a valid string of hexadecimal digits"],
        [{ reservation: { ...FOO, 'option-data': [{ name: 'no-such-option', data: '1' }] } }, "invalid value specified for parameter 'reservation.option-data[0].name': \"no-such-option\" is not a known option in the dhcp6 space"],
        [{ reservation: { 'subnet-id': 1, duid: '0a:0b', 'ip-addresses': ['2001:db8:1::100'] } }, 'Address 2001:db8:1::100 is already reserved in subnet-id 1 by the configuration file.'],
        [{ reservation: { 'subnet-id': 1, duid: '01:02:03:04:05:06' } }, 'Host with duid 01:02:03:04:05:06 is already reserved in subnet-id 1 by the configuration file.'],
      ])('refuses %j', async (args, text) => {
        const answer = await send('reservation-add', args);
        expect(answer.result).toBe(1);
        expect(answer.text).toMatch(new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        expect(await getStore().hosts.getAll()).toEqual([]);
      });

      it('refuses a second reservation of the same identifier or address in the database', async () => {
        await reserve(FOO);
        expect(await send('reservation-add', { reservation: { ...FOO, 'ip-addresses': ['2001:db8:1::beef'], prefixes: [] } })).toEqual({
          result: 1,
          text: 'A host with duid 01:02:03:04:05:06:07:08:09:0a already exists in subnet 1.',
        });
        expect(await send('reservation-add', { reservation: { ...FOO, duid: '0a:0b:0c', prefixes: [] } })).toEqual({
          result: 1,
          text: 'Address 2001:db8:1::cafe is already reserved in subnet 1.',
        });
        expect(await getStore().hosts.getAll()).toHaveLength(1);
      });
    });

    describe(`reservation-get over ${via}`, () => {
      it('finds a stored reservation by address, prefix or identifier', async () => {
        await reserve(FOO);
        const found = { result: 0, text: 'Host found.', arguments: FOO_JSON };
        expect(await send('reservation-get', { 'subnet-id': 1, 'ip-address': '2001:db8:1::cafe' })).toEqual(found);
        expect(await send('reservation-get', { 'subnet-id': 1, 'ip-address': '2001:db8:8000:ab00::' })).toEqual(found);
        expect(await send('reservation-get', { 'subnet-id': 1, 'identifier-type': 'duid', identifier: '0102030405060708090A' })).toEqual(found);
      });

      it('finds a reservation of the configuration file', async () => {
        expect(await send('reservation-get', { 'subnet-id': 1, 'ip-address': '2001:db8:1::100' })).toEqual({ result: 0, text: 'Host found.', arguments: PRINTER_JSON });
      });

      it.each([
        [{ 'subnet-id': 2, 'ip-address': '2001:db8:1::cafe' }, 3, 'Host not found.'],
        [{ 'subnet-id': 1, 'identifier-type': 'hw-address', identifier: '01:02:03:04:05:06' }, 3, 'Host not found.'],
        [undefined, 1, 'Parameters missing or are not a map.'],
        [{ 'ip-address': '2001:db8:1::cafe' }, 1, "Mandatory 'subnet-id' parameter missing."],
        [{ 'subnet-id': 1 }, 1, "No 'ip-address' provided and 'identifier-type' is either missing or not a string."],
        [{ 'subnet-id': 1, 'identifier-type': 'duid' }, 1, "No 'ip-address' provided and 'identifier' is either missing or not a string."],
        [{ 'subnet-id': 1, 'identifier-type': 'duid', identifier: 'zz' }, 1, "Unable to parse 'identifier' value."],
        [{ 'subnet-id': 1, 'identifier-type': 'client-id', identifier: '01' }, 1, 'invalid value "client-id" specified for parameter \'identifier-type\': the supported values are duid, hw-address and flex-id'],
      ])('answers %j with %i', async (args, result, text) => {
        await reserve(FOO);
        expect(await send('reservation-get', args)).toEqual({ result, text });
      });
    });

    describe(`reservation-get-all, -page, -by-hostname, -by-id over ${via}`, () => {
      it('lists the reservations of a subnet: the configuration file first, then the database', async () => {
        await reserve(FOO, BAR);
        expect(await send('reservation-get-all', { 'subnet-id': 1 })).toEqual({ result: 0, text: '2 IPv6 host(s) found.', arguments: { hosts: [PRINTER_JSON, FOO_JSON] } });
        expect(await send('reservation-get-all', { 'subnet-id': 3 })).toEqual({ result: 3, text: '0 IPv6 host(s) found.', arguments: { hosts: [] } });
        expect(await send('reservation-get-all', {})).toEqual({ result: 1, text: "missing parameter 'subnet-id'" });
      });

      it('pages through both sources, then answers 3', async () => {
        await reserve(FOO, BAR);
        const seen: unknown[] = [];
        let next: Record<string, unknown> = {};
        for (;;) {
          const page = await send('reservation-get-page', { limit: 1, ...next });
          if (page.result === 3) {
            expect(page).toEqual({ result: 3, text: '0 IPv6 host(s) found.', arguments: { count: 0, hosts: [] } });
            break;
          }
          const args = page.arguments as { count: number; hosts: unknown[]; next: Record<string, unknown> };
          expect(args.count).toBe(1);
          seen.push(...args.hosts);
          next = args.next;
        }
        expect(seen).toEqual([PRINTER_JSON, FOO_JSON, BAR_JSON]);
        const subnet2 = await send('reservation-get-page', { 'subnet-id': 2, limit: 10 });
        expect((subnet2.arguments as { hosts: unknown[] }).hosts).toHaveLength(1);
        expect(await send('reservation-get-page', { limit: 0 })).toEqual({ result: 1, text: "out of range value (0) specified for parameter 'limit'" });
        expect(await send('reservation-get-page', { limit: 1, 'source-index': 2 })).toEqual({ result: 1, text: "out of range value (2) specified for parameter 'source-index'" });
      });

      it('finds reservations by host name regardless of case, in every subnet or one', async () => {
        await reserve(FOO, BAR);
        const all = await send('reservation-get-by-hostname', { hostname: 'FOO.example.COM' });
        expect(all).toMatchObject({ result: 0, text: '2 IPv6 host(s) found.' });
        const one = await send('reservation-get-by-hostname', { hostname: 'printer.example.org', 'subnet-id': 1 });
        expect(one).toEqual({ result: 0, text: '1 IPv6 host(s) found.', arguments: { hosts: [PRINTER_JSON] } });
        expect(await send('reservation-get-by-hostname', { hostname: 'nobody' })).toEqual({ result: 3, text: '0 IPv6 host(s) found.', arguments: { hosts: [] } });
        expect(await send('reservation-get-by-hostname', { hostname: '' })).toEqual({ result: 1, text: "parameter 'hostname' must not be empty" });
      });

      it('finds the reservations of one identifier in every subnet', async () => {
        await reserve(FOO, { ...FOO, 'subnet-id': 2, 'ip-addresses': [], prefixes: [] });
        const answer = await send('reservation-get-by-id', { 'identifier-type': 'duid', identifier: FOO.duid });
        expect(answer).toMatchObject({ result: 0, text: '2 IPv6 host(s) found.' });
        expect((answer.arguments as { hosts: { 'subnet-id': number }[] }).hosts.map((h) => h['subnet-id'])).toEqual([1, 2]);
        expect(await send('reservation-get-by-id', { 'identifier-type': 'duid', identifier: '01:02:03:04:05:06' })).toEqual({
          result: 0,
          text: '1 IPv6 host(s) found.',
          arguments: { hosts: [PRINTER_JSON] },
        });
        expect(await send('reservation-get-by-id', { 'identifier-type': 'duid', identifier: 'ff' })).toMatchObject({ result: 3 });
        expect(await send('reservation-get-by-id', { identifier: 'ff' })).toEqual({ result: 1, text: "missing parameter 'identifier-type'" });
      });
    });

    describe(`reservation-update and reservation-del over ${via}`, () => {
      it('replaces a stored reservation, and has the engine reload reservations', async () => {
        await reserve(FOO);
        const refreshes = agent.reservationRefreshes.count;
        const updated = { ...FOO, hostname: 'bar.example.com', 'ip-addresses': ['2001:db8:1::beef'] };
        expect(await send('reservation-update', { reservation: updated })).toEqual({ result: 0, text: 'Host updated.' });
        expect(await getStore().hosts.getAll()).toEqual([expect.objectContaining({ hostname: 'bar.example.com', ipAddresses: ['2001:db8:1::beef'] })]);
        expect(agent.reservationRefreshes.count).toBe(refreshes + 1);
      });

      it.each([
        [{ reservation: FOO }, 'Host not updated (not found).'],
        [{ reservation: { 'subnet-id': 1, duid: '01:02:03:04:05:06' } }, 'Host not updated: it is defined in the configuration file: change it there (config-set or config-reload).'],
        [{ reservation: { ...FOO, 'subnet-id': 77 } }, 'Invalid subnet-id: No IPv6 subnet with subnet-id=77 currently configured.'],
      ])('refuses to update %j', async (args, text) => {
        expect(await send('reservation-update', args)).toEqual({ result: 1, text });
      });

      it('deletes a stored reservation by identifier or address, having the engine reload each time', async () => {
        await reserve(FOO, BAR);
        const refreshes = agent.reservationRefreshes.count;
        expect(await send('reservation-del', { 'subnet-id': 1, 'identifier-type': 'duid', identifier: FOO.duid })).toEqual({ result: 0, text: 'Host deleted.' });
        expect(await send('reservation-del', { 'subnet-id': 2, 'ip-address': '2001:db8:2::10' })).toEqual({ result: 0, text: 'Host deleted.' });
        expect(await getStore().hosts.getAll()).toEqual([]);
        expect(agent.reservationRefreshes.count).toBe(refreshes + 2);
      });

      it.each([
        [{ 'subnet-id': 1, 'ip-address': '2001:db8:1::beef' }, 3, 'Host not deleted (not found).'],
        [{ 'subnet-id': 1, 'ip-address': '2001:db8:1::100' }, 1, 'Host not deleted: it is defined in the configuration file: change it there (config-set or config-reload).'],
        [undefined, 1, 'Parameters missing or are not a map.'],
        [{ 'subnet-id': 1 }, 1, "No 'ip-address' provided and 'identifier-type' is either missing or not a string."],
      ])('answers %j with %i', async (args, result, text) => {
        expect(await send('reservation-del', args)).toEqual({ result, text });
      });
    });
  }
});

