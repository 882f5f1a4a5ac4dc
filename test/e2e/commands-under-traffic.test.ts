// Commands that change leases while the engine serves real traffic: perfdhcp runs 4-way
// exchanges from the client namespace while lease6-add puts leases into the same pool and
// lease6-del removes leases the engine just handed out. Afterwards no lease is lost (every
// added lease is there, untouched) or duplicated (one lease per address and per client IA),
// and every exchange perfdhcp started completed.

import { createConnection } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AgentProcess, BACKENDS, startAgentOnLink, type AgentOnLink, type KeaAnswer } from './agent-process.js';
import { expectEveryExchangeCompleted, inRange } from './dhcp-checks.js';
import { describeNetns, NetnsLab, runPerfdhcp, type ServerClient } from './netns.js';

const POOL = { first: '2001:db8:1::1000', last: '2001:db8:1::10ff' };
const ADDED = 48;
const addedAddress = (i: number) => `2001:db8:1::10${(0xc0 + i).toString(16)}`;
const addedDuid = (i: number) => `0a:0b:0c:0d:00:${i.toString(16).padStart(2, '0')}`;

/** One command over the unix socket, answered and closed as Kea does (no process per command). */
function command(socketPath: string, cmd: string, args?: Record<string, unknown>): Promise<KeaAnswer> {
  return new Promise((resolve, reject) => {
    const c = createConnection(socketPath);
    let text = '';
    c.setEncoding('utf8');
    c.on('data', (d) => (text += d));
    c.on('error', reject);
    c.on('end', () => {
      try {
        resolve(JSON.parse(text) as KeaAnswer);
      } catch {
        reject(new Error(`${cmd}: no JSON answer: ${text}`));
      }
    });
    c.end(JSON.stringify({ command: cmd, ...(args ? { arguments: args } : {}) }));
  });
}

for (const backend of BACKENDS) {
  describeNetns(`lease commands while perfdhcp is served [${backend}]`, () => {
    const lab = new NetnsLab();
    let net: ServerClient;
    let fixture: AgentOnLink;
    let agent: AgentProcess;

    beforeAll(async () => {
      fixture = await startAgentOnLink(lab, backend, {
        subnets: [{ id: 1, subnet: '2001:db8:1::/64', interface: 's0', pools: [`${POOL.first}-${POOL.last}`] }],
      });
      ({ net, agent } = fixture);
    }, 120_000);

    afterAll(() => fixture?.close() ?? lab.teardown());

    it('loses and duplicates no lease when lease6-add and lease6-del run during 4-way exchanges', async () => {
      const traffic = runPerfdhcp(net.client, ['-l', 'c0', '-r', '40', '-R', '150', '-p', '6', '-W', '2000000', '-e', 'address-only']);
      const deleted = new Set<string>();
      let added = 0;
      const commands = (async () => {
        for (let i = 0; i < ADDED; i++) {
          const a = await command(agent.socketPath, 'lease6-add', { 'subnet-id': 1, 'ip-address': addedAddress(i), duid: addedDuid(i), iaid: 7 });
          // the engine may have handed that address out first: then the add must say so
          if (a.result === 0) added++;
          else expect(a.text).toMatch(/exists|already/i);
          if (i % 4 === 0) {
            const all = await command(agent.socketPath, 'lease6-get-all');
            const engineLeases = ((all.arguments?.leases ?? []) as Record<string, unknown>[]).filter((l) => l.iaid !== 7);
            const victim = engineLeases[engineLeases.length - 1];
            if (victim) {
              const d = await command(agent.socketPath, 'lease6-del', { 'ip-address': victim['ip-address'] });
              expect([0, 3]).toContain(d.result);
              if (d.result === 0) deleted.add(String(victim['ip-address']));
            }
          }
          await new Promise((r) => setTimeout(r, 80));
        }
      })();
      const [r] = await Promise.all([traffic, commands]);
      expectEveryExchangeCompleted(r);
      expect(added).toBeGreaterThan(ADDED / 2);
      expect(deleted.size).toBeGreaterThan(0);

      const leases = await agent.leases();
      const addresses = leases.map((l) => String(l['ip-address']));
      expect(new Set(addresses).size).toBe(addresses.length);
      const clientIas = leases.map((l) => `${String(l.duid)}/${String(l.iaid)}`);
      expect(new Set(clientIas).size).toBe(clientIas.length);
      for (const a of addresses) expect(inRange(a, POOL.first, POOL.last), a).toBe(true);
      // every lease the commands added is there with its own client: the engine never took it over
      const byAddress = new Map(leases.map((l) => [String(l['ip-address']), l]));
      let present = 0;
      for (let i = 0; i < ADDED; i++) {
        const l = byAddress.get(addedAddress(i));
        if (l?.iaid === 7) {
          expect(l.duid).toBe(addedDuid(i));
          present++;
        }
      }
      expect(present).toBe(added);
      // a deleted address is free at once: it is either gone or held by a client the engine served since
      for (const a of deleted) {
        const l = byAddress.get(a);
        if (l) expect(l.iaid).not.toBe(7);
      }
    });
  });
}
