// The command processor itself: dispatch, Kea's answers to malformed requests, handlers that
// fail, commands registered by hook libraries (through the real HooksLibraries) and the
// command_processed hook point.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_COMMANDS } from '../../src/commands/built-in.js';
import { libraryCommandSource } from '../../src/commands/library-commands.js';
import { openApiDocument } from '../../src/commands/openapi.js';
import { CommandProcessor } from '../../src/commands/processor.js';
import { BUILTIN_COMMANDS, isBuiltinCommand } from '../../src/commands/registry.js';
import type { CommandAnswer, CommandDefinition, ExtraCommand } from '../../src/commands/types.js';
import { versionInfo } from '../../src/commands/version-info.js';
import type { CommandResponse } from '../../src/hooks/library-api.js';
import { forEachDriver } from '../helpers/stores.js';
import { library, newHooks, ProgrammableLibraries } from '../hooks/programmable-library.js';
import { recordingLog, testAgent } from './test-agent.js';

forEachDriver('command processor', (getStore, driver) => {
  describe('built-in commands', () => {
    const processor = new CommandProcessor({ agent: testAgent(getStore), log: recordingLog() });

    it('lists every command in order, as list-commands', async () => {
      const answer = await processor.handle({ command: 'list-commands' });
      expect(answer.result).toBe(0);
      expect(answer.arguments).toEqual(BUILTIN_COMMANDS.map((c) => c.name).sort());
      expect(answer.arguments).toEqual(expect.arrayContaining(['lease6-add', 'reservation-get-page', 'stat-lease6-get', 'version-get']));
    });

    it("answers version-get with the package version and, extended, the runtime and the database in use", async () => {
      const answer = await processor.handle({ command: 'version-get' });
      expect(answer).toMatchObject({ result: 0, text: versionInfo().version });
      const extended = (answer.arguments as { extended: string }).extended;
      expect(extended.split('\n').slice(0, 4)).toEqual([versionInfo().version, 'npm package', 'linked with:', `Node.js ${process.version}`]);
      expect(extended).toContain(driver.kind === 'pg' ? 'PostgreSQL backend, pg' : 'PGlite embedded backend');
      expect(extended).toMatch(/\(in use\)/);
    });

    it('answers build-report with the dependency versions', async () => {
      const answer = await processor.handle({ command: 'build-report' });
      expect(answer.result).toBe(0);
      expect(answer.text).toContain(`fastify ${versionInfo().dependencies.fastify}`);
    });

    it("answers an unknown command with result 2 in Kea's words", async () => {
      expect(await processor.handle({ command: 'frobnicate' })).toEqual({ result: 2, text: "'frobnicate' command not supported." });
    });
  });

  describe('failures', () => {
    const log = recordingLog();
    const boom: CommandDefinition = {
      name: 'boom',
      description: 'fails',
      schema: { type: 'object' },
      async handle() {
        throw new Error('database is on fire');
      },
    };
    const processor = new CommandProcessor({ agent: testAgent(getStore), log, commands: [...BUILT_IN_COMMANDS, boom] });

    it('answers result 1 when a handler throws, logs it, and shows no stack trace', async () => {
      expect(await processor.handle({ command: 'boom' })).toEqual({ result: 1, text: 'Error during command processing: database is on fire' });
      expect(log.lines.find((l) => l.level === 'error')).toMatchObject({ msg: 'command handler failed', obj: { command: 'boom' } });
    });

    it('answers result 1 when an extra command returns no answer or throws', async () => {
      const extras = new Map<string, ExtraCommand>([
        ['vague', { name: 'vague', handler: () => 'done' as unknown as CommandAnswer }],
        ['fragile', { name: 'fragile', library: 'lib.js', handler: () => { throw new Error('snapped'); } }],
      ]);
      const withExtras = new CommandProcessor({ agent: testAgent(getStore), log, libraryCommands: { get: (n) => extras.get(n), list: () => extras.values() } });
      expect(await withExtras.handle({ command: 'vague' })).toEqual({ result: 1, text: "the handler of 'vague' returned an invalid answer" });
      expect(await withExtras.handle({ command: 'fragile' })).toEqual({ result: 1, text: 'Error during command processing: snapped' });
    });

    it('answers success for a committed reservation change even when the engine cannot reload, and logs it', async () => {
      const agent = { ...testAgent(getStore), reservationsChanged: async () => Promise.reject(new Error('index busy')) };
      const p = new CommandProcessor({ agent, log });
      const reservation = { 'subnet-id': 1, duid: '0a:0b:0c', 'ip-addresses': ['2001:db8:1::77'] };
      expect(await p.handle({ command: 'reservation-add', arguments: { reservation } })).toEqual({ result: 0, text: 'Host added.' });
      expect(await getStore().hosts.getAll(1)).toHaveLength(1);
      expect(log.lines.find((l) => l.level === 'error' && /could not reload its reservations/.test(l.msg))?.obj).toMatchObject({ command: 'reservation-add' });
    });

    it('refuses a registry naming a command twice, and a schema that does not compile', () => {
      expect(() => new CommandProcessor({ agent: testAgent(getStore), log, commands: [boom, boom] })).toThrow(/boom is defined twice/);
      const broken = { ...boom, name: 'broken', schema: { type: 'no-such-type' } };
      expect(() => new CommandProcessor({ agent: testAgent(getStore), log, commands: [broken] })).toThrow();
    });
  });

  describe('hook libraries', () => {
    // The fixture library finds its test through a global: claim it when this block runs.
    let test: ProgrammableLibraries;
    beforeAll(() => {
      test = new ProgrammableLibraries();
    });
    const { hooks } = newHooks();
    const log = recordingLog();
    const processor = new CommandProcessor({ agent: testAgent(getStore, { hooks: hooks.runner }), log, libraryCommands: libraryCommandSource(hooks) });
    const load = async (...libs: ReturnType<typeof library>[]) => hooks.commit(await hooks.prepare(libs));
    afterEach(async () => {
      await hooks.unloadAll();
      test.commandAnswer = (tag, name) => ({ result: 0, text: `${name} answered by ${tag}` });
    });
    afterAll(async () => {
      await hooks.unloadAll();
    });

    it("dispatches and lists a library's command, and drops it when the library unloads", async () => {
      await load(library('a', [], { commands: ['sync-leases'] }));
      expect(await processor.handle({ command: 'sync-leases', arguments: { x: 1 } })).toEqual({ result: 0, text: 'sync-leases answered by a' });
      expect((await processor.handle({ command: 'list-commands' })).arguments).toContain('sync-leases');
      const doc = openApiDocument(processor.definitions(), processor.extraCommands()) as { components: { schemas: Record<string, { description: string }> } };
      expect(doc.components.schemas['sync-leases'].description).toBe('Registered by the hook library programmable.js.');
      await hooks.unloadAll();
      expect(await processor.handle({ command: 'sync-leases' })).toEqual({ result: 2, text: "'sync-leases' command not supported." });
      expect((await processor.handle({ command: 'list-commands' })).arguments).not.toContain('sync-leases');
    });

    it("checks a library command's arguments against the schema it registered", async () => {
      await load(library('a', [], { commands: ['sync-leases'], schema: { type: 'object', required: ['peer'], properties: { peer: { type: 'string' } } } }));
      expect(await processor.handle({ command: 'sync-leases' })).toEqual({ result: 1, text: "missing parameter 'peer'" });
      expect(await processor.handle({ command: 'sync-leases', arguments: { peer: 7 } })).toEqual({ result: 1, text: "invalid type specified for parameter 'peer'" });
      expect((await processor.handle({ command: 'sync-leases', arguments: { peer: 'b' } })).result).toBe(0);
    });

    it("passes on the library wrapper's answer when a library command gives none", async () => {
      await load(library('a', [], { commands: ['sync-leases'] }));
      test.commandAnswer = () => 'done' as unknown as CommandResponse;
      expect(await processor.handle({ command: 'sync-leases' })).toMatchObject({ result: 1 });
    });

    it('runs command_processed after each command, and sends the response a callout leaves', async () => {
      await load(library('audit', ['command_processed']));
      test.on('audit', 'command_processed', (handle) => {
        const h = handle as unknown as { getArgument(n: string): unknown; setArgument(n: string, v: unknown): void };
        const response = h.getArgument('response') as { result: number; text?: string };
        h.setArgument('response', { ...response, text: `${response.text} (audited)` });
      });
      expect(await processor.handle({ command: 'frobnicate', arguments: { a: 1 } })).toEqual({ result: 2, text: "'frobnicate' command not supported. (audited)" });
      const call = test.calls.find((c) => c.point === 'command_processed');
      expect(call?.args).toMatchObject({ name: 'frobnicate', arguments: { a: 1 }, response: { result: 2 } });
    });

    it('keeps the original response when a callout sets one that is not an answer', async () => {
      await load(library('audit', ['command_processed']));
      test.on('audit', 'command_processed', (handle) => {
        (handle as unknown as { setArgument(n: string, v: unknown): void }).setArgument('response', 42);
      });
      expect(await processor.handle({ command: 'frobnicate' })).toEqual({ result: 2, text: "'frobnicate' command not supported." });
      expect(log.lines.some((l) => l.level === 'error' && /not a command answer/.test(l.msg))).toBe(true);
    });

    it('reserves the built-in command names', () => {
      expect(isBuiltinCommand('lease6-get')).toBe(true);
      expect(isBuiltinCommand('sync-leases')).toBe(false);
    });
  });
});
