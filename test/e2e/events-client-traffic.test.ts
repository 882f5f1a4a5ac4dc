// Lease events from the messages perfdhcp cannot send on cue: a scripted client
// (fixtures/scripted-client.mjs, on the agent's own packet codec) in the client namespace gets two
// addresses by SOLICIT/ADVERTISE/REQUEST/REPLY over the veth link, DECLINEs one and REBINDs the
// other; after the short decline-probation-period the reclamation timer recovers the declined
// address. A `dhcp6-agent events` subscriber (from seq 0, started before the traffic) must see exactly
// allocated ×2, declined, rebound, recovered — each with its address, DUID and the lease shape.

import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AGENT_MAIN, BACKENDS, startAgentOnLink, type AgentOnLink } from './agent-process.js';
import { REPO_ROOT } from './compile-sources.js';
import { describeNetns, NetnsLab } from './netns.js';
import type { EventMessage as StreamEvent } from '../events/stream-client.js';

const PORT = 18548;
const CLIENT = join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'scripted-client.mjs');
const AGENT_ID = 'events-client-agent';
const DUID = '00:03:00:01:02:aa:bb:cc:dd:01';
const PROBATION = 2;
const POOL = { first: '2001:db8:1::1000', last: '2001:db8:1::1fff' };

interface ClientStep {
  step: string;
  status: number;
  leases: { iaid: number; address: string; t1: number; t2: number; preferred: number; valid: number }[];
}

const inPool = (a: unknown): boolean => {
  const n = (s: string) => BigInt('0x' + s.split(':').pop()!);
  return typeof a === 'string' && a.startsWith('2001:db8:1::') && n(a) >= n(POOL.first) && n(a) <= n(POOL.last);
};

for (const backend of BACKENDS) {
  describeNetns(`lease events from DECLINE, REBIND and decline recovery [${backend}]`, () => {
    const lab = new NetnsLab();
    let fixture: AgentOnLink;

    beforeAll(async () => {
      fixture = await startAgentOnLink(lab, backend, {
        subnets: [{ id: 1, subnet: '2001:db8:1::/64', interface: 's0', pools: [`${POOL.first}-${POOL.last}`] }],
        configure: (config) => {
          const d = config.Dhcp6 as Record<string, unknown>;
          (d['control-sockets'] as unknown[]).push({ 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': PORT });
          d['server-tag'] = AGENT_ID;
          d['decline-probation-period'] = PROBATION;
          // declined addresses come back within about a second of their probation's end, kept (state 2)
          d['expired-leases-processing'] = { 'reclaim-timer-wait-time': 1, 'hold-reclaimed-time': 3600, 'flush-reclaimed-timer-wait-time': 25 };
        },
      });
    }, 120_000);

    afterAll(() => fixture?.close() ?? lab.teardown());

    it('streams allocated, declined, rebound and recovered events for the client’s own messages', async () => {
      const { net } = fixture;
      // --since 0: the agent's table is empty so far, so whether the subscription is open before the
      // first event or not, it gets every event (replayed, then live) without a gap
      const subscriber = lab.spawn(net.server, process.execPath, [AGENT_MAIN, 'events', '--url', `http://127.0.0.1:${PORT}/`, '--since', '0', '--count', '5']);
      await new Promise((r) => setTimeout(r, 1000));
      expect(subscriber.exit, subscriber.describe()).toBeNull();

      const plan = { iface: 'c0', linkLocal: net.clientIf.linkLocal, duid: DUID, iaids: [1, 2], actions: [{ decline: 1 }, { rebind: 2 }] };
      const client = lab.spawn(net.client, process.execPath, [CLIENT, JSON.stringify(plan)]);
      const exit = await client.waitForExit(60_000);
      expect(exit.code, client.describe()).toBe(0);
      const steps = client.stdout.trim().split('\n').map((l) => JSON.parse(l) as ClientStep);
      expect(steps.map((s) => s.step)).toEqual(['advertise', 'request', 'decline', 'rebind']);
      const [, request, decline, rebind] = steps;
      expect(request.status).toBe(0);
      expect(request.leases.map((l) => l.iaid).sort()).toEqual([1, 2]);
      const declinedAddr = request.leases.find((l) => l.iaid === 1)!.address;
      const reboundAddr = request.leases.find((l) => l.iaid === 2)!.address;
      expect(declinedAddr).not.toBe(reboundAddr);
      for (const a of [declinedAddr, reboundAddr]) expect(inPool(a), a).toBe(true);
      expect(decline.status).toBe(0);
      expect(rebind.status).toBe(0);
      expect(rebind.leases).toMatchObject([{ iaid: 2, address: reboundAddr, valid: 4000, preferred: 3000 }]);

      // recovered: after the probation period and the next reclamation cycle
      await subscriber.waitForExit((PROBATION + 15) * 1000);
      expect(subscriber.exit?.code, subscriber.describe()).toBe(0);
      const events = subscriber.stdout.trim().split('\n').map((l) => JSON.parse(l) as StreamEvent);
      expect(events.map((e) => e.type)).toEqual(['allocated', 'allocated', 'declined', 'rebound', 'recovered']);
      const seqs = events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: 5 }, (_, i) => seqs[0] + i));
      for (const e of events) {
        expect(e.agent).toBe(AGENT_ID);
        expect(Number.isNaN(Date.parse(e.at))).toBe(false);
        expect(e.lease).toMatchObject({ type: 'IA_NA', 'subnet-id': 1, 'fqdn-fwd': false, 'fqdn-rev': false, hostname: '' });
        expect(typeof e.lease.cltt).toBe('number');
      }

      const allocated = events.slice(0, 2).sort((a, b) => Number(a.lease.iaid) - Number(b.lease.iaid));
      expect(allocated.map((e) => e.lease)).toMatchObject([
        { 'ip-address': declinedAddr, duid: DUID, iaid: 1, state: 0, 'valid-lft': 4000, 'preferred-lft': 3000 },
        { 'ip-address': reboundAddr, duid: DUID, iaid: 2, state: 0, 'valid-lft': 4000, 'preferred-lft': 3000 },
      ]);
      const [declined, rebound, recovered] = events.slice(2);
      // Kea's declined lease: its client's identity stripped (DUID::EMPTY, iaid 0), held for the probation period
      expect(declined.lease).toMatchObject({ 'ip-address': declinedAddr, duid: '00', iaid: 0, state: 1, 'valid-lft': PROBATION, 'preferred-lft': 0 });
      expect(rebound.lease).toMatchObject({ 'ip-address': reboundAddr, duid: DUID, iaid: 2, state: 0, 'valid-lft': 4000, 'preferred-lft': 3000 });
      expect(Number(rebound.lease.cltt)).toBeGreaterThanOrEqual(Number(allocated[1].lease.cltt));
      // kept as expired-reclaimed (flush-reclaimed-timer-wait-time is not 0): back in the pool
      expect(recovered.lease).toMatchObject({ 'ip-address': declinedAddr, state: 2 });
      expect(Date.parse(recovered.at) - Date.parse(declined.at)).toBeGreaterThanOrEqual(PROBATION * 1000 - 1000);

      // and the table holds nothing more: a replay from 0 gives the same five events
      const replay = lab.spawn(net.server, process.execPath, [AGENT_MAIN, 'events', '--url', `http://127.0.0.1:${PORT}/`, '--since', '0']);
      await replay.waitForOutput(`"seq":${seqs[4]},`, { timeoutMs: 20_000 });
      await new Promise((r) => setTimeout(r, 2000));
      await replay.stop(5000);
      const stored = replay.stdout.trim().split('\n').map((l) => JSON.parse(l) as StreamEvent);
      expect(stored).toEqual(events);
      expect(stored[0].seq).toBe(1);

      // the lease table agrees: the rebound lease bound to the client, the declined address recovered
      const leases = await fixture.agent.leases();
      expect(leases.find((l) => l['ip-address'] === reboundAddr)).toMatchObject({ duid: DUID, iaid: 2, state: 0 });
      expect(leases.find((l) => l['ip-address'] === declinedAddr)).toMatchObject({ state: 2 });
    }, 120_000);
  });
}
