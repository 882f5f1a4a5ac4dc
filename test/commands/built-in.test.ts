// list-commands, version-get and build-report over both control sockets, on both drivers.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_COMMANDS } from '../../src/commands/registry.js';
import { versionInfo } from '../../src/commands/version-info.js';
import { forEachDriver } from '../helpers/stores.js';
import { testAgent, testProcessor } from './test-agent.js';
import { startTransports, TRANSPORTS, type RunningTransports } from './transports.js';

forEachDriver('built-in commands', (getStore, driver) => {
  const processor = testProcessor(testAgent(getStore));
  let t: RunningTransports;
  beforeAll(async () => {
    t = await startTransports(processor);
  });
  afterAll(async () => {
    await t.stop();
  });

  for (const via of TRANSPORTS) {
    describe(`over ${via}`, () => {
      it('list-commands answers the sorted command names without a text, as Kea', async () => {
        expect(await t.send(via, { command: 'list-commands' })).toEqual({ result: 0, arguments: BUILTIN_COMMANDS.map((c) => c.name).sort() });
      });

      it('version-get answers the version and the database backend in use', async () => {
        const answer = await t.send(via, { command: 'version-get' });
        expect(answer).toMatchObject({ result: 0, text: versionInfo().version });
        const inUse = driver.kind === 'pg' ? /PostgreSQL backend, pg [\d.]+ \(in use\)/ : /PGlite embedded backend [\d.]+ \(in use\)/;
        expect((answer.arguments as { extended: string }).extended).toMatch(inUse);
      });

      it('build-report answers the build in its text', async () => {
        const answer = await t.send(via, { command: 'build-report' });
        expect(answer.result).toBe(0);
        expect(answer.text).toMatch(new RegExp(`^dhcp6-agent ${versionInfo().version.replace(/\./g, '\\.')}\\nNode\\.js v`));
      });

      it('refuses arguments that are not a map', async () => {
        expect(await t.send(via, { command: 'version-get', arguments: [] })).toEqual({ result: 1, text: "invalid type specified for parameter 'arguments': it must be a map" });
      });
    });
  }
});
