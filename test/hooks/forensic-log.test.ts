import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';

declare global {
  // eslint-disable-next-line no-var
  var __hooksTest: unknown;
}
import { ConfigError } from '../../src/config/types.js';
import { OPT } from '../../src/dhcp6/constants.js';
import type { Dhcp6Option } from '../../src/dhcp6/types.js';
import { HooksLibraries } from '../../src/hooks/hooks-libraries.js';
import { commandEntry } from '../../src/hooks/libs/forensic-log/command-entry.js';
import { DailyFile, dayStamp } from '../../src/hooks/libs/forensic-log/daily-file.js';
import { durationText, lease6Entry } from '../../src/hooks/libs/forensic-log/lease6-entry.js';
import { FIXTURE_HOOKS_DIR } from './programmable-library.js';
import { RecordingLogger } from './recording-logger.js';
import { lease6, query6, subnet6 } from './sample-packets.js';

// The inputs of the Kea ARM example (hooks-libraries chapter, "DHCPv6 Log Entries").
const ARM_DUID = Buffer.from('1734e2ff099254', 'hex');
function armLease() {
  return lease6({
    address: '2001:db8:1::', duid: ARM_DUID, validLft: 713,
    hwaddr: Buffer.from('08002b023f4e', 'hex'), hwtype: 1, hwaddrSource: 1,
  });
}
function armQuery(relayOptions: Dhcp6Option[] = [
  { kind: 'remote_id', code: OPT.REMOTE_ID, enterprise: 0x01020304, data: Buffer.from('0a0b0c0d0e0f', 'hex') },
  { kind: 'opaque', code: OPT.SUBSCRIBER_ID, data: Buffer.from('1a2b3c4d5e6f', 'hex') },
]) {
  return query6({ duid: ARM_DUID, relay: { peerAddress: 'fe80::abcd', linkAddress: '3001::1', hopCount: 1, options: relayOptions } });
}
const ARM_EXAMPLE = 'Address:2001:db8:1:: has been assigned for 0 hrs 11 mins 53 secs to a device with ' +
  'DUID: 17:34:e2:ff:09:92:54 and hardware address: hwtype=1 08:00:2b:02:3f:4e ' +
  '(from Raw Socket) connected via relay at address: fe80::abcd for client on ' +
  'link address: 3001::1, hop count: 1, identified by remote-id: ' +
  '01:02:03:04:0a:0b:0c:0d:0e:0f and subscriber-id: 1a:2b:3c:4d:5e:6f';
const ADMIN_DUID = '1a:1b:1c:1d:1e:1f:20:21:22:23:24';

describe('forensic-log lease entries', () => {
  it('writes the Kea ARM example line for a relayed assignment', () => {
    expect(lease6Entry(armQuery(), armLease(), 'assigned')).toBe(ARM_EXAMPLE);
  });

  it('writes a directly connected renewal without hardware address or relay information', () => {
    const lease = lease6({ address: '2001:db8:1::', duid: ARM_DUID, validLft: 713 });
    expect(lease6Entry(query6({ duid: ARM_DUID }), lease, 'renewed'))
      .toBe('Address:2001:db8:1:: has been renewed for 0 hrs 11 mins 53 secs to a device with DUID: 17:34:e2:ff:09:92:54');
  });

  it('writes a delegated prefix with its length and an infinite lifetime as text', () => {
    const lease = lease6({ type: 'IA_PD', address: '2001:db8:8000:100::', prefixLen: 56, duid: ARM_DUID, validLft: 0xffffffff });
    expect(lease6Entry(query6(), lease, 'assigned'))
      .toBe('Prefix:2001:db8:8000:100::/56 has been assigned for infinite duration to a device with DUID: 17:34:e2:ff:09:92:54');
  });

  it('adds the interface-id a relay sent as the location', () => {
    const query = armQuery([{ kind: 'opaque', code: OPT.INTERFACE_ID, data: Buffer.from('eth0') }]);
    expect(lease6Entry(query, lease6({ duid: ARM_DUID, validLft: 60 }), 'assigned')).toMatch(
      / connected via relay at address: fe80::abcd for client on link address: 3001::1, hop count: 1, connected at location interface-id: 65:74:68:30$/,
    );
  });

  it('counts days only when there are any', () => {
    expect(durationText(86400)).toBe('1 days 0 hrs 0 mins 0 secs');
    expect(durationText(90061)).toBe('1 days 1 hrs 1 mins 1 secs');
    expect(durationText(59)).toBe('0 hrs 0 mins 59 secs');
  });
});

describe('forensic-log administrator entries', () => {
  const ok = { result: 0 };

  it('writes the ARM example for lease6-add with a lifetime', () => {
    expect(commandEntry('lease6-add', { 'ip-address': '2001:db8::3', duid: ADMIN_DUID, 'valid-lft': 86400, iaid: 1, 'subnet-id': 1 }, ok, 0))
      .toBe(`Administrator added a lease of address: 2001:db8::3 to a device with DUID: ${ADMIN_DUID} for 1 days 0 hrs 0 mins 0 secs`);
  });

  it('writes the ARM example for lease6-update with a hardware address', () => {
    expect(commandEntry('lease6-update', { 'ip-address': '2001:db8::3', duid: ADMIN_DUID, 'hw-address': '1a:1b:1c:1d:1e:1f', iaid: 1, 'subnet-id': 1 }, ok, 0))
      .toBe(`Administrator updated information on the lease of address: 2001:db8::3 to a device with DUID: ${ADMIN_DUID}, hardware address: 1a:1b:1c:1d:1e:1f`);
  });

  it('writes both forms of the ARM example for lease6-del', () => {
    expect(commandEntry('lease6-del', { 'ip-address': '2001:db8::3' }, ok, 0)).toBe('Administrator deleted the lease for address: 2001:db8::3');
    expect(commandEntry('lease6-del', { 'identifier-type': 'duid', identifier: ADMIN_DUID, 'subnet-id': 1, iaid: 1 }, ok, 0))
      .toBe(`Administrator deleted a lease for a device identified by: duid of ${ADMIN_DUID}`);
  });

  it('writes a delegated prefix added by the administrator as prefix/length', () => {
    expect(commandEntry('lease6-add', { 'ip-address': '2001:db8:8000::', 'prefix-len': 48, type: 'IA_PD', duid: ADMIN_DUID }, ok, 0))
      .toBe(`Administrator added a lease of prefix: 2001:db8:8000::/48 to a device with DUID: ${ADMIN_DUID}`);
  });

  it('records nothing for failed commands or other commands', () => {
    expect(commandEntry('lease6-del', { 'ip-address': '2001:db8::3' }, { result: 3 }, 0)).toBeNull();
    expect(commandEntry('lease6-get', { 'ip-address': '2001:db8::3' }, ok, 0)).toBeNull();
  });
});

describe('forensic-log files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hooks-forensic-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file path/base-name.CCYYMMDD.txt and starts a new one when the day changes', async () => {
    let now = new Date(2024, 0, 31, 23, 59, 59);
    const file = new DailyFile(dir, 'kea-forensic6', new RecordingLogger(), () => now);
    file.writeln('first');
    now = new Date(2024, 1, 1, 0, 0, 1);
    file.writeln('second');
    await file.close();
    expect(readdirSync(dir).sort()).toEqual(['kea-forensic6.20240131.txt', 'kea-forensic6.20240201.txt']);
    expect(readFileSync(path.join(dir, 'kea-forensic6.20240131.txt'), 'utf8')).toMatch(/^2024-01-31 23:59:59 \S+ first\n$/);
    expect(readFileSync(path.join(dir, 'kea-forensic6.20240201.txt'), 'utf8')).toMatch(/^2024-02-01 00:00:01 \S+ second\n$/);
  });

  it('appends to the file of the day when it already exists', async () => {
    const now = () => new Date(2024, 5, 9, 12, 0, 0);
    const first = new DailyFile(dir, 'kea-legal', new RecordingLogger(), now);
    first.writeln('one');
    await first.close();
    const second = new DailyFile(dir, 'kea-legal', new RecordingLogger(), now);
    second.writeln('two');
    await second.close();
    expect(readFileSync(path.join(dir, 'kea-legal.20240609.txt'), 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ').pop()))
      .toEqual(['one', 'two']);
  });
});

describe('forensic-log library', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hooks-forensic-lib-'));
  let logDir: string;
  let hooks: HooksLibraries;

  beforeEach(() => {
    logDir = mkdtempSync(path.join(root, 'log-'));
    hooks = new HooksLibraries({ hooksDirectory: root, logDirectory: logDir, log: new RecordingLogger() });
  });
  afterEach(async () => hooks.unloadAll());
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function entries(dir: string, baseName: string): string[] {
    const text = readFileSync(path.join(dir, `${baseName}.${dayStamp(new Date())}.txt`), 'utf8');
    // strip "CCYY-MM-DD HH:MM:SS ZONE "
    return text.split('\n').filter(Boolean).map((line) => line.split(' ').slice(3).join(' '));
  }

  it('records REQUEST assignments, renewals, rebinds and administrator commands, not SOLICITs', async () => {
    mkdirSync(path.join(logDir, 'legal'));
    await hooks.commit(await hooks.prepare([{ library: 'forensic-log', parameters: { path: 'legal', 'base-name': 'kea-forensic6' } }]));
    const r = hooks.runner;
    await r.call('lease6_select', { query6: armQuery(), subnet6: subnet6(), fake_allocation: true, lease6: armLease() });
    await r.call('lease6_select', { query6: armQuery(), subnet6: subnet6(), fake_allocation: false, lease6: armLease() });
    await r.call('lease6_renew', { query6: query6({ duid: ARM_DUID }), lease6: lease6({ address: '2001:db8:1::', duid: ARM_DUID, validLft: 713 }) });
    await r.call('lease6_rebind', { query6: query6({ duid: ARM_DUID }), lease6: lease6({ address: '2001:db8:1::', duid: ARM_DUID, validLft: 713 }) });
    await r.call('command_processed', { name: 'lease6-del', arguments: { 'ip-address': '2001:db8::3' }, response: { result: 0, text: 'Lease deleted.' } });
    await r.call('command_processed', { name: 'lease6-del', arguments: { 'ip-address': '2001:db8::4' }, response: { result: 3, text: 'IPv6 lease not found.' } });
    await hooks.unloadAll();
    const renewed = 'Address:2001:db8:1:: has been renewed for 0 hrs 11 mins 53 secs to a device with DUID: 17:34:e2:ff:09:92:54';
    expect(entries(path.join(logDir, 'legal'), 'kea-forensic6')).toEqual([
      ARM_EXAMPLE, renewed, renewed, 'Administrator deleted the lease for address: 2001:db8::3',
    ]);
  });

  it('records nothing when an earlier library skipped the lease', async () => {
    globalThis.__hooksTest = { events: [], callout: (_t: string, _p: string, h: { setStatus(s: string): void }) => h.setStatus('skip') };
    hooks = new HooksLibraries({ hooksDirectory: FIXTURE_HOOKS_DIR, logDirectory: logDir, log: new RecordingLogger() });
    await hooks.commit(await hooks.prepare([
      { library: 'programmable.js', parameters: { tag: 'veto', points: ['lease6_renew'] } },
      { library: 'forensic-log' },
    ]));
    await hooks.runner.call('lease6_renew', { query6: query6(), lease6: lease6() });
    await hooks.unloadAll();
    expect(readdirSync(logDir)).toEqual([]);
  });

  it('defaults to the log directory and base-name kea-legal', async () => {
    await hooks.commit(await hooks.prepare([{ library: 'forensic-log' }]));
    await hooks.runner.call('lease6_renew', { query6: query6(), lease6: lease6() });
    await hooks.unloadAll();
    expect(entries(logDir, 'kea-legal')).toHaveLength(1);
  });

  async function problem(parameters: Record<string, unknown>): Promise<string> {
    const err = await hooks.prepare([{ library: 'forensic-log', parameters }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problem;
  }

  it('refuses a path outside the log directory', async () => {
    expect(await problem({ path: '/var/tmp' })).toMatch(/parameter 'path' '\/var\/tmp' is outside .* \(only --log-dir or DHCP6_AGENT_LOG_DIR can change that directory\)/);
    expect(await problem({ path: '../..' })).toMatch(/is outside/);
  });

  it('refuses a base-name that would leave the directory, and a missing directory', async () => {
    expect(await problem({ 'base-name': '../escape' })).toMatch(/parameter 'base-name' must be a file name/);
    expect(await problem({ path: 'absent' })).toMatch(/directory .*absent does not exist/);
  });

  it('refuses parameters it does not implement rather than ignoring them', async () => {
    expect(await problem({ 'time-unit': 'hour' })).toMatch(/unknown parameter 'time-unit' \(forensic-log takes path, base-name\)/);
  });
});
