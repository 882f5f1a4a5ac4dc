// config-get, config-hash-get, config-test, config-set, config-reload and config-write on a
// running agent, over both control sockets, on both drivers. A refused configuration —
// a bad value, a hook library that fails to load, a dhcp6_srv_configured DROP — leaves the
// running configuration, its hook libraries and the served leases as they were.

import { lstat, readFile, readdir, rm, symlink, writeFile, chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADD_NA, EXAMPLE_CONFIG, NA_JSON } from '../../src/commands/example-config.js';
import { configHash } from '../../src/config/config-hash.js';
import { forEachAgentDriver, type RunningTestAgent } from '../helpers/agent.js';
import { TRANSPORTS } from './transports.js';

/** Registers marker-get, answering the `tag` parameter it was loaded with: shows which instance runs. */
const MARKER = `export const version = 1;
export function load(ctx) {
  ctx.registerCommand('marker-get', () => ({ result: 0, text: String(ctx.parameters.tag) }));
}
`;
const FAILS_TO_LOAD = `export const version = 1;
export function load() { throw new Error('cannot open its database'); }
`;
const REFUSES = `export const version = 1;
export function load(ctx) { ctx.registerCommand('refuse-get', () => ({ result: 0 })); }
export function dhcp6_srv_configured(handle) {
  handle.setArgument('error', 'the refuse library says no');
  handle.setStatus('drop');
}
`;

const DHCP6 = { ...EXAMPLE_CONFIG.Dhcp6, 'hooks-libraries': [{ library: 'marker.mjs', parameters: { tag: 'base' } }] };
const HOOK_FILES = { 'marker.mjs': MARKER, 'fails-to-load.mjs': FAILS_TO_LOAD, 'refuses.mjs': REFUSES };

/** The running configuration with `change` merged into Dhcp6. */
function changed(t: RunningTestAgent, change: Record<string, unknown>): { Dhcp6: Record<string, unknown> } {
  return { Dhcp6: { ...structuredClone(t.agent.config().raw.Dhcp6), ...change } };
}

forEachAgentDriver(
  'config commands',
  DHCP6,
  (get) => {
    for (const via of TRANSPORTS) {
      describe(`over ${via}`, () => {
        const send = (command: string, args?: unknown) => get().send(via, args === undefined ? { command } : { command, arguments: args });

        /** What a refused config-set must not change: the configuration, the engine's, the libraries, the leases. */
        async function expectUntouched(t: RunningTestAgent, before: { hash: string; engineConfig: unknown }): Promise<void> {
          expect((await send('config-hash-get')).arguments).toEqual({ hash: before.hash });
          expect(t.agent.engine.config).toBe(before.engineConfig);
          expect(await send('marker-get')).toEqual({ result: 0, text: 'base' });
          expect(await send('lease6-get', { 'ip-address': ADD_NA['ip-address'] })).toMatchObject({ result: 0, arguments: NA_JSON });
        }

        async function snapshot(t: RunningTestAgent) {
          expect((await send('lease6-add', ADD_NA)).result).toBe(0);
          return { hash: ((await send('config-hash-get')).arguments as { hash: string }).hash, engineConfig: t.agent.engine.config };
        }

        it('config-get answers the running configuration and its hash', async () => {
          const t = get();
          const answer = await send('config-get');
          expect(answer).toEqual({ result: 0, arguments: { ...t.baseConfig, hash: configHash(t.baseConfig) } });
        });

        it('config-hash-get answers the hash config-get shows, and a new one once the configuration changed', async () => {
          const t = get();
          const before = (await send('config-hash-get')) as { result: number; arguments: { hash: string } };
          expect(before).toEqual({ result: 0, arguments: { hash: ((await send('config-get')).arguments as { hash: string }).hash } });
          expect(before.arguments.hash).toMatch(/^[0-9A-F]{64}$/);
          expect((await send('config-set', changed(t, { 'valid-lifetime': 9000 }))).result).toBe(0);
          const after = (await send('config-hash-get')).arguments as { hash: string };
          expect(after.hash).not.toBe(before.arguments.hash);
          expect(after.hash).toBe(configHash(t.agent.config().raw));
        });

        it('config-test accepts a valid configuration without applying it', async () => {
          const t = get();
          const hash = (await send('config-hash-get')).arguments;
          const answer = await send('config-test', changed(t, { 'valid-lifetime': 9000 }));
          expect(answer).toEqual({
            result: 0,
            text: 'Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.',
          });
          expect((await send('config-hash-get')).arguments).toEqual(hash);
          expect(t.agent.config().lifetimes.valid).toBe(4000);
        });

        it('config-test names the path of a bad value', async () => {
          const t = get();
          expect(await send('config-test', changed(t, { 'valid-lifetime': -1 }))).toMatchObject({ result: 1, text: expect.stringMatching(/^Dhcp6\.valid-lifetime: /) });
        });

        it('config-test loads the hook libraries: one that fails to load fails the test', async () => {
          const t = get();
          const answer = await send('config-test', changed(t, { 'hooks-libraries': [{ library: 'fails-to-load.mjs' }] }));
          expect(answer.result).toBe(1);
          expect(answer.text).toMatch(/^Dhcp6\.hooks-libraries\[0\].*cannot open its database/);
          expect(await send('marker-get')).toEqual({ result: 0, text: 'base' });
        });

        it('config-test and config-set refuse a request without a Dhcp6 map', async () => {
          for (const command of ['config-test', 'config-set']) {
            expect(await send(command)).toEqual({ result: 1, text: 'no parameters specified for the command' });
            expect(await send(command, {})).toEqual({ result: 1, text: "missing parameter 'Dhcp6'" });
            expect(await send(command, { Dhcp6: [] })).toEqual({ result: 1, text: "invalid type specified for parameter 'Dhcp6'" });
          }
        });

        it('config-set applies a configuration: the engine serves it, hook libraries reload, the answer carries the new hash', async () => {
          const t = get();
          const next = changed(t, { 'valid-lifetime': 9000, 'hooks-libraries': [{ library: 'marker.mjs', parameters: { tag: 'reloaded' } }] });
          const answer = await send('config-set', next);
          expect(answer).toEqual({ result: 0, text: 'Configuration successful.', arguments: { hash: configHash(next) } });
          expect(t.agent.engine.config.lifetimes.valid).toBe(9000);
          expect((await send('config-get')).arguments).toEqual({ ...next, hash: configHash(next) });
          expect(await send('marker-get')).toEqual({ result: 0, text: 'reloaded' });
        });

        it("config-set takes config-get's answer back, hash and all", async () => {
          const t = get();
          const got = (await send('config-get')).arguments as { Dhcp6: Record<string, unknown>; hash: string };
          got.Dhcp6['valid-lifetime'] = 8500;
          expect(await send('config-set', got)).toMatchObject({ result: 0, text: 'Configuration successful.' });
          expect(t.agent.engine.config.lifetimes.valid).toBe(8500);
          expect(t.agent.config().raw).not.toHaveProperty('hash');
        });

        it('config-set with a bad value names its path and changes nothing', async () => {
          const t = get();
          const before = await snapshot(t);
          const bad = changed(t, { subnet6: [{ id: 1, subnet: '2001:db8:1::/64', pools: [{ pool: '2001:db8:9::/80' }] }] });
          const answer = await send('config-set', bad);
          expect(answer).toEqual({ result: 1, text: 'Dhcp6.subnet6[0].pools[0].pool: "2001:db8:9::/80" is not inside subnet 2001:db8:1::/64' });
          await expectUntouched(t, before);
        });

        it('config-set with a hook library that fails to load changes nothing; the running libraries stay', async () => {
          const t = get();
          const before = await snapshot(t);
          const answer = await send('config-set', changed(t, { 'hooks-libraries': [{ library: 'marker.mjs', parameters: { tag: 'new' } }, { library: 'fails-to-load.mjs' }] }));
          expect(answer.result).toBe(1);
          expect(answer.text).toMatch(/^Dhcp6\.hooks-libraries\[1\].*cannot open its database/);
          await expectUntouched(t, before);
        });

        it('config-set that a dhcp6_srv_configured callout drops changes nothing and says why', async () => {
          const t = get();
          const before = await snapshot(t);
          const answer = await send('config-set', changed(t, { 'valid-lifetime': 9000, 'hooks-libraries': [{ library: 'refuses.mjs' }] }));
          expect(answer).toEqual({ result: 1, text: 'dhcp6_srv_configured: the refuse library says no' });
          await expectUntouched(t, before);
          expect((await send('refuse-get')).result).toBe(2);
        });

        it('config-set refuses a change of the lease database (it needs a restart)', async () => {
          const t = get();
          const before = await snapshot(t);
          const answer = await send('config-set', changed(t, { 'lease-database': { type: 'postgresql', name: 'elsewhere' } }));
          expect(answer).toEqual({ result: 1, text: 'Dhcp6.lease-database: changing the lease database requires a restart' });
          await expectUntouched(t, before);
        });

        it('config-reload applies the configuration file as it is now', async () => {
          const t = get();
          const next = { Dhcp6: { ...t.baseConfig.Dhcp6, 'valid-lifetime': 7000 } };
          await writeFile(t.configFile, JSON.stringify(next));
          const answer = await send('config-reload');
          expect(answer).toEqual({ result: 0, text: 'Configuration successful.', arguments: { hash: configHash(next) } });
          expect(t.agent.engine.config.lifetimes.valid).toBe(7000);
        });

        it('config-reload of a broken file says where it is broken and changes nothing', async () => {
          const t = get();
          const before = await snapshot(t);
          await writeFile(t.configFile, '{ "Dhcp6": { "valid-lifetime": 7000, } ');
          const answer = await send('config-reload');
          expect(answer.result).toBe(1);
          expect(answer.text).toMatch(new RegExp(`^Config reload failed: ${t.configFile.replace(/[.]/g, '\\.')}:\\d+:\\d+: `));
          await expectUntouched(t, before);
        });

        it('config-reload of a missing file changes nothing', async () => {
          const t = get();
          const before = await snapshot(t);
          await rm(t.configFile);
          const answer = await send('config-reload');
          expect(answer).toEqual({ result: 1, text: `Config reload failed: ${t.configFile}: cannot read the configuration file: ENOENT` });
          await expectUntouched(t, before);
        });

        it('config-write writes the running configuration over the configuration file, atomically, keeping its mode', async () => {
          const t = get();
          await chmod(t.configFile, 0o640);
          expect((await send('subnet6-add', { subnet6: [{ id: 3, subnet: '2001:db8:3::/64' }] })).result).toBe(0);
          const answer = await send('config-write');
          const text = await readFile(t.configFile, 'utf8');
          expect(answer).toEqual({
            result: 0,
            text: `Configuration written to ${t.configFile} successfully`,
            arguments: { filename: t.configFile, size: Buffer.byteLength(text) },
          });
          expect(JSON.parse(text)).toEqual(t.agent.config().raw);
          expect(JSON.parse(text).Dhcp6.subnet6).toContainEqual({ id: 3, subnet: '2001:db8:3::/64' });
          expect((await lstat(t.configFile)).mode & 0o777).toBe(0o640);
          expect((await readdir(t.dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
        });

        it("config-write writes another file in the configuration file's directory", async () => {
          const t = get();
          for (const filename of ['saved.json', join(t.dir, 'saved-2.json')]) {
            const answer = await send('config-write', { filename });
            const path = join(t.dir, filename.replace(`${t.dir}/`, ''));
            expect(answer).toMatchObject({ result: 0, arguments: { filename: path } });
            expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(t.agent.config().raw);
          }
        });

        it("config-write refuses a file outside the configuration file's directory, and names the directory", async () => {
          const t = get();
          const outside = await mkdtemp(join(tmpdir(), 'd6outside-'));
          try {
            await symlink(outside, join(t.dir, 'link'));
            for (const filename of [join(outside, 'x.json'), '../x.json', 'hooks/x.json', 'link/x.json']) {
              const answer = await send('config-write', { filename });
              expect(answer.result, filename).toBe(1);
              expect(answer.text).toMatch(/^invalid value specified for parameter 'filename': .* is not in the configuration directory .*; config-write writes only there$/);
            }
            expect(await readdir(outside)).toEqual([]);
          } finally {
            await rm(join(t.dir, 'link'), { force: true });
            await rm(outside, { recursive: true, force: true });
          }
        });

        it('config-write refuses a missing directory, something that is not a file, and a filename that is not a string', async () => {
          expect(await send('config-write', { filename: 'nowhere/x.json' })).toMatchObject({
            result: 1,
            text: expect.stringMatching(/^invalid value specified for parameter 'filename': the directory .*\/nowhere does not exist$/),
          });
          expect(await send('config-write', { filename: 'control.sock' })).toMatchObject({
            result: 1,
            text: expect.stringMatching(/^invalid value specified for parameter 'filename': .*\/control\.sock exists and is not a regular file$/),
          });
          expect(await send('config-write', { filename: 7 })).toEqual({ result: 1, text: "invalid type specified for parameter 'filename'" });
          expect(await send('config-write', { filename: '' })).toEqual({ result: 1, text: "parameter 'filename' must not be empty" });
        });
      });
    }
  },
  { hookFiles: HOOK_FILES },
);
