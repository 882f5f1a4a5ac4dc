// subnet6-list/-get/-add/-update/-del/-delta-add/-delta-del on a running agent, over both
// control sockets, on both drivers: changes apply without a restart — config-get shows
// them, the engine serves them, lease6-add follows them — each writes an audit row, and
// refused changes leave the configuration as it was.

import { describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG } from '../../src/commands/example-config.js';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { clientDuid, clientOptions, DIRECT, iaOf, leasesIn, message, send as sendPacket } from '../engine/harness.js';
import { forEachAgentDriver, type RunningTestAgent } from '../helpers/agent.js';
import { TRANSPORTS } from './transports.js';

/** EXAMPLE_CONFIG with a third subnet written without an id: the parser gives it 3. */
const DHCP6 = {
  ...EXAMPLE_CONFIG.Dhcp6,
  subnet6: [...EXAMPLE_CONFIG.Dhcp6.subnet6, { subnet: '2001:db8:4::/64', pools: [{ pool: '2001:db8:4::/80' }] }],
};

const SUBNET_5 = { id: 5, subnet: '2001:db8:5::/64', interface: 'eth9', pools: [{ pool: '2001:db8:5::100-2001:db8:5::1ff' }], 'valid-lifetime': 7200 };
const lease = (subnetId: number, address: string) => ({ 'subnet-id': subnetId, 'ip-address': address, duid: '00:03:00:01:aa:bb:cc:dd:ee:09', iaid: 9 });

forEachAgentDriver('subnet6 commands', DHCP6, (get) => {
  for (const via of TRANSPORTS) {
    describe(`over ${via}`, () => {
      const send = (command: string, args?: unknown) => get().send(via, args === undefined ? { command } : { command, arguments: args });
      const hash = async () => ((await send('config-hash-get')).arguments as { hash: string }).hash;
      const rawSubnets = (t: RunningTestAgent) => t.agent.config().raw.Dhcp6.subnet6 as Record<string, unknown>[];
      const audits = async (t: RunningTestAgent, after: number) =>
        (await t.agent.store.audit.readSince(after, 100)).filter((r) => r.objectType === 'dhcp6_subnet');

      /** The request is refused with `text` and the configuration stays as it was. */
      async function refused(command: string, args: unknown, text: string | RegExp, result = 1): Promise<void> {
        const before = await hash();
        const answer = await send(command, args);
        expect(answer.result, JSON.stringify(answer)).toBe(result);
        if (typeof text === 'string') expect(answer.text).toBe(text);
        else expect(answer.text).toMatch(text);
        expect(await hash()).toBe(before);
      }

      describe('subnet6-list and subnet6-get', () => {
        it('subnet6-list answers every running subnet in brief', async () => {
          expect(await send('subnet6-list')).toEqual({
            result: 0,
            text: '3 IPv6 subnets found',
            arguments: {
              subnets: [
                { id: 1, subnet: '2001:db8:1::/64' },
                { id: 2, subnet: '2001:db8:2::/64' },
                { id: 3, subnet: '2001:db8:4::/64' },
              ],
            },
          });
        });

        it('subnet6-list answers result 3 when no subnet is left', async () => {
          for (const id of [1, 2, 3]) expect((await send('subnet6-del', { id })).result).toBe(0);
          expect(await send('subnet6-list')).toEqual({ result: 3, text: '0 IPv6 subnets found', arguments: { subnets: [] } });
        });

        it('subnet6-get finds a subnet by id or by prefix however written, with the id the parser gave it', async () => {
          const third = { id: 3, subnet: '2001:db8:4::/64', pools: [{ pool: '2001:db8:4::/80' }] };
          const expected = { result: 0, text: 'Info about IPv6 subnet 2001:db8:4::/64 (id 3) returned', arguments: { subnets: [third] } };
          expect(await send('subnet6-get', { id: 3 })).toEqual(expected);
          expect(await send('subnet6-get', { subnet: '2001:DB8:4:0::/64' })).toEqual(expected);
          expect((await send('subnet6-get', { id: 1 })).arguments).toEqual({ subnets: [EXAMPLE_CONFIG.Dhcp6.subnet6[0]] });
        });

        it('subnet6-get answers result 3 for a subnet that is not there, and refuses bad selectors', async () => {
          expect(await send('subnet6-get', { id: 9 })).toEqual({ result: 3, text: 'No IPv6 subnet with id 9 found' });
          expect(await send('subnet6-get', { subnet: '2001:db8:1::/48' })).toEqual({ result: 3, text: 'No IPv6 subnet 2001:db8:1::/48 found' });
          expect(await send('subnet6-get')).toEqual({ result: 1, text: 'no parameters specified for the command' });
          expect(await send('subnet6-get', {})).toEqual({ result: 1, text: "missing parameter 'id' or 'subnet'" });
          expect(await send('subnet6-get', { id: 1, subnet: '2001:db8:1::/64' })).toEqual({ result: 1, text: "give either 'id' or 'subnet', not both" });
          expect(await send('subnet6-get', { id: 'one' })).toEqual({ result: 1, text: "invalid type specified for parameter 'id'" });
          expect(await send('subnet6-get', { id: 0 })).toEqual({ result: 1, text: "out of range value (0) specified for parameter 'id'" });
          expect((await send('subnet6-get', { subnet: '2001:db8::/129' })).text).toMatch(/^invalid value specified for parameter 'subnet': '2001:db8::\/129' is not an IPv6 prefix/);
        });
      });

      describe('subnet6-add', () => {
        it('adds a subnet the engine serves at once: config-get, lease6-add, a SOLICIT, statistics, an audit row', async () => {
          const t = get();
          const seq = await t.agent.store.audit.maxSeq();
          expect(await send('lease6-add', lease(5, '2001:db8:5::150'))).toEqual({ result: 1, text: 'Invalid subnet-id: No IPv6 subnet with subnet-id=5 currently configured.' });
          expect(await send('subnet6-add', { subnet6: [SUBNET_5] })).toEqual({
            result: 0,
            text: 'IPv6 subnet added',
            arguments: { subnet6: [{ id: 5, subnet: '2001:db8:5::/64' }] },
          });
          expect(((await send('config-get')).arguments as { Dhcp6: { subnet6: unknown[] } }).Dhcp6.subnet6).toContainEqual(SUBNET_5);
          expect(await send('lease6-add', lease(5, '2001:db8:5::150'))).toMatchObject({ result: 0 });
          expect(t.agent.engine.config.subnets.find((s) => s.id === 5)?.lifetimes.valid).toBe(7200);

          const answer = await sendPacket(t.agent.engine, message(MSG.SOLICIT, clientOptions({ duid: clientDuid(51), na: [{ iaid: 1 }] })), { ...DIRECT, iface: 'eth9' });
          const offered = leasesIn(iaOf(answer!.reply, 1, OPT.IA_NA));
          expect(offered).toHaveLength(1);
          expect(offered[0].lease).toMatch(/^2001:db8:5::1[0-9a-f]{2}$/);
          expect(offered[0].valid).toBe(7200);

          expect(t.agent.statistics.value('subnet[5].total-nas')).toBe(256);
          const rows = await audits(t, seq);
          expect(rows.map((r) => [r.agent, r.objectId, r.modificationType, r.payload])).toEqual([[t.agent.store.agentId, '5', 'create', { subnet6: [SUBNET_5] }]]);
        });

        it("without an id, takes the last id assigned automatically plus one (Kea's rule), and fails when that id is taken", async () => {
          const t = get();
          // The parser gave id 3 to the file's third subnet: the next automatic ids are 4, then 5.
          expect(await send('subnet6-add', { subnet6: [{ subnet: '2001:db8:a::/64' }] })).toMatchObject({ result: 0, arguments: { subnet6: [{ id: 4, subnet: '2001:db8:a::/64' }] } });
          expect(await send('subnet6-add', { subnet6: [{ id: 6, subnet: '2001:db8:b::/64' }] })).toMatchObject({ result: 0 });
          expect(await send('subnet6-add', { subnet6: [{ subnet: '2001:db8:c::/64' }] })).toMatchObject({ result: 0, arguments: { subnet6: [{ id: 5, subnet: '2001:db8:c::/64' }] } });
          await refused('subnet6-add', { subnet6: [{ subnet: '2001:db8:d::/64' }] }, "ID of the new IPv6 subnet '6' is already in use (assigned automatically: give the subnet an 'id')");
          expect(await send('subnet6-add', { subnet6: [{ subnet: '2001:db8:d::/64' }] })).toMatchObject({ result: 0, arguments: { subnet6: [{ id: 7, subnet: '2001:db8:d::/64' }] } });
          // The ids are written into the configuration: config-write keeps them.
          expect(rawSubnets(t).map((s) => s.id)).toEqual([1, 2, 3, 4, 6, 5, 7]);
        });

        it('refuses a taken id or prefix, reservations, and a subnet that does not parse, naming the field', async () => {
          await refused('subnet6-add', { subnet6: [{ ...SUBNET_5, id: 2 }] }, "ID of the new IPv6 subnet '2' is already in use");
          await refused('subnet6-add', { subnet6: [{ id: 9, subnet: '2001:DB8:2:0::/64' }] }, "subnet with the prefix of '2001:db8:2::/64' already exists");
          await refused(
            'subnet6-add',
            { subnet6: [{ ...SUBNET_5, reservations: [{ duid: '01:02:03:04:05:07', 'ip-addresses': ['2001:db8:5::7'] }] }] },
            'subnet6[0].reservations: reservations cannot be given in subnet6-add; use reservation-add',
          );
          await refused('subnet6-add', { subnet6: [{ ...SUBNET_5, pools: [{ pool: '2001:db8:6::/80' }] }] }, 'subnet6[0].pools[0].pool: "2001:db8:6::/80" is not inside subnet 2001:db8:5::/64');
          await refused('subnet6-add', { subnet6: [{ ...SUBNET_5, 'valid-lifetim': 5 }] }, "subnet6[0].valid-lifetim: unknown key (did you mean 'valid-lifetime'?)");
          // A pool another subnet's pool overlaps: the error names both.
          await refused('subnet6-add', { subnet6: [{ id: 9, subnet: '2001:db8:1::/48', pools: [{ pool: '2001:db8:1::1800-2001:db8:1::1900' }] }] }, /pool/);
        });

        it('refuses malformed arguments, naming the parameter', async () => {
          await refused('subnet6-add', undefined, 'no parameters specified for the command');
          await refused('subnet6-add', {}, "missing parameter 'subnet6'");
          await refused('subnet6-add', { subnet6: {} }, "invalid type specified for parameter 'subnet6'");
          await refused('subnet6-add', { subnet6: [] }, "parameter 'subnet6' must list at least 1 item(s)");
          await refused('subnet6-add', { subnet6: [SUBNET_5, { ...SUBNET_5, id: 6 }] }, "parameter 'subnet6' must list at most 1 item(s)");
          await refused('subnet6-add', { subnet6: [{ id: 9 }] }, "missing parameter 'subnet6[0].subnet'");
          await refused('subnet6-add', { subnet6: [{ id: 4294967295, subnet: '2001:db8:9::/64' }] }, "out of range value (4294967295) specified for parameter 'subnet6[0].id'");
          await refused('subnet6-add', { subnet6: [{ id: 9, subnet: '2001:db8:9::' }] }, /^invalid value specified for parameter 'subnet6\[0\]\.subnet': /);
        });

        it('keeps every one of several changes sent at once', async () => {
          const t = get();
          const answers = await Promise.all([6, 7, 8, 9].map((id) => send('subnet6-add', { subnet6: [{ id, subnet: `2001:db8:${id}0::/64` }] })));
          expect(answers.map((a) => a.result)).toEqual([0, 0, 0, 0]);
          expect(t.agent.config().subnets.map((s) => s.id).sort()).toEqual([1, 2, 3, 6, 7, 8, 9]);
        });

        it('keeps a subnet added while config-set applies another configuration, and the other configuration too', async () => {
          const t = get();
          const next = { Dhcp6: { ...structuredClone(t.agent.config().raw.Dhcp6), 'valid-lifetime': 9000 } };
          const [set, add] = await Promise.all([send('config-set', next), send('subnet6-add', { subnet6: [SUBNET_5] })]);
          expect([set.result, add.result]).toEqual([0, 0]);
          expect(t.agent.config().lifetimes.valid).toBe(9000);
          expect(t.agent.config().subnets.map((s) => s.id)).toContain(5);
        });
      });

      describe('subnet6-update', () => {
        it('replaces a subnet: the engine serves the new pool and lifetime; the reservations of the file stay', async () => {
          const t = get();
          const seq = await t.agent.store.audit.maxSeq();
          const updated = { id: 1, subnet: '2001:db8:1::/64', pools: [{ pool: '2001:db8:1::2:0/112' }], 'valid-lifetime': 6000 };
          expect(await send('subnet6-update', { subnet6: [updated] })).toEqual({ result: 0, text: 'IPv6 subnet updated', arguments: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64' }] } });
          expect(rawSubnets(t)[0]).toEqual({ ...updated, reservations: EXAMPLE_CONFIG.Dhcp6.subnet6[0].reservations });
          const running = t.agent.engine.config.subnets[0];
          expect(running.lifetimes.valid).toBe(6000);
          expect(running.pools.map((p) => p.text)).toEqual(['2001:db8:1::2:0/112']);
          expect(running.pdPools).toEqual([]);
          expect(running.reservations).toHaveLength(1);
          expect((await audits(t, seq)).map((r) => [r.objectId, r.modificationType])).toEqual([['1', 'update']]);
        });

        it('refuses an unknown subnet, a new prefix, reservations and a subnet that does not parse', async () => {
          await refused('subnet6-update', { subnet6: [{ id: 9, subnet: '2001:db8:9::/64' }] }, 'No IPv6 subnet with id 9 found');
          await refused(
            'subnet6-update',
            { subnet6: [{ id: 2, subnet: '2001:db8:9::/64' }] },
            'subnet6[0].subnet: subnet 2 is 2001:db8:2::/64; subnet6-update cannot change its prefix (delete the subnet and add it again)',
          );
          await refused('subnet6-update', { subnet6: [{ id: 2, subnet: '2001:db8:2::/64', reservations: [] }] }, 'subnet6[0].reservations: reservations cannot be given in subnet6-update; use reservation-add');
          await refused('subnet6-update', { subnet6: [{ id: 2, subnet: '2001:db8:2::/64', 'rapid-commit': 'yes' }] }, /^subnet6\[0\]\.rapid-commit: /);
          await refused('subnet6-update', { subnet6: [{ subnet: '2001:db8:2::/64' }] }, "missing parameter 'subnet6[0].id'");
        });
      });

      describe('subnet6-del', () => {
        it('removes a subnet: lease6-add into it fails, its leases stay, its statistics go, an audit row is written', async () => {
          const t = get();
          expect((await send('lease6-add', lease(2, '2001:db8:2::9'))).result).toBe(0);
          const seq = await t.agent.store.audit.maxSeq();
          expect(await send('subnet6-del', { id: 2 })).toEqual({
            result: 0,
            text: 'IPv6 subnet 2001:db8:2::/64 (id 2) deleted',
            arguments: { subnets: [{ id: 2, subnet: '2001:db8:2::/64' }] },
          });
          expect(rawSubnets(t).map((s) => s.id)).toEqual([1, 3]);
          expect(t.agent.engine.config.subnets.map((s) => s.id)).toEqual([1, 3]);
          expect(await send('lease6-add', lease(2, '2001:db8:2::10'))).toEqual({ result: 1, text: 'Invalid subnet-id: No IPv6 subnet with subnet-id=2 currently configured.' });
          expect(await send('lease6-get', { 'ip-address': '2001:db8:2::9' })).toMatchObject({ result: 0, arguments: { 'subnet-id': 2 } });
          expect(t.agent.statistics.get('subnet[2].total-nas')).toBeUndefined();
          expect((await audits(t, seq)).map((r) => [r.objectId, r.modificationType, r.payload])).toEqual([
            ['2', 'delete', { subnet6: [{ id: 2, subnet: '2001:db8:2::/64' }] }],
          ]);
        });

        it('answers result 3 for a subnet that is not there, and refuses a missing id', async () => {
          await refused('subnet6-del', { id: 9 }, 'No IPv6 subnet with id 9 found', 3);
          await refused('subnet6-del', {}, "missing parameter 'id'");
        });
      });

      describe('subnet6-delta-add and subnet6-delta-del', () => {
        const delta = (command: string, part: Record<string, unknown>) => send(command, { subnet6: [{ id: 1, subnet: '2001:db8:1::/64', ...part }] });

        it('delta-add adds a pool and options, merges into a pool with the same range however written, and sets parameters', async () => {
          const t = get();
          const seq = await t.agent.store.audit.maxSeq();
          expect(
            await delta('subnet6-delta-add', {
              pools: [{ pool: '2001:db8:1::2:0/112' }, { pool: '2001:db8:1::1000 - 2001:db8:1::FFFF', 'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }] }],
              'option-data': [{ code: 23, data: '2001:db8::54' }],
              'valid-lifetime': 5000,
            }),
          ).toEqual({ result: 0, text: 'IPv6 subnet updated', arguments: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64' }] } });
          const raw = rawSubnets(t)[0];
          expect(raw.pools).toEqual([
            { pool: '2001:db8:1::1000-2001:db8:1::ffff', 'option-data': [{ name: 'dns-servers', data: '2001:db8::53' }] },
            { pool: '2001:db8:1::2:0/112' },
          ]);
          expect(raw['option-data']).toEqual([{ code: 23, data: '2001:db8::54' }]);
          expect(raw.reservations).toEqual(EXAMPLE_CONFIG.Dhcp6.subnet6[0].reservations);
          const running = t.agent.engine.config.subnets[0];
          expect(running.lifetimes.valid).toBe(5000);
          expect(running.pools).toHaveLength(2);
          expect(running.pools[0].options.map((o) => o.code)).toEqual([23]);
          expect(running.options.map((o) => o.code)).toEqual([23]);
          // The same option given by name replaces the one given by code.
          expect((await delta('subnet6-delta-add', { 'option-data': [{ name: 'dns-servers', data: '2001:db8::55' }] })).result).toBe(0);
          expect(rawSubnets(t)[0]['option-data']).toEqual([{ name: 'dns-servers', data: '2001:db8::55' }]);
          expect((await audits(t, seq)).map((r) => [r.objectId, r.modificationType])).toEqual([['1', 'update'], ['1', 'update']]);
        });

        it('delta-del removes a pd-pool, an option inside a pool, and a parameter (which is then inherited)', async () => {
          const t = get();
          expect((await delta('subnet6-delta-add', { pools: [{ pool: '2001:db8:1::1000-2001:db8:1::ffff', 'option-data': [{ code: 23, data: '2001:db8::53' }] }], 'valid-lifetime': 5000 })).result).toBe(0);
          expect(
            await delta('subnet6-delta-del', {
              'pd-pools': [{ prefix: '2001:db8:8000::', 'prefix-len': 40 }],
              pools: [{ pool: '2001:db8:1::1000-2001:db8:1::ffff', 'option-data': [{ name: 'dns-servers' }] }],
              'valid-lifetime': 0,
            }),
          ).toEqual({ result: 0, text: 'IPv6 subnet updated', arguments: { subnet6: [{ id: 1, subnet: '2001:db8:1::/64' }] } });
          const raw = rawSubnets(t)[0];
          expect(raw['pd-pools']).toBeUndefined();
          expect(raw.pools).toEqual([{ pool: '2001:db8:1::1000-2001:db8:1::ffff' }]);
          expect(raw['valid-lifetime']).toBeUndefined();
          const running = t.agent.engine.config.subnets[0];
          expect(running.pdPools).toEqual([]);
          expect(running.lifetimes.valid).toBe(4000);
          // A pool given by its range alone goes entirely.
          expect((await delta('subnet6-delta-del', { pools: [{ pool: '2001:db8:1::1000-2001:db8:1::ffff' }] })).result).toBe(0);
          expect(t.agent.engine.config.subnets[0].pools).toEqual([]);
        });

        it('refuse an unknown subnet, another prefix, parts that are not there, and a result that does not parse', async () => {
          await refused('subnet6-delta-add', { subnet6: [{ id: 9, pools: [] }] }, 'No IPv6 subnet with id 9 found');
          await refused('subnet6-delta-add', { subnet6: [{ id: 1, subnet: '2001:db8:2::/64' }] }, 'subnet6[0].subnet: subnet 1 is 2001:db8:1::/64, not 2001:db8:2::/64');
          await refused('subnet6-delta-add', { subnet6: [{ id: 1, pools: [{ 'option-data': [] }] }] }, "subnet6[0].pools[0]: missing 'pool'");
          await refused('subnet6-delta-add', { subnet6: [{ id: 1, pools: { pool: '2001:db8:1::/120' } }] }, 'subnet6[0].pools: must be a list');
          await refused('subnet6-delta-add', { subnet6: [{ id: 1, 'option-data': [{ data: 'x' }] }] }, "subnet6[0].option-data[0]: missing 'code' or 'name'");
          await refused('subnet6-delta-add', { subnet6: [{ id: 1, reservations: [] }] }, 'subnet6[0].reservations: reservations cannot be given in subnet6-delta-add; use reservation-add');
          await refused(
            'subnet6-delta-add',
            { subnet6: [{ id: 1, pools: [{ pool: '2001:db8:9::/120' }] }] },
            'the subnet with the change applied is not valid: Dhcp6.subnet6[0].pools[1].pool: "2001:db8:9::/120" is not inside subnet 2001:db8:1::/64',
          );
          await refused('subnet6-delta-del', { subnet6: [{ id: 1, pools: [{ pool: '2001:db8:1::/120' }] }] }, 'subnet6[0].pools[0]: pool 2001:db8:1::/120 is not configured, so it cannot be deleted');
          await refused('subnet6-delta-del', { subnet6: [{ id: 1, 'option-data': [{ code: 23 }] }] }, 'subnet6[0].option-data[0]: option 23 is not configured, so it cannot be deleted');
          await refused('subnet6-delta-del', { subnet6: [{ id: 1, 'rapid-commit': true }] }, 'subnet6[0].rapid-commit: is not set, so it cannot be deleted');
          await refused('subnet6-delta-del', { subnet6: [{ subnet: '2001:db8:1::/64' }] }, "missing parameter 'subnet6[0].id'");
        });
      });
    });
  }
});
