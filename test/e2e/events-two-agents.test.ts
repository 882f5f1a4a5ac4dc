// Two agents on one PostgreSQL database produce one event stream: agent A serves perfdhcp on the
// veth link, agent B (in a namespace of its own, serving no interface) only has the control
// sockets. A `dhcp6-agent events` subscriber connected to B sees every allocation A makes — as
// many as perfdhcp completed, in seq order, no gap, no duplicate, `agent` = A, each within a few
// seconds of its commit — and a lease6-del sent to B reaches a subscriber on A, in the same
// stream (same seq values) that B's subscriber saw.
//
// PGlite is one process's database, so this runs only on PostgreSQL (skipped with
// DHCP6_AGENT_SKIP_PG=1, like the PostgreSQL half of the other e2e files).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_MAIN, agentConfig, AgentProcess, BACKENDS, startAgentOnLink, type AgentOnLink } from './agent-process.js';
import { describeNetns, NetnsLab, runPerfdhcp, type NsProcess } from './netns.js';
import type { EventMessage as StreamEvent } from '../events/stream-client.js';

const PORT_A = 18551;
const PORT_B = 18552;
const AGENT_A = 'events-agent-a';
const AGENT_B = 'events-agent-b';
const SUBNET = { id: 1, subnet: '2001:db8:1::/64', pools: ['2001:db8:1::1000-2001:db8:1::1fff'] };
/** Longest time allowed between an event's commit (its `at`) and its line reaching the test. */
const PROMPT_MS = 3000;

interface Received {
  event: StreamEvent;
  /** Date.now() when the subscriber's line came in */
  arrived: number;
}

/** `dhcp6-agent events` in `ns`, with every printed line parsed and time-stamped as it arrives. */
function subscribe(lab: NetnsLab, ns: string, port: number, args: string[]): { process: NsProcess; received: Received[] } {
  const p = lab.spawn(ns, process.execPath, [AGENT_MAIN, 'events', '--url', `http://127.0.0.1:${port}/`, ...args]);
  const received: Received[] = [];
  let partial = '';
  p.child.stdout?.on('data', (chunk: Buffer | string) => {
    const arrived = Date.now();
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) received.push({ event: JSON.parse(l) as StreamEvent, arrived });
  });
  return { process: p, received };
}

async function until(what: string, cond: () => boolean, timeoutMs: number, detail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${detail()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const withHttp = (config: Record<string, unknown>, port: number, tag: string): void => {
  const d = config.Dhcp6 as Record<string, unknown>;
  (d['control-sockets'] as unknown[]).push({ 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': port });
  d['server-tag'] = tag;
};

if (!BACKENDS.includes('postgresql')) {
  describe.skip('lease events shared by two agents on one PostgreSQL (skipped: DHCP6_AGENT_SKIP_PG=1)', () => {
    it('needs PostgreSQL', () => undefined);
  });
} else {
  describeNetns('lease events shared by two agents on one PostgreSQL', () => {
    const lab = new NetnsLab();
    let a: AgentOnLink;
    let b: AgentProcess;
    let bNs: string;
    let bDir: string | undefined;

    beforeAll(async () => {
      a = await startAgentOnLink(lab, 'postgresql', {
        subnets: [{ ...SUBNET, interface: 's0' }],
        configure: (config) => withHttp(config, PORT_A, AGENT_A),
      });
      bDir = await mkdtemp(join(tmpdir(), 'd6a-agent-b-'));
      bNs = await lab.addNamespace('b');
      const config = agentConfig({ dir: bDir, subnets: [SUBNET], interfaces: [], postgresql: a.db!.name });
      withHttp(config, PORT_B, AGENT_B);
      b = await AgentProcess.start(lab, bNs, { dir: bDir, config, env: { DATABASE_URL: a.db!.url } });
    }, 180_000);

    afterAll(async () => {
      try {
        await (a ? a.close() : lab.teardown());
      } finally {
        if (bDir) await rm(bDir, { recursive: true, force: true });
      }
    });

    it("a subscriber on B sees every allocation A makes, in order, promptly; a lease6-del on B reaches a subscriber on A", async () => {
      // live from the empty table: every event the database will ever hold
      const onB = subscribe(lab, bNs, PORT_B, ['--since', '0']);
      await new Promise((r) => setTimeout(r, 1000));
      expect(onB.process.exit, onB.process.describe()).toBeNull();

      const r = await runPerfdhcp(a.net.client, ['-l', 'c0', '-r', '50', '-R', '200', '-p', '4', '-W', '2000000', '-e', 'address-only']);
      const completed = r.exchanges['REQUEST-REPLY'].received;
      expect(completed).toBeGreaterThan(50);
      await until(`${completed} events at B's subscriber`, () => onB.received.length >= completed, PROMPT_MS + 2000, () => `${onB.received.length} so far; ${onB.process.describe()}`);
      await new Promise((res) => setTimeout(res, 1000)); // nothing more may come

      const events = onB.received.map((x) => x.event);
      expect(events).toHaveLength(completed);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: completed }, (_, i) => i + 1));
      for (const e of events) {
        expect(e.type).toBe('allocated');
        expect(e.agent).toBe(AGENT_A);
        expect(e.lease).toMatchObject({ type: 'IA_NA', 'subnet-id': 1, state: 0 });
      }
      // every lease A holds was announced once, and nothing else
      const leases = await a.agent.leases();
      expect(new Set(events.map((e) => String(e.lease['ip-address']))).size).toBe(completed);
      expect(events.map((e) => String(e.lease['ip-address'])).sort()).toEqual(leases.map((l) => String(l['ip-address'])).sort());
      const delays = onB.received.map((x) => x.arrived - Date.parse(x.event.at)).sort((x, y) => x - y);
      expect(delays[delays.length - 1], `delays (ms) at B, p50 ${delays[Math.floor(delays.length / 2)]}`).toBeLessThan(PROMPT_MS);

      // B's change, seen at A: the same stream replayed from 0, then B's deletion live
      const onA = subscribe(lab, a.net.server, PORT_A, ['--since', '0', '--count', String(completed + 1)]);
      await until(`the replay at A's subscriber`, () => onA.received.length >= completed, 20_000, () => onA.process.describe());
      const victim = leases[Math.floor(leases.length / 2)];
      const sent = Date.now();
      expect(await b.ctl('lease6-del', { 'ip-address': victim['ip-address'] })).toMatchObject({ result: 0 });
      await onA.process.waitForExit(PROMPT_MS + 2000);
      expect(onA.process.exit?.code, onA.process.describe()).toBe(0);
      const atA = onA.received.map((x) => x.event);
      expect(atA.slice(0, completed)).toEqual(events);
      const deleted = onA.received[completed];
      expect(deleted.event).toMatchObject({ seq: completed + 1, type: 'deleted', agent: AGENT_B, lease: { 'ip-address': victim['ip-address'], duid: victim.duid, iaid: victim.iaid } });
      // from the commit on B to A's subscriber; and from the command (a `dhcp6-agent ctl` process) at all
      expect(deleted.arrived - Date.parse(deleted.event.at)).toBeLessThan(PROMPT_MS);
      expect(deleted.arrived - sent).toBeLessThan(PROMPT_MS + 2000);
      expect((await a.agent.ctl('lease6-get', { 'ip-address': victim['ip-address'] })).result).toBe(3);

      // and B's subscriber, still connected, got B's own deletion too, right after A's allocations
      await until(`the deletion at B's subscriber`, () => onB.received.length > completed, PROMPT_MS, () => onB.process.describe());
      expect(onB.received.map((x) => x.event)).toEqual(atA);
    }, 180_000);
  });
}
