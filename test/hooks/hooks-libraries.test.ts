import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/types.js';
import { HooksLibraries } from '../../src/hooks/hooks-libraries.js';
import type { LibraryCommand } from '../../src/hooks/loaded-library.js';
import { FIXTURE_HOOKS_DIR, ProgrammableLibraries, library, newHooks } from './programmable-library.js';
import { RecordingLogger } from './recording-logger.js';
import { lease6, query6, subnet6 } from './sample-packets.js';

let test: ProgrammableLibraries;
let hooks: HooksLibraries;
let log: RecordingLogger;

function fresh(hooksDirectory = FIXTURE_HOOKS_DIR) {
  test = new ProgrammableLibraries();
  ({ hooks, log } = newHooks(new RecordingLogger(), hooksDirectory));
}

function selectArgs() {
  return { query6: query6(), subnet6: subnet6(), fake_allocation: false, lease6: lease6() };
}

async function loadError(configs: Parameters<HooksLibraries['prepare']>[0]): Promise<ConfigError> {
  const err = await hooks.prepare(configs).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

afterEach(async () => {
  await hooks?.unloadAll();
});

describe('loading libraries', () => {
  it('runs the smallest library: a version and one exported callout', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([{ library: 'minimal.js' }]));
    const outcome = await hooks.runner.call('lease6_select', selectArgs());
    expect(outcome.args.lease6.validLft).toBe(1234);
  });

  it('loads a library written in TypeScript, with a relative import of another .ts file', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([{ library: 'typed.ts', parameters: { 'valid-lft': 900 } }]));
    const outcome = await hooks.runner.call('lease6_select', selectArgs());
    expect(outcome.args.lease6.validLft).toBe(900);
  });

  it('refuses a library written for another hooks API version', async () => {
    fresh();
    const err = await loadError([{ library: 'wrong-version.js' }]);
    expect(err.path).toBe('Dhcp6.hooks-libraries[0].library');
    expect(err.problem).toMatch(/written for hooks API version 2; this agent implements version 1/);
  });

  it('names the missing library file', async () => {
    fresh();
    const err = await loadError([{ library: 'minimal.js' }, { library: 'absent.js' }]);
    expect(err.path).toBe('Dhcp6.hooks-libraries[1].library');
    expect(err.problem).toMatch(/library 'absent.js' not found/);
  });

  it('refuses parameters that are not an object', async () => {
    fresh();
    const err = await loadError([{ library: 'minimal.js', parameters: [1, 2] as never }]);
    expect(err.path).toBe('Dhcp6.hooks-libraries[0].parameters');
  });
});

describe('reconfiguration', () => {
  it('reloads the libraries on every commit, even when the list did not change, loading the new before unloading the old', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([library('a', ['lease6_select'])]));
    await hooks.commit(await hooks.prepare([library('a', ['lease6_select'])]));
    expect(test.events).toEqual(['load a', 'load a', 'unload a']);
  });

  it('fails the configuration with the message of a load() that throws and keeps the old libraries running', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([library('old', ['lease6_select'])]));
    const err = await loadError([library('new', ['lease6_select']), library('broken', [], { failLoad: 'cannot reach the billing system' })]);
    expect(err.path).toBe('Dhcp6.hooks-libraries[1]');
    expect(err.problem).toContain('cannot reach the billing system');
    // as Kea does, the failed library unloads (releasing what load() opened), then the rest of the new set
    expect(test.events).toEqual(['load old', 'load new', 'load broken', 'unload broken', 'unload new']);
    await hooks.runner.call('lease6_select', selectArgs());
    expect(test.calls.map((c) => c.tag)).toEqual(['old']);
  });

  it('runs dhcp6_srv_configured on the prepared set before it serves, and a discarded set never serves', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([library('old', ['lease6_select'])]));
    const next = await hooks.prepare([library('new', ['dhcp6_srv_configured', 'lease6_select'])]);
    test.on('new', 'dhcp6_srv_configured', (h) => {
      h.setArgument('error' as never, 'no license' as never);
      h.setStatus('drop');
    });
    const configured = await next.runner.call('dhcp6_srv_configured', {
      json_config: {}, server_config: {} as never, network_state: { isEnabled: () => true, enable() {}, disable() {} },
    });
    expect(configured).toMatchObject({ status: 'drop', args: { error: 'no license' } });
    await hooks.discard(next);
    await hooks.runner.call('lease6_select', selectArgs());
    expect(test.calls.map((c) => `${c.tag} ${c.point}`)).toEqual(['new dhcp6_srv_configured', 'old lease6_select']);
    expect(test.events).toEqual(['load old', 'load new', 'unload new']);
    await expect(hooks.commit(next)).rejects.toThrow(/already discarded/);
  });

  it('unloads every library when hooks-libraries is removed', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([library('a', ['lease6_select']), library('b', ['pkt6_send'])]));
    await hooks.commit(await hooks.prepare(undefined));
    expect(test.events).toEqual(['load a', 'load b', 'unload b', 'unload a']);
    expect(hooks.runner.has('lease6_select')).toBe(false);
    expect(hooks.libraries()).toEqual([]);
  });

  it('gives a reloaded library its new parameters', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([{ library: 'typed.ts', parameters: { 'valid-lft': 100 } }]));
    await hooks.commit(await hooks.prepare([{ library: 'typed.ts', parameters: { 'valid-lft': 200 } }]));
    expect((await hooks.runner.call('lease6_select', selectArgs())).args.lease6.validLft).toBe(200);
  });
});

describe('library commands', () => {
  it('lists registered commands with their library and answers through a handler that never throws', async () => {
    fresh();
    let seen: ReadonlyMap<string, LibraryCommand> | undefined;
    hooks.onCommandsChanged((commands) => (seen = commands));
    await hooks.commit(await hooks.prepare([library('a', [], { commands: ['billing-get', 'billing-fail'] })]));
    expect([...hooks.commands().keys()]).toEqual(['billing-get', 'billing-fail']);
    expect(seen).toBe(hooks.commands());
    const command = hooks.commands().get('billing-get')!;
    expect(command.library).toBe('programmable.js');
    expect(await command.handler({ id: 1 }, { command: 'billing-get', arguments: { id: 1 } })).toEqual({ result: 0, text: 'billing-get answered by a' });

    test.commandAnswer = () => {
      throw new Error('ledger locked');
    };
    expect(await hooks.commands().get('billing-fail')!.handler(undefined, { command: 'billing-fail' })).toEqual({ result: 1, text: 'ledger locked' });
    expect(log.find('error', /command billing-fail of library programmable.js failed: ledger locked/)).toBeDefined();
  });

  it('removes a library\'s commands when it unloads and says so', async () => {
    fresh();
    const changes: string[][] = [];
    hooks.onCommandsChanged((commands) => changes.push([...commands.keys()]));
    await hooks.commit(await hooks.prepare([library('a', [], { commands: ['billing-get'] })]));
    await hooks.commit(await hooks.prepare([library('b', [])]));
    expect(hooks.commands().size).toBe(0);
    expect(changes).toEqual([['billing-get'], []]);
  });

  it('keeps the schema of a command, and refuses an invalid one', async () => {
    fresh();
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
    await hooks.commit(await hooks.prepare([library('a', [], { commands: ['billing-get'], schema })]));
    expect(hooks.commands().get('billing-get')!.schema).toEqual(schema);
    const err = await loadError([library('b', [], { commands: ['billing-put'], schema: { type: 'no-such-type' } })]);
    expect(err.problem).toMatch(/the schema of command 'billing-put' is invalid/);
  });

  it('refuses a command another library of the list already registered', async () => {
    fresh();
    const err = await loadError([library('a', [], { commands: ['billing-get'] }), library('b', [], { commands: ['billing-get'] })]);
    expect(err.path).toBe('Dhcp6.hooks-libraries[1]');
    expect(err.problem).toMatch(/command 'billing-get' is already registered by library programmable.js/);
  });

  it('refuses to replace a command built into the agent', async () => {
    test = new ProgrammableLibraries();
    log = new RecordingLogger();
    hooks = new HooksLibraries({
      hooksDirectory: FIXTURE_HOOKS_DIR, logDirectory: FIXTURE_HOOKS_DIR, log,
      isReservedCommand: (name) => name === 'lease6-get',
    });
    const err = await loadError([library('a', [], { commands: ['lease6-get'] })]);
    expect(err.problem).toMatch(/command 'lease6-get' is built into the agent/);
  });
});

describe("Kea's library names", () => {
  it('accepts the command libraries the agent has built in, loading nothing', async () => {
    fresh();
    await hooks.commit(await hooks.prepare([
      { library: '/usr/local/lib/kea/hooks/libdhcp_lease_cmds.so' },
      { library: '/usr/lib/x86_64-linux-gnu/kea/hooks/libdhcp_host_cmds.so' },
      { library: 'libdhcp_subnet_cmds.so' },
      { library: '/opt/kea/lib/libdhcp_stat_cmds.so' },
    ]));
    expect(hooks.libraries()).toEqual([]);
    expect(log.find('info', /libdhcp_lease_cmds\.so: the lease6-\* commands are built into the agent; nothing to load/)).toBeDefined();
  });

  it('serves libdhcp_legal_log.so with the built-in forensic-log library', async () => {
    const logDir = mkdtempSync(path.join(os.tmpdir(), 'hooks-legal-'));
    try {
      test = new ProgrammableLibraries();
      log = new RecordingLogger();
      hooks = new HooksLibraries({ hooksDirectory: FIXTURE_HOOKS_DIR, logDirectory: logDir, log });
      await hooks.commit(await hooks.prepare([{ library: '/usr/local/lib/libdhcp_legal_log.so', parameters: { 'base-name': 'kea-forensic6' } }]));
      expect(hooks.libraries()).toEqual([{ name: '/usr/local/lib/libdhcp_legal_log.so', path: 'builtin:forensic-log' }]);
      expect(hooks.runner.has('lease6_select')).toBe(true);
    } finally {
      await hooks.unloadAll();
      rmSync(logDir, { recursive: true, force: true });
    }
  });
});

describe('confinement to the hooks directory', () => {
  let root: string;
  let hooksDir: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'hooks-confine-'));
    hooksDir = path.join(root, 'hooks');
    mkdirSync(path.join(hooksDir, 'sub'), { recursive: true });
    copyFileSync(path.join(FIXTURE_HOOKS_DIR, 'minimal.js'), path.join(hooksDir, 'sub', 'minimal.js'));
    copyFileSync(path.join(FIXTURE_HOOKS_DIR, 'minimal.js'), path.join(root, 'outside.js'));
    symlinkSync(path.join(root, 'outside.js'), path.join(hooksDir, 'escape.js'));
    symlinkSync(path.join(hooksDir, 'sub', 'minimal.js'), path.join(hooksDir, 'inside-link.js'));
    writeFileSync(path.join(hooksDir, 'script.py'), 'print(1)\n');
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('resolves a relative path in the hooks directory, subdirectories included', async () => {
    fresh(hooksDir);
    await hooks.commit(await hooks.prepare([{ library: 'sub/minimal.js' }, { library: path.join(hooksDir, 'inside-link.js') }]));
    expect(hooks.libraries().map((l) => l.path)).toEqual([path.join(hooksDir, 'sub', 'minimal.js'), path.join(hooksDir, 'sub', 'minimal.js')]);
  });

  it('refuses an absolute path outside the hooks directory', async () => {
    fresh(hooksDir);
    const err = await loadError([{ library: path.join(root, 'outside.js') }]);
    expect(err.path).toBe('Dhcp6.hooks-libraries[0].library');
    expect(err.problem).toMatch(/^library '.*outside\.js' is outside .*hooks \(only --hooks-dir or DHCP6_AGENT_HOOKS_DIR can change that directory\)$/);
  });

  it('refuses a relative path that climbs out with ..', async () => {
    fresh(hooksDir);
    const err = await loadError([{ library: '../outside.js' }]);
    expect(err.problem).toMatch(/is outside/);
  });

  it('refuses a symbolic link in the hooks directory that points outside it', async () => {
    fresh(hooksDir);
    const err = await loadError([{ library: 'escape.js' }]);
    expect(err.problem).toMatch(/'escape\.js' \(resolves to .*outside\.js\) is outside/);
  });

  it('refuses a file that is not an ES module', async () => {
    fresh(hooksDir);
    const err = await loadError([{ library: 'script.py' }]);
    expect(err.problem).toMatch(/must be an ES module file: \.js, \.mjs, \.ts or \.mts/);
  });
});
