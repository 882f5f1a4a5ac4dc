// dhcp6-agent end to end, beyond plain exchanges: clients behind a relay, a SIGHUP reload that
// changes a pool (and one that must be refused), SIGTERM under load, and a configuration naming
// an interface that does not exist. One agent on embedded PGlite serves both subnets:
//   subnet 1, 2001:db8:5::/64 on s0          — directly attached clients (link-local sources)
//   subnet 2, 2001:db8:1::/64, no interface — relayed clients: perfdhcp -A 1 sends RELAY-FORW from
//                                             c0's 2001:db8:1::2 with that as its link-address

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfig, AgentProcess, type SubnetSpec } from './agent-process.js';
import { expectEveryExchangeCompleted, inPrefix, inRange } from './dhcp-checks.js';
import { describeNetns, NetnsLab, runDhclient, runPerfdhcp, type ServerClient } from './netns.js';

const POOL_A = { first: '2001:db8:5::1000', last: '2001:db8:5::10ff' };
const POOL_B = { first: '2001:db8:5::2000', last: '2001:db8:5::20ff' };
const RELAYED_POOL = { first: '2001:db8:1::1000', last: '2001:db8:1::1fff' };
const RELAYED_PD = '2001:db8:9000::/40';
const LOW_RATE = ['-l', 'c0', '-r', '20', '-R', '100', '-p', '3', '-W', '2000000'];

function subnets(directPool: { first: string; last: string }): SubnetSpec[] {
  return [
    { id: 1, subnet: '2001:db8:5::/64', interface: 's0', pools: [`${directPool.first}-${directPool.last}`] },
    {
      id: 2, subnet: '2001:db8:1::/64', pools: [`${RELAYED_POOL.first}-${RELAYED_POOL.last}`],
      pdPools: [{ prefix: '2001:db8:9000::', prefixLen: 40, delegatedLen: 56 }],
    },
  ];
}

describeNetns('dhcp6-agent: relays, reloads and signals', () => {
  const lab = new NetnsLab();
  let net: ServerClient;
  let dir: string;
  let agent: AgentProcess;

  const leasesOf = async (subnetId: number) => (await agent.leases()).filter((l) => l['subnet-id'] === subnetId);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'd6a-agent-'));
    net = await lab.serverClient({ global: true });
    agent = await AgentProcess.start(lab, net.server, { dir, config: agentConfig({ dir, subnets: subnets(POOL_A) }) });
  }, 120_000);

  afterAll(async () => {
    await lab.teardown();
    await rm(dir, { recursive: true, force: true });
  });

  describe('relayed clients', () => {
    it('answers RELAY-FORW with addresses of the subnet that contains the relay link-address', async () => {
      const r = await runPerfdhcp(net.client, [...LOW_RATE, '-A', '1', '-e', 'address-only']);
      expectEveryExchangeCompleted(r);
      const relayed = await leasesOf(2);
      expect(relayed.length).toBeGreaterThan(0);
      for (const l of relayed) {
        expect(l.type).toBe('IA_NA');
        expect(inRange(String(l['ip-address']), RELAYED_POOL.first, RELAYED_POOL.last), String(l['ip-address'])).toBe(true);
      }
      // The relay sits on s0, yet its clients are not s0's: nothing came from the interface's subnet.
      expect(await leasesOf(1)).toEqual([]);
    });

    it('delegates prefixes to relayed clients from that subnet pd-pool', async () => {
      const r = await runPerfdhcp(net.client, [...LOW_RATE, '-A', '1', '-e', 'prefix-only']);
      expectEveryExchangeCompleted(r);
      const pds = (await leasesOf(2)).filter((l) => l.type === 'IA_PD');
      expect(pds.length).toBeGreaterThan(0);
      for (const l of pds) expect(inPrefix(String(l['ip-address']), RELAYED_PD), String(l['ip-address'])).toBe(true);
    });

    it('still serves a directly attached client from the interface subnet', async () => {
      const lease = await runDhclient(net.client, 'c0');
      expect(inRange(lease.addresses[0].address, POOL_A.first, POOL_A.last), lease.addresses[0].address).toBe(true);
    });
  });

  describe('SIGHUP', () => {
    it('reloads the configuration file: new clients get addresses from the new pool', async () => {
      const before = new Set((await leasesOf(1)).map((l) => l['ip-address']));
      await agent.reload(agentConfig({ dir, subnets: subnets(POOL_B) }));
      // A base DUID no earlier client had: every one of these is a new client.
      const r = await runPerfdhcp(net.client, [...LOW_RATE, '-b', 'duid=00030001aabbccddee00', '-e', 'address-only']);
      expectEveryExchangeCompleted(r);
      const added = (await leasesOf(1)).filter((l) => !before.has(l['ip-address']));
      expect(added.length).toBeGreaterThan(0);
      for (const l of added) expect(inRange(String(l['ip-address']), POOL_B.first, POOL_B.last), String(l['ip-address'])).toBe(true);
      const lease = await runDhclient(net.client, 'c0');
      expect(inRange(lease.addresses[0].address, POOL_B.first, POOL_B.last), lease.addresses[0].address).toBe(true);
    });

    it('keeps the running configuration when the file it rereads is invalid, and says why', async () => {
      const broken = agentConfig({ dir, subnets: subnets({ first: '2001:db8:7::1', last: '2001:db8:7::ff' }) });
      await expect(agent.reload(broken)).rejects.toThrow(/SIGHUP reload refused[\s\S]*2001:db8:7::1/);
      const lease = await runDhclient(net.client, 'c0');
      expect(inRange(lease.addresses[0].address, POOL_B.first, POOL_B.last), lease.addresses[0].address).toBe(true);
      expect((await agent.ctl('version-get')).result).toBe(0);
    });
  });

  describe('SIGTERM', () => {
    it('stops cleanly while clients keep asking: exit status 0, control socket removed', async () => {
      const load = lab.spawn(net.client, 'perfdhcp', ['-6', '-l', 'c0', '-r', '200', '-R', '10000', '-p', '10']);
      try {
        // Let traffic flow for a moment, then stop the agent in the middle of it.
        await new Promise((r) => setTimeout(r, 2000));
        const exit = await agent.stop();
        expect(exit, agent.process.describe()).toEqual({ code: 0, signal: null });
        expect(existsSync(agent.socketPath)).toBe(false);
        expect(agent.logLines().map((l) => l.msg)).toContain('lease database closed (DB flushed)');
      } finally {
        await load.stop();
      }
    });
  });

  describe('an interface that does not exist', () => {
    it('makes the agent exit non-zero with an error naming the interface', async () => {
      // The agent above has stopped; this one reuses its (initialised) data directory.
      const config = agentConfig({ dir, interfaces: ['s0', 'nosuch0'], subnets: subnets(POOL_A) });
      const bad = await AgentProcess.spawn(lab, net.server, { dir, config });
      const exit = await bad.process.waitForExit(90_000);
      expect(exit.code, bad.process.describe()).not.toBe(0);
      expect(exit.code, bad.process.describe()).not.toBeNull();
      expect(bad.process.stderr).toMatch(/nosuch0/);
      expect(bad.process.stdout).not.toContain('dhcp6-agent started');
      expect(existsSync(bad.socketPath)).toBe(false);
    }, 120_000);
  });
}, { commands: ['perfdhcp', 'dhclient'] });
