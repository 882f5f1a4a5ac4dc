// `dhcp6-agent events`: one JSON object per line, filters, reconnecting and resuming.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runEvents, type EventsOutput } from '../../src/cli/events.js';
import type { LeaseMutation } from '../../src/store/types.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { startRig, stopAllRigs } from './stream-rig.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const allocate = (n: number, subnetId = 1): LeaseMutation => ({
  op: 'insert',
  lease: testLease({ address: `2001:db8:${subnetId}::${n.toString(16)}`, subnetId }),
  event: 'allocated',
});

class CapturedOutput implements EventsOutput {
  out = '';
  err = '';
  private waiters: (() => void)[] = [];
  stdout(text: string): void {
    this.out += text;
    for (const w of this.waiters.splice(0)) w();
  }
  stderr(text: string): void {
    this.err += text;
  }
  get lines(): string[] {
    return this.out.split('\n').filter((l) => l !== '');
  }
  get seqs(): number[] {
    return this.lines.map((l) => (JSON.parse(l) as { seq: number }).seq);
  }
  async untilLines(n: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (this.lines.length < n) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} lines; got ${this.lines.length}; stderr: ${this.err}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

forEachDriver('events CLI', (getStore) => {
  afterEach(stopAllRigs);

  it('prints one JSON object per line and exits 0 after --count events', async () => {
    await getStore().leases.apply(range(1, 5).map((n) => allocate(n)));
    const rig = await startRig(getStore());
    const out = new CapturedOutput();
    expect(await runEvents(['--url', `http://127.0.0.1:${rig.port}/`, '--since', '0', '--count', '3'], out)).toBe(0);
    expect(out.out.endsWith('\n')).toBe(true);
    expect(out.lines.map((l) => JSON.parse(l))).toEqual([1, 2, 3].map((seq) => expect.objectContaining({ seq, type: 'allocated', agent: 'test-agent' })));
  });

  it('passes the filters on', async () => {
    const rig = await startRig(getStore());
    await getStore().leases.apply([allocate(1), allocate(2, 2), allocate(3, 2)]);
    await getStore().leases.apply([{ op: 'delete', address: '2001:db8:2::3', event: 'released' }]);
    const out = new CapturedOutput();
    const argv = ['--url', rig.url, '--since', '0', '--type', 'released', '--subnet-id', '2', '--range', '2001:db8:2::/64', '--count', '1'];
    expect(await runEvents(argv, out)).toBe(0);
    expect(out.lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ seq: 4, type: 'released' })]);
  });

  it('reconnects when the agent restarts and resumes after the last event printed', async () => {
    await getStore().leases.apply(range(1, 3).map((n) => allocate(n)));
    const first = await startRig(getStore());
    const port = first.port;
    const out = new CapturedOutput();
    const stop = new AbortController();
    const running = runEvents(['--url', `ws://127.0.0.1:${port}/events`, '--since', '0'], out, stop.signal);
    try {
      await out.untilLines(3);
      await first.stop();
      await getStore().leases.apply(range(4, 6).map((n) => allocate(n)));
      const second = await startRig(getStore(), { http: { socketPort: port } });
      await out.untilLines(6);
      await getStore().leases.apply([allocate(7)]);
      await out.untilLines(7);
      expect(second.hub.subscriberCount).toBe(1);
    } finally {
      stop.abort();
    }
    expect(await running).toBe(0);
    expect(out.seqs).toEqual(range(1, 7));
    expect(out.err).toContain('resume with since=3');
  });

  it('resumes after being closed as a slow consumer without printing anything twice', async () => {
    const rig = await startRig(getStore(), { config: { maxBuffered: 1 } });
    const out = new CapturedOutput();
    const stop = new AbortController();
    const running = runEvents(['--url', rig.url, '--since', '0'], out, stop.signal);
    try {
      // live (nothing to replay) once the hub counts it; then a burst larger than the buffer, fanned out at once
      for (let i = 0; i < 500 && rig.hub.subscriberCount === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(rig.hub.subscriberCount).toBe(1);
      await getStore().leases.apply(range(1, 200).map((n) => allocate(n)));
      await out.untilLines(200);
    } finally {
      stop.abort();
    }
    expect(await running).toBe(0);
    expect(out.seqs).toEqual(range(1, 200));
    expect(out.err).toMatch(/\(4008 slow consumer; resume with since=\d+\); reconnecting/);
  });

  it('finds the agent and its credentials in a configuration file', async () => {
    const auth = { type: 'basic' as const, realm: 'r', clients: [{ user: 'ops', password: 'pw' }] };
    const rig = await startRig(getStore(), { http: { authentication: auth } });
    await getStore().leases.apply([allocate(1)]);
    const dir = mkdtempSync(join(tmpdir(), 'd6events-cli-'));
    try {
      const file = join(dir, 'dhcp6.json');
      writeFileSync(file, JSON.stringify({ Dhcp6: { 'control-sockets': [{ 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': rig.port, authentication: auth }] } }));
      const out = new CapturedOutput();
      expect(await runEvents(['--config', file, '--since', '0', '--count', '1'], out)).toBe(0);
      expect(out.seqs).toEqual([1]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 1 naming the problem when the agent refuses the credentials', async () => {
    const rig = await startRig(getStore(), { http: { authentication: { type: 'basic', realm: 'r', clients: [{ user: 'a', password: 'b' }] } } });
    const out = new CapturedOutput();
    expect(await runEvents(['--url', rig.url, '--user', 'a:wrong'], out)).toBe(1);
    expect(out.err).toContain('HTTP 401 Unauthorized (give --user USER:PASSWORD)');
    expect(out.out).toBe('');
  });

  it('exits 1 telling to resync when --since is older than the kept events', async () => {
    const rig = await startRig(getStore(), { config: { retentionCount: 1 } });
    await getStore().leases.apply(range(1, 3).map((n) => allocate(n)));
    await rig.hub.prune();
    const out = new CapturedOutput();
    expect(await runEvents(['--url', rig.url, '--since', '1'], out)).toBe(1);
    expect(out.err).toContain('resync with lease6-get-all');
  });

  it.each([
    [['--url', 'http://127.0.0.1:1/', '--type', 'leased'], '--type: "leased" is not an event type'],
    [['--url', 'http://127.0.0.1:1/', '--since', 'yesterday'], '--since: must be a sequence number'],
    [['--url', 'http://127.0.0.1:1/', '--count', '0'], '--count must be a positive integer'],
    [['--url', 'ftp://127.0.0.1/'], '--url must be http://, https://, ws:// or wss://'],
    [['--since', '1'], 'exactly one of --url, --config'],
    [['--url', 'http://127.0.0.1:1/', '--bogus'], "Unknown option '--bogus'"],
  ])('exits 2 on %j with the usage and the problem', async (argv, problem) => {
    const out = new CapturedOutput();
    expect(await runEvents(argv, out)).toBe(2);
    expect(out.err).toContain(problem);
    expect(out.err).toContain('usage: dhcp6-agent events');
  });
});
