// ISC dhclient -6 kept running in the foreground (-d) inside a namespace, so that it renews its
// lease at T1 as a real client does; its lease file is read to see each lease it recorded.
// runDhclient (dhclient.ts) is for one-shot leases; this is for what happens afterwards.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDhclientLeases, type DhclientLease, type NetnsLab, type NsProcess } from './netns.js';

export class DhclientDaemon {
  private constructor(
    readonly process: NsProcess,
    readonly iface: string,
    private readonly dir: string,
  ) {}

  /** Starts `dhclient -6 -d` on `iface` (-P: a prefix instead of an address); the lab stops it at teardown. */
  static async start(lab: NetnsLab, ns: string, iface: string, opts: { prefix?: boolean } = {}): Promise<DhclientDaemon> {
    const dir = await mkdtemp(join(tmpdir(), 'd6a-dhclientd-'));
    const args = ['-6', '-d', opts.prefix ? '-P' : '-N', '-lf', join(dir, 'dhclient6.leases'), '-pf', join(dir, 'dhclient6.pid'), '-sf', '/bin/true', iface];
    return new DhclientDaemon(lab.spawn(ns, 'dhclient', args), iface, dir);
  }

  /** Every lease6 the client has written for its interface, oldest first. */
  async leases(): Promise<DhclientLease[]> {
    const text = await readFile(join(this.dir, 'dhclient6.leases'), 'utf8').catch(() => '');
    return parseDhclientLeases(text).filter((l) => l.interface === this.iface);
  }

  /** Waits until the lease file holds more than `count` leases; resolves with the newest. */
  async waitForLease(count: number, timeoutMs: number): Promise<DhclientLease> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leases = await this.leases();
      if (leases.length > count) return leases[leases.length - 1];
      if (this.process.exit) throw new Error(`dhclient exited: ${this.process.describe()}`);
      if (Date.now() > deadline) throw new Error(`dhclient recorded no lease #${count + 1} within ${timeoutMs} ms: ${this.process.describe()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.process.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
