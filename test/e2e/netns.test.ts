// The e2e harness itself: namespaces, processes, teardown, and the perfdhcp / dhclient wrappers,
// checked against Kea's own kea-dhcp6 as the reference server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './compile-sources.js';
import { describeNetns, NetnsLab, parseDhclientLeases, parsePerfdhcp, runDhclient, runPerfdhcp, type ServerClient } from './netns.js';

const FIXTURES = join(REPO_ROOT, 'test', 'e2e', 'fixtures');

function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(execFileSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    return false;
  }
}

describe('parsePerfdhcp', () => {
  it('reads the rate and every exchange block of a run with renews and releases', async () => {
    const r = parsePerfdhcp(await readFile(join(FIXTURES, 'perfdhcp-renew-release.txt'), 'utf8'));
    expect(r.rate).toEqual({ achieved: 49.6589, expected: 50, unit: '4-way exchanges' });
    expect(r.malformed).toBe(0);
    expect(Object.keys(r.exchanges)).toEqual(['SOLICIT-ADVERTISE', 'REQUEST-REPLY', 'RENEW-REPLY', 'RELEASE-REPLY']);
    expect(r.exchanges['RENEW-REPLY']).toEqual({
      sent: 58, received: 58, drops: 0, dropsRatio: 0, orphans: 28, rejectedLeases: 0, nonUniqueAddresses: 0,
      minDelayMs: 0.264, avgDelayMs: 0.574, maxDelayMs: 1.071, stdDeviationMs: 0.167,
    });
  });

  it('reports drops and no delays when no server answered', async () => {
    const r = parsePerfdhcp(await readFile(join(FIXTURES, 'perfdhcp-no-server.txt'), 'utf8'));
    expect(r.rate).toEqual({ achieved: 0, expected: 10, unit: '4-way exchanges' });
    expect(r.exchanges['SOLICIT-ADVERTISE']).toMatchObject({ sent: 9, received: 0, drops: 9, dropsRatio: 100, minDelayMs: null, avgDelayMs: null });
    expect(r.exchanges['REQUEST-REPLY']).toMatchObject({ sent: 0, dropsRatio: null });
  });
});

describe('parseDhclientLeases', () => {
  it('reads addresses, prefixes, lifetimes and DUIDs of each lease6', () => {
    const text = `default-duid "\\000\\001\\000\\0012\\231\\353x*\\325R\\213b\\260";
lease6 {
  interface "c0";
  ia-na 52:8b:62:b0 {
    starts 1795632889;
    renew 1800;
    rebind 2880;
    iaaddr 2001:db8:1::311 {
      starts 1795632889;
      preferred-life 3600;
      max-life 7200;
    }
  }
  ia-pd 52:8b:62:b0 {
    starts 1795632891;
    iaprefix 2001:db8:8:1400::/56 {
      starts 1795632891;
      preferred-life 1000;
      max-life 2000;
    }
  }
  option dhcp6.client-id 0:1:0:1:32:99:eb:78:2a:d5:52:8b:62:b0;
  option dhcp6.server-id 0:3:0:1:be:2a:3a:c1:d8:51;
}
lease6 {
  interface "c1";
}
`;
    expect(parseDhclientLeases(text)).toEqual([
      {
        interface: 'c0',
        addresses: [{ iaid: '52:8b:62:b0', address: '2001:db8:1::311', preferredLife: 3600, maxLife: 7200 }],
        prefixes: [{ iaid: '52:8b:62:b0', prefix: '2001:db8:8:1400::/56', preferredLife: 1000, maxLife: 2000 }],
        clientId: '0:1:0:1:32:99:eb:78:2a:d5:52:8b:62:b0',
        serverId: '0:3:0:1:be:2a:3a:c1:d8:51',
      },
      { interface: 'c1', addresses: [], prefixes: [] },
    ]);
  });
});

describeNetns('network-namespace harness', () => {
  const lab = new NetnsLab();
  let net: ServerClient;

  beforeAll(async () => {
    net = await lab.serverClient({ global: true });
  });
  afterAll(() => lab.teardown());

  it('joins the namespaces with usable link-local and the requested global addresses', () => {
    expect(net.server).toMatch(/^d6a-\d+-[0-9a-f]{4}-srv$/);
    expect(net.serverIf).toMatchObject({ ns: net.server, name: 's0', addresses: ['2001:db8:1::1'] });
    expect(net.clientIf).toMatchObject({ ns: net.client, name: 'c0', addresses: ['2001:db8:1::2'] });
    expect(net.serverIf.linkLocal).toMatch(/^fe80::/);
    expect(net.clientIf.linkLocal).not.toBe(net.serverIf.linkLocal);
    const inside = execFileSync('ip', ['-n', net.server, '-6', 'addr', 'show', 'dev', 's0'], { encoding: 'utf8' });
    expect(inside).toContain(net.serverIf.linkLocal);
    expect(inside).not.toContain('tentative');
  });

  it('runs a process inside the namespace, tracked by its PID, and waits for its output and exit', async () => {
    const p = lab.spawn(net.client, 'sh', ['-c', 'cat /proc/net/if_inet6; echo done; exit 3']);
    const m = await p.waitForOutput(/^(\S+) \S+ \S+ \S+ \S+ +c0$/m);
    expect(m[1]).toHaveLength(32);
    await p.waitForOutput('done');
    expect(await p.waitForExit()).toEqual({ code: 3, signal: null });
    expect(p.pid).toBeGreaterThan(0);
  });

  it('rejects a wait for output the process never printed, showing what it did print', async () => {
    const p = lab.spawn(net.client, 'sh', ['-c', 'echo something-else']);
    await expect(p.waitForOutput('never-printed')).rejects.toThrow(/exited before printing \/never-printed\/[\s\S]*something-else/);
  });

  it('passes environment variables to the process', async () => {
    const p = lab.spawn(net.server, 'sh', ['-c', 'echo "value=$D6A_PROBE"'], { env: { D6A_PROBE: 'xyz' } });
    await p.waitForExit();
    expect(p.stdout).toBe('value=xyz\n');
  });

  it('teardown kills started and stray processes and deletes the namespaces', async () => {
    const other = new NetnsLab();
    const ns = await other.addNamespace('tmp');
    const started = other.spawn(ns, 'sleep', ['60']);
    const forker = other.spawn(ns, 'sh', ['-c', 'sleep 60 >/dev/null 2>&1 & echo $!']);
    const stray = Number((await forker.waitForOutput(/^(\d+)$/m))[1]);
    expect(isAlive(started.pid) && isAlive(stray)).toBe(true);
    await other.teardown();
    expect(isAlive(started.pid)).toBe(false);
    expect(isAlive(stray)).toBe(false);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(ns);
  });

  describeNetns('with kea-dhcp6 as the server', () => {
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'd6a-kea-'));
      const config = {
        Dhcp6: {
          'interfaces-config': { interfaces: ['s0'] },
          'lease-database': { type: 'memfile', persist: false },
          'server-id': { type: 'LL', persist: false },
          'data-directory': dir,
          subnet6: [{
            id: 1, subnet: '2001:db8:1::/64', interface: 's0',
            pools: [{ pool: '2001:db8:1::100-2001:db8:1::ffff' }],
            'pd-pools': [{ prefix: '2001:db8:8::', 'prefix-len': 48, 'delegated-len': 56 }],
          }],
          loggers: [{ name: 'kea-dhcp6', severity: 'INFO', output_options: [{ output: 'stdout' }] }],
        },
      };
      await writeFile(join(dir, 'kea.json'), JSON.stringify(config));
      const kea = lab.spawn(net.server, 'kea-dhcp6', ['-c', join(dir, 'kea.json')], { env: { KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir } });
      await kea.waitForOutput('DHCP6_STARTED');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('gets an address with dhclient', async () => {
      const lease = await runDhclient(net.client, 'c0');
      expect(lease.addresses).toHaveLength(1);
      expect(lease.addresses[0].address).toMatch(/^2001:db8:1::[0-9a-f]{3,4}$/);
      expect(lease.addresses[0]).toMatchObject({ preferredLife: 3600, maxLife: 7200 });
      expect(lease.prefixes).toEqual([]);
      expect(lease.serverId).toMatch(/^0:3:0:1:/);
    });

    it('gets a prefix with dhclient -P', async () => {
      const lease = await runDhclient(net.client, 'c0', { prefix: true });
      expect(lease.addresses).toEqual([]);
      expect(lease.prefixes[0].prefix).toMatch(/^2001:db8:8:[0-9a-f:]*\/56$/);
    });

    it('measures 4-way exchanges with perfdhcp', async () => {
      const r = await runPerfdhcp(net.client, ['-l', 'c0', '-r', '50', '-R', '200', '-p', '2']);
      expect(r.rate?.unit).toBe('4-way exchanges');
      expect(r.rate?.expected).toBe(50);
      const sa = r.exchanges['SOLICIT-ADVERTISE'];
      const rr = r.exchanges['REQUEST-REPLY'];
      expect(sa.sent).toBeGreaterThan(0);
      expect(sa.received).toBeGreaterThan(sa.sent / 2);
      expect(rr.received).toBeGreaterThan(0);
    });
  }, { commands: ['kea-dhcp6', 'perfdhcp', 'dhclient'] });
});
