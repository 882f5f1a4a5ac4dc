// dhcp6-agent end to end: the built agent serves s0 in one namespace; Kea's perfdhcp and ISC
// dhclient ask from c0 in the other. Leases must survive a restart, and a client bound before
// the restart must renew the same address afterwards. Once on embedded PGlite, once on a
// PostgreSQL server (a fresh database, dropped afterwards).

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfig, AgentProcess, BACKENDS, createPgDatabase, type PgTestDatabase } from './agent-process.js';
import { DhclientDaemon } from './dhclient-daemon.js';
import { expectEveryExchangeCompleted, inPrefix, inRange, keaDuid } from './dhcp-checks.js';
import { describeNetns, NetnsLab, runDhclient, runPerfdhcp, type NsExit, type ServerClient } from './netns.js';

const POOL = { first: '2001:db8:1::1000', last: '2001:db8:1::1fff' };
const PD_POOL = { prefix: '2001:db8:8000::', prefixLen: 40, delegatedLen: 56 };
/** short T1 so that a dhclient bound before the restart renews soon after it */
const TIMERS = { renew: 10, rebind: 60, preferred: 3000, valid: 4000 };
/** perfdhcp at a rate any server keeps up with, waiting 2 s at the end for the last replies */
const LOW_RATE = ['-l', 'c0', '-r', '20', '-R', '100', '-p', '3', '-W', '2000000'];


for (const backend of BACKENDS) {
  describeNetns(`dhcp6-agent serving real clients over a veth pair [${backend}]`, () => {
    const lab = new NetnsLab();
    let net: ServerClient;
    let dir: string;
    let db: PgTestDatabase | undefined;
    let agent: AgentProcess;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'd6a-agent-'));
      net = await lab.serverClient({ global: true });
      if (backend === 'postgresql') db = await createPgDatabase();
      const config = agentConfig({
        dir,
        postgresql: db?.name,
        timers: TIMERS,
        subnets: [{ id: 1, subnet: '2001:db8:1::/64', interface: 's0', pools: [`${POOL.first}-${POOL.last}`], pdPools: [PD_POOL] }],
      });
      agent = await AgentProcess.start(lab, net.server, { dir, config, env: db ? { DATABASE_URL: db.url } : {} });
    }, 120_000);

    afterAll(async () => {
      await lab.teardown();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    it('runs on the database it was configured with', async () => {
      const version = await agent.ctl('version-get');
      expect(version.result).toBe(0);
      expect(String(version.arguments?.extended)).toMatch(backend === 'pglite' ? /PGlite embedded backend \S+ \(in use\)/ : /PostgreSQL backend, pg \S+ \(in use\)/);
    });

    it('completes every address-only 4-way exchange perfdhcp starts and records the leases', async () => {
      const r = await runPerfdhcp(net.client, [...LOW_RATE, '-e', 'address-only']);
      expectEveryExchangeCompleted(r);
      const nas = (await agent.leases()).filter((l) => l.type === 'IA_NA');
      // perfdhcp picks each exchange's client at random among -R 100: some come twice and keep their lease.
      expect(nas.length).toBeGreaterThan(0);
      expect(nas.length).toBeLessThanOrEqual(Math.min(100, r.exchanges['REQUEST-REPLY'].received));
      for (const l of nas) expect(inRange(String(l['ip-address']), POOL.first, POOL.last), String(l['ip-address'])).toBe(true);
    });

    it('completes every prefix-only 4-way exchange perfdhcp starts and records the delegated prefixes', async () => {
      const r = await runPerfdhcp(net.client, [...LOW_RATE, '-e', 'prefix-only']);
      expectEveryExchangeCompleted(r);
      const pds = (await agent.leases()).filter((l) => l.type === 'IA_PD');
      expect(pds.length).toBeGreaterThan(0);
      expect(pds.length).toBeLessThanOrEqual(Math.min(100, r.exchanges['REQUEST-REPLY'].received));
      for (const l of pds) {
        expect(l['prefix-len']).toBe(56);
        expect(inPrefix(String(l['ip-address']), '2001:db8:8000::/40'), String(l['ip-address'])).toBe(true);
      }
    });

    it('gives dhclient -6 an address from the pool with the configured lifetimes, stored under its DUID', async () => {
      const lease = await runDhclient(net.client, 'c0');
      expect(lease.addresses).toHaveLength(1);
      const { address, preferredLife, maxLife } = lease.addresses[0];
      expect(inRange(address, POOL.first, POOL.last), address).toBe(true);
      expect({ preferredLife, maxLife }).toEqual({ preferredLife: TIMERS.preferred, maxLife: TIMERS.valid });
      const stored = await agent.ctl('lease6-get', { 'ip-address': address });
      expect(stored.result).toBe(0);
      expect(stored.arguments).toMatchObject({ type: 'IA_NA', duid: keaDuid(lease.clientId!), 'subnet-id': 1, 'valid-lft': TIMERS.valid });
    });

    it('delegates dhclient -6 -P a /56 from the pd-pool, stored as an IA_PD lease', async () => {
      const lease = await runDhclient(net.client, 'c0', { prefix: true });
      expect(lease.addresses).toEqual([]);
      expect(lease.prefixes).toHaveLength(1);
      const [prefix, len] = lease.prefixes[0].prefix.split('/');
      expect(len).toBe('56');
      expect(inPrefix(prefix, '2001:db8:8000::/40'), prefix).toBe(true);
      const stored = await agent.ctl('lease6-get', { 'ip-address': prefix, type: 'IA_PD' });
      expect(stored.result).toBe(0);
      expect(stored.arguments).toMatchObject({ type: 'IA_PD', 'prefix-len': 56, duid: keaDuid(lease.clientId!) });
    });

    describe('across a restart', () => {
      let client: DhclientDaemon;
      let bound: Awaited<ReturnType<DhclientDaemon['waitForLease']>>;
      let before: Record<string, unknown>[];
      let exit: NsExit;
      let socketLeftBehind: boolean;

      beforeAll(async () => {
        client = await DhclientDaemon.start(lab, net.client, 'c0');
        bound = await client.waitForLease(0, 30_000);
        before = await agent.leases();
        exit = await agent.stop();
        socketLeftBehind = existsSync(agent.socketPath);
        agent = await agent.restart();
      }, 150_000);

      afterAll(() => client?.stop());

      it('stops on SIGTERM with exit status 0 and removes its control socket', () => {
        expect(exit).toEqual({ code: 0, signal: null });
        expect(socketLeftBehind).toBe(false);
      });

      it('still holds every lease it had before the restart', async () => {
        expect(before.some((l) => l['ip-address'] === bound.addresses[0].address)).toBe(true);
        expect(await agent.leases()).toEqual(before);
        if (db) {
          // and they are rows of the PostgreSQL server's lease6 table, not something the agent kept in memory
          const [row] = await db.query('SELECT count(*)::int AS n FROM lease6');
          expect(row.n).toBe(before.length);
        }
      });

      it('renews the address of a dhclient bound before the restart, with the same server DUID', async () => {
        const leaseBefore = before.find((l) => l['ip-address'] === bound.addresses[0].address)!;
        // T1 is 10 s; should the first RENEW have gone out while the agent was down, dhclient retransmits it.
        const renewed = await client.waitForLease(1, 90_000);
        expect(renewed.addresses.map((a) => a.address)).toEqual([bound.addresses[0].address]);
        expect(renewed.serverId).toBe(bound.serverId);
        const stored = await agent.ctl('lease6-get', { 'ip-address': bound.addresses[0].address });
        expect(stored.arguments).toMatchObject({ duid: leaseBefore.duid, iaid: leaseBefore.iaid });
        expect(Number(stored.arguments!.cltt)).toBeGreaterThan(Number(leaseBefore.cltt));
      }, 120_000);
    });
  }, { commands: ['perfdhcp', 'dhclient'] });
}
