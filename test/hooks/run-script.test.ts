import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/types.js';
import { MSG, OPT } from '../../src/dhcp6/constants.js';
import { HooksLibraries } from '../../src/hooks/hooks-libraries.js';
import type { HookArgs, HooksRunner } from '../../src/hooks/types.js';
import { RecordingLogger } from './recording-logger.js';
import { PD_ONLY, README_VARIABLES } from './runscript-readme-variables.js';
import { lease6, query6, response6, subnet6 } from './sample-packets.js';

let root: string;
let hooksDir: string;
let calls: string;
let hooks: HooksLibraries;
let log: RecordingLogger;

/** A shell script in the hooks directory. */
function script(name: string, body: string): string {
  const file = path.join(hooksDir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return name;
}

/**
 * The recorder is a Node script, not a shell one: /bin/sh exports PWD into the environment
 * it passes on, which would hide whether the agent passed only KEA_* variables.
 */
function recorder(name: string): string {
  const file = path.join(hooksDir, name);
  writeFileSync(file, `#!${process.execPath}
const fs = require('node:fs');
const out = require('node:path').join(__dirname, 'calls', process.argv[2] + '.' + process.pid);
fs.writeFileSync(out + '.tmp', JSON.stringify({ argv: process.argv.slice(2), env: process.env }));
fs.renameSync(out + '.tmp', out);
`);
  chmodSync(file, 0o755);
  return name;
}

interface Call { argv: string[]; env: Record<string, string> }

function recordedCalls(): Call[] {
  return readdirSync(calls).filter((f) => !f.endsWith('.tmp')).sort()
    .map((f) => JSON.parse(readFileSync(path.join(calls, f), 'utf8')) as Call);
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

async function start(parameters: Record<string, unknown>, library = 'run-script'): Promise<HooksRunner> {
  log = new RecordingLogger();
  hooks = new HooksLibraries({ hooksDirectory: hooksDir, logDirectory: hooksDir, log });
  await hooks.commit(await hooks.prepare([{ library, parameters }]));
  return hooks.runner;
}

function pdLease() {
  return lease6({
    type: 'IA_PD', address: '2001:db8:8000:100::', prefixLen: 56, iaid: 7, hostname: 'cpe.example.org',
    hwaddr: Buffer.from('08002b023f4e', 'hex'), hwtype: 1, hwaddrSource: 1, cltt: 1_700_000_000, validLft: 4000, preferredLft: 3000,
  });
}

const Q = () => query6();
const ARGS: { [P in keyof typeof README_VARIABLES]: () => unknown } = {
  pkt6_receive: () => ({ query6: Q() }),
  pkt6_send: () => ({ query6: Q(), response6: response6() }),
  subnet6_select: () => ({ query6: Q(), subnet6: subnet6(), subnet6collection: [subnet6()] }),
  lease6_select: () => ({ query6: Q(), subnet6: subnet6(), fake_allocation: false, lease6: lease6() }),
  lease6_renew: () => ({ query6: Q(), lease6: lease6() }),
  lease6_rebind: () => ({ query6: Q(), lease6: lease6() }),
  lease6_decline: () => ({ query6: Q(), lease6: lease6() }),
  lease6_release: () => ({ query6: Q(), lease6: lease6() }),
  lease6_expire: () => ({ lease6: lease6(), remove_lease: true }),
  lease6_recover: () => ({ lease6: lease6({ state: 1 }) }),
};

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hooks-runscript-'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeEach(() => {
  hooksDir = mkdtempSync(path.join(root, 'hooks-'));
  calls = path.join(hooksDir, 'calls');
  mkdirSync(calls);
  recorder('record.cjs');
});

afterEach(async () => {
  await hooks?.unloadAll();
});

describe('run-script: what the script receives', () => {
  it.each(Object.keys(README_VARIABLES).map((p) => [p]))('at %s: the hook point as argv[1] and exactly the README variables', async (point) => {
    const runner = await start({ script: 'record.cjs', 'hook-points': [point] });
    await runner.call(point as 'pkt6_receive', ARGS[point]() as HookArgs['pkt6_receive']);
    const [call] = recordedCalls();
    expect(call.argv).toEqual([point]);
    // an IA_NA lease: the delegated-prefix variables are for IA_PD only
    const expected = README_VARIABLES[point].filter((v) => !PD_ONLY.includes(v)).sort();
    expect(Object.keys(call.env).sort()).toEqual(expected);
  });

  it('passes the values in kea-hook-runscript\'s formats (relayed REQUEST, delegated prefix)', async () => {
    const runner = await start({ script: 'record.cjs', 'hook-points': ['lease6_select'] });
    const relayed = query6({
      relay: { peerAddress: 'fe80::abcd', linkAddress: '3001::1', hopCount: 1, options: [{ kind: 'raw', code: OPT.INTERFACE_ID, data: Buffer.from('eth0') }] },
      transactionId: 0x1a2b3c,
    });
    await runner.call('lease6_select', { query6: relayed, subnet6: subnet6('2001:db8:1::/48'), fake_allocation: true, lease6: pdLease() });
    const { env } = recordedCalls()[0];
    expect(env).toEqual({
      KEA_QUERY6_TYPE: 'REQUEST',
      KEA_QUERY6_INTERFACE: 'eth1',
      KEA_QUERY6_IFINDEX: '3',
      KEA_QUERY6_DUID: '00:03:00:01:08:00:27:2b:3f:4e',
      KEA_QUERY6_HWADDR: '08:00:2b:02:3f:4e',
      KEA_QUERY6_HWADDR_TYPE: '1',
      KEA_QUERY6_HWADDR_SOURCE: '1',
      KEA_QUERY6_LOCAL_ADDRESS: 'ff02::1:2',
      KEA_QUERY6_LOCAL_PORT: '547',
      KEA_QUERY6_REMOTE_ADDRESS: 'fe80::a00:27ff:fe2b:3f4e',
      KEA_QUERY6_REMOTE_PORT: '546',
      KEA_QUERY6_LABEL: 'duid=[00:03:00:01:08:00:27:2b:3f:4e], tid=0x1a2b3c',
      KEA_QUERY6_TRANSACTION_ID: String(0x1a2b3c),
      KEA_SUBNET6_PREFIX: '2001:db8:1::',
      KEA_SUBNET6_PREFIXLEN: '48',
      KEA_SUBNET6: '2001:db8:1::/48',
      KEA_FAKE_ALLOCATION: '1',
      KEA_LEASE6_TYPE: 'IA_PD',
      KEA_LEASE6_ADDRESS: '2001:db8:8000:100::',
      KEA_LEASE6_DELEGATED_PREFIX: '2001:db8:8000:100::/56',
      KEA_LEASE6_DELEGATED_PREFIXLEN: '56',
      KEA_LEASE6_CLIENT_DUID: '00:03:00:01:08:00:27:2b:3f:4e',
      KEA_LEASE6_HWADDR: '08:00:2b:02:3f:4e',
      KEA_LEASE6_HOSTNAME: 'cpe.example.org',
      KEA_LEASE6_STATE: 'default',
      KEA_LEASE6_IS_EXPIRED: '1',
      KEA_LEASE6_CLIENT_LAST_TRANSMISSION: '1700000000',
      KEA_LEASE6_VALID_LIFETIME: '4000',
      KEA_LEASE6_PREFERRED_LIFETIME: '3000',
      KEA_LEASE6_IAID: '7',
    });
  });

  it('describes the response at pkt6_send and leaves unknown hardware addresses empty', async () => {
    const runner = await start({ script: 'record.cjs', 'hook-points': ['pkt6_send'] });
    await runner.call('pkt6_send', { query6: query6({ hwaddr: null, msgType: MSG.SOLICIT }), response6: response6(0x1a2b3c, MSG.ADVERTISE) });
    const { env } = recordedCalls()[0];
    expect(env.KEA_QUERY6_TYPE).toBe('SOLICIT');
    expect(env.KEA_RESPONSE6_TYPE).toBe('ADVERTISE');
    expect([env.KEA_QUERY6_HWADDR, env.KEA_QUERY6_HWADDR_TYPE, env.KEA_QUERY6_HWADDR_SOURCE]).toEqual(['', '', '']);
    expect(env.KEA_RESPONSE6_LOCAL_ADDRESS).toBe('fe80::1');
    expect(env.KEA_RESPONSE6_DUID).toBe('00:03:00:01:08:00:27:2b:3f:4e');
  });

  it('passes lease6_expire\'s remove_lease as 1/0 and a declined lease\'s state', async () => {
    const runner = await start({ script: 'record.cjs', 'hook-points': ['lease6_expire', 'lease6_recover'] });
    await runner.call('lease6_expire', { lease6: lease6(), remove_lease: false });
    await runner.call('lease6_recover', { lease6: lease6({ state: 1, validLft: 0xffffffff }) });
    const byPoint = Object.fromEntries(recordedCalls().map((c) => [c.argv[0], c.env]));
    expect(byPoint.lease6_expire.KEA_REMOVE_LEASE).toBe('0');
    expect(byPoint.lease6_recover.KEA_LEASE6_STATE).toBe('declined');
    expect(byPoint.lease6_recover.KEA_LEASE6_IS_EXPIRED).toBe('0');
  });

  it('calls the script at every hook point of the README when hook-points is not given, and at no other', async () => {
    const runner = await start({ script: 'record.cjs' });
    expect(Object.keys(README_VARIABLES).every((p) => runner.has(p as 'pkt6_receive'))).toBe(true);
    expect(runner.has('leases6_committed')).toBe(false);
    expect(runner.has('buffer6_receive')).toBe(false);
  });
});

describe('run-script: waiting, timeouts and statuses', () => {
  const GATED = `/bin/touch "${'${0%/*}'}/started"
while [ ! -e "${'${0%/*}'}/gate" ]; do /bin/sleep 0.02; done
/bin/touch "${'${0%/*}'}/finished"`;

  it('with wait true, holds the packet until the script exits', async () => {
    script('gated.sh', GATED);
    const runner = await start({ script: 'gated.sh', wait: true, 'hook-points': ['lease6_renew'] });
    let done = false;
    const call = runner.call('lease6_renew', { query6: query6(), lease6: lease6() }).then(() => (done = true));
    await waitFor(() => existsSync(path.join(hooksDir, 'started')));
    expect(done).toBe(false);
    writeFileSync(path.join(hooksDir, 'gate'), '');
    await call;
    expect(existsSync(path.join(hooksDir, 'finished'))).toBe(true);
  });

  it('with wait false, lets the packet go on while the script runs', async () => {
    script('gated.sh', GATED);
    const runner = await start({ script: 'gated.sh', wait: false, 'hook-points': ['lease6_renew'] });
    const outcome = await runner.call('lease6_renew', { query6: query6(), lease6: lease6() });
    expect(outcome.status).toBe('continue');
    expect(existsSync(path.join(hooksDir, 'finished'))).toBe(false);
    writeFileSync(path.join(hooksDir, 'gate'), '');
    await waitFor(() => existsSync(path.join(hooksDir, 'finished')));
  });

  it('maps a non-zero exit to the configured status, and only where configured', async () => {
    script('fail.sh', 'exit 3');
    const runner = await start({ script: 'fail.sh', 'hook-points': ['lease6_select', 'lease6_renew'], 'exit-status': { lease6_select: 'skip' } });
    const select = await runner.call('lease6_select', { query6: query6(), subnet6: subnet6(), fake_allocation: false, lease6: lease6() });
    const renew = await runner.call('lease6_renew', { query6: query6(), lease6: lease6() });
    expect(select.status).toBe('skip');
    expect(renew.status).toBe('continue');
    expect(log.find('warn', /fail\.sh exited with code 3: status skip/)).toBeDefined();
  });

  it('leaves the status alone when the script succeeds', async () => {
    const runner = await start({ script: 'record.cjs', 'hook-points': ['lease6_release'], 'exit-status': { lease6_release: 'drop' } });
    expect((await runner.call('lease6_release', { query6: query6(), lease6: lease6() })).status).toBe('continue');
  });

  it('kills a script that outlives its timeout, with what it started, and counts that as a failure', async () => {
    script('hang.sh', `/bin/sleep 30 &
echo $! > "${'${0%/*}'}/sleeper"
wait`);
    const runner = await start({ script: 'hang.sh', timeout: 300, 'hook-points': ['lease6_release'], 'exit-status': { lease6_release: 'skip' } });
    const outcome = await runner.call('lease6_release', { query6: query6(), lease6: lease6() });
    expect(outcome.status).toBe('skip');
    expect(log.find('warn', /hang\.sh timed out after 300 ms/)).toBeDefined();
    const sleeper = Number(readFileSync(path.join(hooksDir, 'sleeper'), 'utf8'));
    const alive = () => {
      try {
        process.kill(sleeper, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive());
  });

  it('logs what the script prints: stdout as info, stderr as warnings', async () => {
    script('talk.sh', 'echo "route added for $KEA_LEASE6_ADDRESS"\necho "ip: warning" >&2');
    const runner = await start({ script: 'talk.sh', 'hook-points': ['lease6_renew'] });
    await runner.call('lease6_renew', { query6: query6(), lease6: lease6() });
    expect(log.find('info', /^route added for 2001:db8:1::10$/)?.fields).toMatchObject({ stream: 'stdout', argument: 'lease6_renew' });
    expect(log.find('warn', /^ip: warning$/)?.fields).toMatchObject({ stream: 'stderr' });
  });
});

describe('run-script: load and unload', () => {
  it('calls the script with load and unload, with no variables, when asked to', async () => {
    await start({ script: 'record.cjs', 'call-on-load-unload': true, 'hook-points': ['lease6_renew'] });
    expect(recordedCalls()).toEqual([{ argv: ['load'], env: {} }]);
    await hooks.unloadAll();
    expect(recordedCalls().map((c) => c.argv)).toEqual([['load'], ['unload']]);
  });

  it('does not call the script at load by default: existing scripts do not expect it', async () => {
    await start({ script: 'record.cjs', 'hook-points': ['lease6_renew'] });
    await hooks.unloadAll();
    expect(recordedCalls()).toEqual([]);
  });

  it('fails the configuration when the load call fails', async () => {
    script('refuse.sh', '[ "$1" = load ] && exit 4\nexit 0');
    log = new RecordingLogger();
    hooks = new HooksLibraries({ hooksDirectory: hooksDir, logDirectory: hooksDir, log });
    const err = await hooks.prepare([{ library: 'run-script', parameters: { script: 'refuse.sh', 'call-on-load-unload': true } }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problem).toMatch(/the script's load call exited with code 4/);
  });
});

describe('run-script: configuration', () => {
  async function loadProblem(parameters: Record<string, unknown>, library = 'run-script'): Promise<string> {
    log = new RecordingLogger();
    hooks = new HooksLibraries({ hooksDirectory: hooksDir, logDirectory: hooksDir, log });
    const err = await hooks.prepare([{ library, parameters }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problem;
  }

  it('refuses a script outside the hooks directory', async () => {
    const outside = path.join(root, 'evil.sh');
    writeFileSync(outside, '#!/bin/sh\n');
    chmodSync(outside, 0o755);
    expect(await loadProblem({ script: outside })).toMatch(/parameter 'script' '.*evil\.sh' is outside/);
  });

  it('refuses a script that is not executable', async () => {
    writeFileSync(path.join(hooksDir, 'plain.sh'), 'exit 0\n');
    expect(await loadProblem({ script: 'plain.sh' })).toMatch(/plain\.sh is not executable/);
  });

  it('names a mistyped parameter', async () => {
    expect(await loadProblem({ script: 'record.cjs', hook_points: ['lease6_select'] })).toMatch(/unknown parameter 'hook_points'/);
  });

  it('refuses a hook point the README does not document', async () => {
    expect(await loadProblem({ script: 'record.cjs', 'hook-points': ['leases6_committed'] })).toMatch(/"leases6_committed" is not one of pkt6_receive/);
  });

  it('refuses exit-status without waiting, and a status the point does not support', async () => {
    expect(await loadProblem({ script: 'record.cjs', wait: false, 'exit-status': { lease6_select: 'skip' } })).toMatch(/needs 'wait': true/);
    expect(await loadProblem({ script: 'record.cjs', 'exit-status': { lease6_select: 'drop' } })).toMatch(/lease6_select can map a failure to "skip", not "drop"/);
  });

  it("serves ISC's libdhcp_run_script.so, taking its name and sync parameters", async () => {
    const runner = await start({ name: 'record.cjs', sync: true }, '/usr/lib/kea/hooks/libdhcp_run_script.so');
    await runner.call('lease6_renew', { query6: query6(), lease6: lease6() });
    // sync: true means the call waited, so the record is there already
    expect(recordedCalls().map((c) => c.argv)).toEqual([['lease6_renew']]);
    expect(log.find('info', /served by the built-in run-script library \(parameters name→script, sync→wait\)/)).toBeDefined();
  });
});
