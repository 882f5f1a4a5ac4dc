// Lease events from real traffic: perfdhcp's 4-way exchanges, renewals and releases, leases the
// reclamation timer expires, and a lease6-del command, read back with `dhcp6-agent events`
// (replay from seq 0, in the agent's namespace) exactly as an operator's script would.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AGENT_MAIN, agentConfig, AgentProcess } from './agent-process.js';
import { describeNetns, NetnsLab, runPerfdhcp, type ServerClient } from './netns.js';

const PORT = 18547;

interface StreamEvent {
  seq: number;
  type: string;
  lease?: Record<string, unknown>;
}

describeNetns('lease events from real DHCPv6 traffic', () => {
  const lab = new NetnsLab();
  let net: ServerClient;
  let dir: string;
  let agent: AgentProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'd6a-events-'));
    net = await lab.serverClient({ global: true });
    const config = agentConfig({
      dir,
      timers: { renew: 2, rebind: 4, preferred: 6, valid: 8 },
      subnets: [{ id: 1, subnet: '2001:db8:1::/64', interface: 's0', pools: ['2001:db8:1::1000-2001:db8:1::1fff'] }],
    });
    const d = config.Dhcp6 as Record<string, unknown>;
    (d['control-sockets'] as unknown[]).push({ 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': PORT });
    d['expired-leases-processing'] = { 'reclaim-timer-wait-time': 1, 'hold-reclaimed-time': 3600, 'flush-reclaimed-timer-wait-time': 0 };
    agent = await AgentProcess.start(lab, net.server, { dir, config });
  }, 120_000);

  afterAll(async () => {
    await lab.teardown();
    await rm(dir, { recursive: true, force: true });
  });

  /** Everything stored so far: `dhcp6-agent events --since 0` replays it, then waits live until stopped. */
  async function storedEvents(): Promise<StreamEvent[]> {
    const p = lab.spawn(net.server, process.execPath, [AGENT_MAIN, 'events', '--url', `http://127.0.0.1:${PORT}/`, '--since', '0']);
    await p.waitForOutput('"seq":1,', { timeoutMs: 20_000 });
    await new Promise((res) => setTimeout(res, 3000));
    await p.stop(5000);
    return p.stdout.trim().split('\n').map((l) => JSON.parse(l) as StreamEvent);
  }

  it('streams allocated, renewed, released, reclaimed and deleted events in commit order', async () => {
    const r = await runPerfdhcp(net.client, ['-l', 'c0', '-r', '10', '-R', '100000', '-p', '4', '-f', '3', '-F', '3', '-W', '2000000', '-e', 'address-only']);
    expect(r.exchanges['REQUEST-REPLY'].received).toBeGreaterThan(0);
    // one lease deleted by command while it is still valid
    const victim = (await agent.leases()).find((l) => l.state === 0)!;
    expect((await agent.ctl('lease6-del', { 'ip-address': victim['ip-address'] })).result).toBe(0);
    // lifetimes are 8 s and the reclamation timer runs every second: the rest expire
    await new Promise((res) => setTimeout(res, 10_000));

    const stream = await storedEvents();
    expect(stream[0].seq).toBe(1);
    const seqs = stream.map((e) => e.seq);
    // one ordered stream without gaps or repeats, each event carrying its lease
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    for (const e of stream) expect(typeof e.lease?.['ip-address']).toBe('string');
    const allocated = stream.filter((e) => e.type === 'allocated');
    expect(allocated.length).toBe(r.exchanges['REQUEST-REPLY'].received);
    const kinds = new Set(stream.map((e) => e.type));
    // flush-reclaimed-timer-wait-time 0: reclamation removes expired leases, so they are 'reclaimed', never 'expired'
    for (const k of ['allocated', 'renewed', 'released', 'reclaimed', 'deleted']) expect(kinds, `event types seen: ${[...kinds].join(', ')}`).toContain(k);
    expect(kinds).not.toContain('expired');
    const deleted = stream.filter((e) => e.type === 'deleted');
    expect(deleted.map((e) => e.lease?.['ip-address'])).toEqual([victim['ip-address']]);
  }, 120_000);
});
