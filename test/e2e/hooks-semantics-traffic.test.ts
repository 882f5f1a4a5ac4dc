// Hook semantics under real DHCPv6 traffic (issue 4): the built agent in one namespace, perfdhcp in
// the other, one agent reconfigured between the cases (config-set / config-reload), each case
// checking what the clients got, what the database holds and what the agent logged:
//   - run-script with wait:false does not hold the packet; the script still runs to its end;
//   - run-script's timeout kills the script's whole process group (SIGTERM, then SIGKILL) and the agent keeps answering;
//   - a non-zero exit is only logged, unless exit-status maps it (lease6_select → skip: nothing offered
//     when SOLICITs fail, nothing assigned when only REQUESTs fail);
//   - SKIP on lease6_release keeps released leases in the database, CONTINUE removes them;
//   - two libraries on lease6_select run in the configured order, and in the new order after config-set.

import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAgentOnLink, type AgentOnLink } from './agent-process.js';
import { expectEveryExchangeCompleted } from './dhcp-checks.js';
import { describeNetns, NetnsLab, runPerfdhcp, type PerfdhcpResult } from './netns.js';

const POOL = '2001:db8:1::1000-2001:db8:1::1fff';
/**
 * Scripts run per packet on a 2-core machine: 2 new clients a second for 4 s (each a new DUID, so
 * each REQUEST is a new lease6_select), 5 s before perfdhcp counts a packet as dropped.
 */
const LOW_RATE = ['-l', 'c0', '-r', '2', '-R', '100000', '-p', '4', '-d', '5', '-W', '5000000', '-e', 'address-only'];
const CASE_TIMEOUT_MS = 180_000;

interface Lease {
  'ip-address': string;
  'valid-lft': number;
  'preferred-lft': number;
  state: number;
  'user-context'?: { order?: string[] };
}

/** Test library for item 4: SKIP (or not) on lease6_release, one line per call. */
const RELEASE_LIBRARY = `
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
export const version = 1;
export function load(ctx) {
  const skip = ctx.parameters.skip === true;
  const file = join(ctx.hooksDirectory, 'releases.txt');
  ctx.registerCallout('lease6_release', (handle) => {
    appendFileSync(file, handle.getArgument('lease6').address + ' ' + (skip ? 'skip' : 'continue') + '\\n');
    if (skip) handle.setStatus('skip');
  });
}
`;

/** Test libraries for item 5: A sets the lifetimes, B adds 7 to valid-lft; both append their name. */
const orderLibrary = (name: string, change: string) => `
export const version = 1;
export function lease6_select(handle) {
  const lease = handle.getArgument('lease6');
  ${change}
  const ctx = lease.userContext ?? {};
  lease.userContext = { ...ctx, order: [...(ctx.order ?? []), '${name}'] };
}
`;

describeNetns('hook semantics under real DHCPv6 traffic', () => {
  const lab = new NetnsLab();
  let hooksDir: string;
  let env: AgentOnLink | undefined;
  let base: Record<string, unknown>;

  const agent = () => env!.agent;

  /** The agent's starting configuration with these hooks-libraries. */
  const withHooks = (libraries: Record<string, unknown>[]): Record<string, unknown> => {
    const c = structuredClone(base);
    (c.Dhcp6 as Record<string, unknown>)['hooks-libraries'] = libraries;
    return c;
  };

  async function configSet(libraries: Record<string, unknown>[]): Promise<void> {
    const answer = await agent().ctl('config-set', withHooks(libraries));
    expect(answer.result, answer.text).toBe(0);
  }

  /** Rewrites the configuration file and applies it with the config-reload command. */
  async function configReload(libraries: Record<string, unknown>[]): Promise<void> {
    await writeFile(agent().configFile, JSON.stringify(withHooks(libraries), null, 2));
    const answer = await agent().ctl('config-reload');
    expect(answer.result, answer.text).toBe(0);
  }

  async function leases(): Promise<Lease[]> {
    return (await agent().leases()) as unknown as Lease[];
  }

  /** Leases the agent holds now that it did not hold in `before`. */
  async function newLeases(before: Lease[]): Promise<Lease[]> {
    const seen = new Set(before.map((l) => l['ip-address']));
    return (await leases()).filter((l) => !seen.has(l['ip-address']));
  }

  /** The agent's log lines (pino JSON) printed since `mark` whose message matches. */
  function logged(mark: number, pattern: RegExp): Record<string, unknown>[] {
    return agent()
      .process.stdout.slice(mark)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => pattern.test(String(l.msg)));
  }

  async function writeScript(name: string, body: string): Promise<void> {
    await writeFile(join(hooksDir, name), `#!/bin/sh\n${body}`);
    await chmod(join(hooksDir, name), 0o755);
  }

  async function lines(file: string): Promise<string[]> {
    const path = join(hooksDir, file);
    if (!existsSync(path)) return [];
    return (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
  }

  /** lease6_select calls of a run: one per ADVERTISE (fake allocation) and one per REPLY to a REQUEST. */
  const selectCalls = (r: PerfdhcpResult) => r.exchanges['SOLICIT-ADVERTISE'].received + r.exchanges['REQUEST-REPLY'].received;

  const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

  beforeAll(async () => {
    hooksDir = await mkdtemp(join(tmpdir(), 'd6a-hooksem-'));
    // The scripts get no PATH (as kea-hook-runscript's): programs and files by full path.
    await writeScript(
      'slow.sh',
      `start=$(/bin/date +%s%3N)\n/bin/sleep 3\necho "$KEA_FAKE_ALLOCATION $KEA_LEASE6_ADDRESS $start $(/bin/date +%s%3N)" >> ${hooksDir}/slow-done.txt\n`,
    );
    await writeScript(
      'hang.sh',
      // the shell, a child, and a child that ignores SIGTERM and keeps no pipe open (only the SIGKILL ends it)
      `echo $$ >> ${hooksDir}/hang-pids.txt\n/bin/sleep 30 &\necho $! >> ${hooksDir}/hang-pids.txt\n` +
        `( trap '' TERM; exec /bin/sleep 30 ) </dev/null >/dev/null 2>&1 &\necho $! >> ${hooksDir}/hang-pids.txt\n` +
        `wait\necho survived >> ${hooksDir}/hang-done.txt\n`,
    );
    await writeScript('fail-commit.sh', `[ "$KEA_FAKE_ALLOCATION" = 1 ] && exit 0\nexit 3\n`);
    await writeScript('fail.sh', `echo "$KEA_FAKE_ALLOCATION $KEA_LEASE6_ADDRESS" >> ${hooksDir}/fail-calls.txt\necho "refusing $KEA_LEASE6_ADDRESS" >&2\nexit 3\n`);
    await writeFile(join(hooksDir, 'release.mjs'), RELEASE_LIBRARY);
    await writeFile(join(hooksDir, 'order-a.mjs'), orderLibrary('A', 'lease.validLft = 700; lease.preferredLft = 500;'));
    await writeFile(join(hooksDir, 'order-b.mjs'), orderLibrary('B', 'lease.validLft += 7;'));
    env = await startAgentOnLink(lab, 'pglite', {
      subnets: [{ id: 1, subnet: '2001:db8:1::/64', interface: 's0', pools: [POOL] }],
      args: ['--hooks-dir', hooksDir],
    });
    base = structuredClone(env.agent.opts.config);
  }, 120_000);

  afterAll(async () => {
    try {
      if (env) await env.close();
      else await lab.teardown();
    } finally {
      await rm(hooksDir, { recursive: true, force: true });
    }
  });

  it('run-script with wait:false answers without waiting for a 3 s script, which still runs to its end', async () => {
    await configSet([{ library: 'run-script', parameters: { script: 'slow.sh', wait: false, 'hook-points': ['lease6_select'], 'max-concurrent': 64 } }]);
    const before = await leases();
    const r = await runPerfdhcp(env!.net.client, LOW_RATE);
    expectEveryExchangeCompleted(r);
    // Every exchange was answered far below the script's 3 s.
    for (const x of [r.exchanges['SOLICIT-ADVERTISE'], r.exchanges['REQUEST-REPLY']]) expect(x.maxDelayMs!).toBeLessThan(1000);
    expect((await newLeases(before)).length).toBe(r.exchanges['REQUEST-REPLY'].received);

    // ... and each script call slept its 3 s and wrote its line afterwards.
    const expected = selectCalls(r);
    for (let i = 0; i < 60 && (await lines('slow-done.txt')).length < expected; i++) await sleep(500);
    const done = (await lines('slow-done.txt')).map((l) => l.split(' '));
    expect(done.length).toBe(expected);
    expect(done.filter(([fake]) => fake === '0').length).toBe(r.exchanges['REQUEST-REPLY'].received);
    for (const [, address, start, end] of done) {
      expect(address).toMatch(/^2001:db8:1::1[0-9a-f]{3}$/);
      expect(Number(end) - Number(start)).toBeGreaterThanOrEqual(2900);
    }

    // The contrast: the same script with wait:true holds every answer for its 3 s.
    await configSet([{ library: 'run-script', parameters: { script: 'slow.sh', wait: true, 'hook-points': ['lease6_select'], 'max-concurrent': 64 } }]);
    const held = await runPerfdhcp(env!.net.client, ['-l', 'c0', '-r', '2', '-R', '100000', '-p', '2', '-d', '8', '-W', '8000000', '-e', 'address-only']);
    const sa = held.exchanges['SOLICIT-ADVERTISE'];
    expect(sa.received, held.stdout).toBeGreaterThan(0);
    expect(sa.minDelayMs!, held.stdout).toBeGreaterThanOrEqual(2900);
  }, CASE_TIMEOUT_MS);

  it("run-script's timeout kills the script's process group, the agent keeps answering and logs it", async () => {
    await configSet([{ library: 'run-script', parameters: { script: 'hang.sh', wait: true, 'hook-points': ['lease6_select'], timeout: 1000 } }]);
    const before = await leases();
    const mark = agent().process.mark();
    const r = await runPerfdhcp(env!.net.client, LOW_RATE);
    expectEveryExchangeCompleted(r);
    // wait:true held each packet until the timeout (1 s), not for the script's 30 s.
    for (const x of [r.exchanges['SOLICIT-ADVERTISE'], r.exchanges['REQUEST-REPLY']]) {
      expect(x.minDelayMs!).toBeGreaterThanOrEqual(950);
      expect(x.maxDelayMs!).toBeLessThan(4000);
    }
    expect((await newLeases(before)).length).toBe(r.exchanges['REQUEST-REPLY'].received);

    const timeouts = logged(mark, /^script \S+\/hang\.sh timed out after 1000 ms$/);
    expect(timeouts.length).toBe(selectCalls(r));
    for (const l of timeouts) expect([l.level, l.hookPoint]).toEqual([40, 'lease6_select']);

    // The shell and both processes it started are gone (SIGTERM, then SIGKILL, to the group), long before 30 s.
    const pids = (await lines('hang-pids.txt')).map(Number);
    expect(pids.length).toBe(3 * selectCalls(r));
    // running = not gone and not a zombie (orphans wait for PID 1 to reap them)
    const running = () =>
      pids.filter((pid) => {
        try {
          return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      });
    // the last calls' SIGKILL comes a second after their timeout
    for (let i = 0; i < 50 && running().length > 0; i++) await sleep(100);
    expect(running()).toEqual([]);
    expect(await lines('hang-done.txt')).toEqual([]);
  }, CASE_TIMEOUT_MS);

  it('a non-zero exit is logged and ignored; with exit-status lease6_select→skip it withholds the lease', async () => {
    // Without a mapping (kea-hook-runscript's behaviour): exchanges complete, leases stored.
    await configSet([{ library: 'run-script', parameters: { script: 'fail.sh', wait: true, 'hook-points': ['lease6_select'] } }]);
    let before = await leases();
    let mark = agent().process.mark();
    const ignored = await runPerfdhcp(env!.net.client, LOW_RATE);
    expectEveryExchangeCompleted(ignored);
    expect((await newLeases(before)).length).toBe(ignored.exchanges['REQUEST-REPLY'].received);
    expect((await lines('fail-calls.txt')).length).toBe(selectCalls(ignored));
    expect(logged(mark, /^script \S+\/fail\.sh exited with code 3$/).length).toBe(selectCalls(ignored));
    // the script's standard error reaches the log at warning level
    const stderr = logged(mark, /^refusing 2001:db8:1::/);
    expect(stderr.length).toBe(selectCalls(ignored));
    for (const l of stderr) expect([l.level, l.stream]).toEqual([40, 'stderr']);

    // Mapped to skip: the server offers and assigns nothing, though every client is answered.
    await configSet([
      { library: 'run-script', parameters: { script: 'fail.sh', wait: true, 'hook-points': ['lease6_select'], 'exit-status': { lease6_select: 'skip' } } },
    ]);
    before = await leases();
    mark = agent().process.mark();
    const callsBefore = (await lines('fail-calls.txt')).length;
    const skipped = await runPerfdhcp(env!.net.client, LOW_RATE);
    const sa = skipped.exchanges['SOLICIT-ADVERTISE'];
    expect(sa.sent, skipped.stdout).toBeGreaterThan(0);
    expect(sa.received, skipped.stdout).toBe(sa.sent);
    expect(await newLeases(before)).toEqual([]);
    // no address offered, so perfdhcp requests nothing: one (failing) call per SOLICIT
    expect(skipped.exchanges['REQUEST-REPLY']?.sent ?? 0, skipped.stdout).toBe(0);
    const calls = (await lines('fail-calls.txt')).length - callsBefore;
    expect(calls).toBe(sa.received);
    expect(logged(mark, /^script \S+\/fail\.sh exited with code 3: status skip$/).length).toBe(calls);

    // A script failing only for REQUESTs: the address is offered, but the REPLY assigns nothing.
    await configSet([
      { library: 'run-script', parameters: { script: 'fail-commit.sh', wait: true, 'hook-points': ['lease6_select'], 'exit-status': { lease6_select: 'skip' } } },
    ]);
    before = await leases();
    mark = agent().process.mark();
    const refused = await runPerfdhcp(env!.net.client, LOW_RATE);
    const [offered, replied] = [refused.exchanges['SOLICIT-ADVERTISE'], refused.exchanges['REQUEST-REPLY']];
    expect(offered.received, refused.stdout).toBe(offered.sent);
    expect(replied.sent, refused.stdout).toBe(offered.received);
    expect(replied.sent, refused.stdout).toBeGreaterThan(0);
    expect(replied.received, refused.stdout).toBe(replied.sent);
    expect(await newLeases(before)).toEqual([]);
    expect(logged(mark, /^script \S+\/fail-commit\.sh exited with code 3: status skip$/).length).toBe(replied.received);
  }, CASE_TIMEOUT_MS);

  it('SKIP on lease6_release keeps released leases in the database; without it the same releases remove them', async () => {
    // perfdhcp's -F: RELEASEs for leases it got, 1 a second beside 2 new clients a second.
    const releasing = ['-l', 'c0', '-r', '2', '-F', '1', '-R', '100000', '-p', '6', '-d', '5', '-W', '5000000', '-e', 'address-only'];
    const run = async () => {
      const r = await runPerfdhcp(env!.net.client, releasing);
      const rel = r.exchanges['RELEASE-REPLY'];
      expect(rel, r.stdout).toBeDefined();
      expect(rel.sent, r.stdout).toBeGreaterThan(0);
      expect(rel.received, r.stdout).toBe(rel.sent);
      const rr = r.exchanges['REQUEST-REPLY'];
      expect(rr.received, r.stdout).toBe(rr.sent);
      return r;
    };
    const releasedWith = async (verdict: string, from: number) =>
      (await lines('releases.txt')).slice(from).map((l) => l.split(' ')).filter(([, v]) => v === verdict).map(([a]) => a);

    await configSet([{ library: 'release.mjs', parameters: { skip: true } }]);
    let before = await leases();
    const kept = await run();
    const skippedAddresses = await releasedWith('skip', 0);
    expect(skippedAddresses.length).toBe(kept.exchanges['RELEASE-REPLY'].received);
    let now = await newLeases(before);
    // every lease perfdhcp got is still there, the released ones included, still in state default
    expect(now.length).toBe(kept.exchanges['REQUEST-REPLY'].received);
    const held = new Map(now.map((l) => [l['ip-address'], l]));
    for (const a of skippedAddresses) expect(held.get(a)?.state, a).toBe(0);

    // The same library without SKIP, through the configuration file and config-reload.
    await configReload([{ library: 'release.mjs', parameters: { skip: false } }]);
    const from = (await lines('releases.txt')).length;
    before = await leases();
    const removed = await run();
    const releasedAddresses = await releasedWith('continue', from);
    expect(releasedAddresses.length).toBe(removed.exchanges['RELEASE-REPLY'].received);
    now = await newLeases(before);
    expect(now.length).toBe(removed.exchanges['REQUEST-REPLY'].received - releasedAddresses.length);
    const remaining = new Set(now.map((l) => l['ip-address']));
    for (const a of releasedAddresses) expect(remaining.has(a), a).toBe(false);
    // the earlier, skipped releases stay untouched
    const all = new Set((await leases()).map((l) => l['ip-address']));
    for (const a of skippedAddresses) expect(all.has(a), a).toBe(true);
  }, CASE_TIMEOUT_MS);

  it('two libraries on lease6_select run in the configured order, and in the swapped order after config-set', async () => {
    await configSet([{ library: 'order-a.mjs' }, { library: 'order-b.mjs' }]);
    let before = await leases();
    const ab = await runPerfdhcp(env!.net.client, LOW_RATE);
    expectEveryExchangeCompleted(ab);
    const first = await newLeases(before);
    expect(first.length).toBe(ab.exchanges['REQUEST-REPLY'].received);
    // A set 700, then B added 7
    for (const l of first) expect([l['valid-lft'], l['preferred-lft'], l['user-context']?.order]).toEqual([707, 500, ['A', 'B']]);

    await configSet([{ library: 'order-b.mjs' }, { library: 'order-a.mjs' }]);
    before = await leases();
    const ba = await runPerfdhcp(env!.net.client, LOW_RATE);
    expectEveryExchangeCompleted(ba);
    const second = await newLeases(before);
    expect(second.length).toBe(ba.exchanges['REQUEST-REPLY'].received);
    // B added 7 to the subnet's 4000, then A set 700
    for (const l of second) expect([l['valid-lft'], l['preferred-lft'], l['user-context']?.order]).toEqual([700, 500, ['B', 'A']]);
    // the leases of the first order are as they were stored
    const stored = new Map((await leases()).map((l) => [l['ip-address'], l['valid-lft']]));
    for (const l of first) expect(stored.get(l['ip-address'])).toBe(707);
  }, CASE_TIMEOUT_MS);
});
