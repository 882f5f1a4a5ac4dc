// Hook libraries under real traffic: the built agent in one namespace with a test library,
// Kea's run-script and legal_log library names (the built-in run-script and forensic-log),
// perfdhcp in the other. What the callout changes is what the client gets and the database
// holds; DROP at pkt6_receive leaves clients unanswered; the script sees the README's variables;
// the forensic log gets Kea's lines.

import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentConfig, AgentProcess } from './agent-process.js';
import { expectEveryExchangeCompleted } from './dhcp-checks.js';
import { describeNetns, NetnsLab, runPerfdhcp, type ServerClient } from './netns.js';

const POOL = '2001:db8:1::1000-2001:db8:1::1fff';
/** a script runs per lease6_select and the machine may be busy: a low rate, each exchange a new client (lease6_select is for new leases), and 5 s before perfdhcp counts a drop */
const LOW_RATE = ['-l', 'c0', '-r', '4', '-R', '100000', '-p', '3', '-d', '5', '-W', '5000000', '-e', 'address-only'];

const TEST_LIBRARY = `
export const version = 1;
export function load(ctx) {
  const drop = ctx.parameters.drop === true;
  ctx.registerCallout('pkt6_receive', (handle) => { if (drop) handle.setStatus('drop'); });
  ctx.registerCallout('lease6_select', (handle) => {
    const lease = handle.getArgument('lease6');
    lease.validLft = 777;
    lease.preferredLft = 555;
  });
}
`;

const SCRIPT = `#!/bin/sh
{ echo "argv=$1"; /usr/bin/env | /usr/bin/sort; echo "--"; } >> "$(dirname "$0")/calls.txt"
`;

describeNetns('hook libraries under real DHCPv6 traffic', () => {
  const lab = new NetnsLab();
  let net: ServerClient;
  let dir: string;
  let hooksDir: string;
  let logDir: string;
  let agent: AgentProcess;

  const config = (drop: boolean) => {
    const c = agentConfig({ dir, subnets: [{ id: 1, subnet: '2001:db8:1::/64', interface: 's0', pools: [POOL] }] });
    (c.Dhcp6 as Record<string, unknown>)['hooks-libraries'] = [
      { library: 'test-library.mjs', parameters: { drop } },
      { library: '/usr/lib/x86_64-linux-gnu/kea/hooks/kea-hook-runscript.so', parameters: { script: 'record.sh', wait: true, 'hook-points': ['lease6_select'] } },
      { library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_legal_log.so', parameters: { 'base-name': 'kea-forensic6' } },
    ];
    return c;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'd6a-hooks-'));
    hooksDir = join(dir, 'hooks');
    logDir = join(dir, 'log');
    await mkdir(hooksDir);
    await mkdir(logDir);
    await writeFile(join(hooksDir, 'test-library.mjs'), TEST_LIBRARY);
    await writeFile(join(hooksDir, 'record.sh'), SCRIPT);
    await chmod(join(hooksDir, 'record.sh'), 0o755);
    net = await lab.serverClient({ global: true });
    agent = await AgentProcess.start(lab, net.server, { dir, config: config(false), args: ['--hooks-dir', hooksDir, '--log-dir', logDir] });
  }, 120_000);

  afterAll(async () => {
    await lab.teardown();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives clients the lifetimes lease6_select set, runs the script and writes the forensic log', async () => {
    const r = await runPerfdhcp(net.client, LOW_RATE);
    expectEveryExchangeCompleted(r);
    const leases = await agent.leases();
    expect(leases.length).toBeGreaterThan(0);
    for (const l of leases) expect([l['valid-lft'], l['preferred-lft']]).toEqual([777, 555]);

    // one script call per lease6_select (SOLICIT and REQUEST), each with the README's variables
    const calls = (await readFile(join(hooksDir, 'calls.txt'), 'utf8')).split('--\n').filter((c) => c.trim());
    expect(calls.length).toBe(r.exchanges['SOLICIT-ADVERTISE'].received + r.exchanges['REQUEST-REPLY'].received);
    const addresses = new Set(leases.map((l) => String(l['ip-address'])));
    const committed = calls.filter((c) => c.includes('KEA_FAKE_ALLOCATION=0'));
    expect(committed.length).toBe(r.exchanges['REQUEST-REPLY'].received);
    for (const c of calls) {
      expect(c).toMatch(/^argv=lease6_select$/m);
      expect(c).toMatch(/^KEA_QUERY6_TYPE=(SOLICIT|REQUEST)$/m);
      expect(c).toMatch(/^KEA_QUERY6_INTERFACE=s0$/m);
      expect(c).toMatch(/^KEA_SUBNET6=2001:db8:1::\/64$/m);
      expect(c).toMatch(/^KEA_LEASE6_TYPE=IA_NA$/m);
      expect(c).toMatch(/^KEA_LEASE6_VALID_LIFETIME=777$/m);
    }
    for (const c of committed) expect(addresses.has(/^KEA_LEASE6_ADDRESS=(.*)$/m.exec(c)![1])).toBe(true);

    // forensic log: one "assigned" line per REQUEST (not per SOLICIT), with the lifetime as text
    const files = (await readdir(logDir)).filter((f) => /^kea-forensic6\.\d{8}\.txt$/.test(f));
    expect(files).toHaveLength(1);
    const lines = (await readFile(join(logDir, files[0]), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(r.exchanges['REQUEST-REPLY'].received);
    for (const line of lines) {
      expect(line).toMatch(/ Address:2001:db8:1::1[0-9a-f]{3} has been assigned for 0 hrs 12 mins 57 secs to a device with DUID: [0-9a-f:]+/);
      expect(addresses.has(/Address:(\S+) /.exec(line)![1])).toBe(true);
    }
  });

  it('answers nobody while pkt6_receive sets DROP, and serves again when the library is reloaded without it', async () => {
    await agent.reload(config(true));
    const before = (await agent.leases()).length;
    const dropped = await runPerfdhcp(net.client, ['-l', 'c0', '-r', '10', '-R', '20', '-p', '2', '-W', '1000000', '-e', 'address-only']);
    expect(dropped.exchanges['SOLICIT-ADVERTISE'].sent).toBeGreaterThan(0);
    expect(dropped.exchanges['SOLICIT-ADVERTISE'].received).toBe(0);
    expect((await agent.leases()).length).toBe(before);

    await agent.reload(config(false));
    expectEveryExchangeCompleted(await runPerfdhcp(net.client, LOW_RATE));
  });
});
