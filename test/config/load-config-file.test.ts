import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigFile } from '../../src/config/parse-config.js';
import { ConfigError } from '../../src/config/types.js';

const EXAMPLES = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../examples');

async function loadError(path: string): Promise<ConfigError> {
  const err = await loadConfigFile(path).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe('loadConfigFile', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dhcp6-agent-config-'));
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, 'etc', 'password'), 'pw\n');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves relative paths against the file\'s directory, not the working directory', async () => {
    const file = join(dir, 'etc', 'dhcp6.json');
    writeFileSync(file, `{ "Dhcp6": {
      "data-directory": "../var",
      "control-sockets": [
        { "socket-type": "unix", "socket-name": "agent.sock" },
        { "socket-type": "http", "authentication": { "type": "basic", "clients": [ { "user": "op", "password-file": "password" } ] } }
      ],
      "loggers": [ { "name": "kea-dhcp6", "output_options": [ { "output": "log/agent.log" } ] } ]
    } }`);
    const c = await loadConfigFile(file);
    expect(c.configFile).toBe(file);
    expect(c.dataDirectory).toBe(join(dir, 'var'));
    expect(c.leaseDatabase).toEqual({ type: 'embedded', dataDirectory: join(dir, 'var') });
    expect(c.controlSockets[0]).toEqual({ socketType: 'unix', socketName: join(dir, 'etc', 'agent.sock') });
    const http = c.controlSockets[1];
    expect(http.socketType === 'http' && http.authentication?.clients).toEqual([{ user: 'op', password: 'pw' }]);
    expect(c.logging[0].outputOptions[0].output).toEqual({ type: 'file', path: join(dir, 'etc', 'log', 'agent.log') });
  });

  it('reports syntax errors as file:line:col', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "Dhcp6": {\n  # comment\n  "valid-lifetime": 4000\n  "renew-timer": 1000\n} }\n');
    const err = await loadError(file);
    expect(err.path).toBe(`${file}:4:3`);
    expect(err.message).toBe(`${file}:4:3: unexpected '"': expected ',' or '}'`);
  });

  it('reports semantic errors with the JSON path', async () => {
    const file = join(dir, 'semantic.json');
    writeFileSync(file, '// Kea style\n{ "Dhcp6": { "subnet6": [ { "id": 1, "subnet": "2001:db8::/64", "pools": [ { "pool": "2001:db8::/129" } ] } ] } }');
    expect((await loadError(file)).message).toBe(
      'Dhcp6.subnet6[0].pools[0].pool: "2001:db8::/129" is not a valid prefix: prefix length 129 is over 128',
    );
  });

  it('says when the file cannot be read', async () => {
    const err = await loadError(join(dir, 'absent.json'));
    expect(err.message).toBe(`${join(dir, 'absent.json')}: cannot read the configuration file: ENOENT`);
  });
});

describe('example configurations', () => {
  it('examples/dhcp6.json is ready for a fresh machine with the embedded database', async () => {
    const c = await loadConfigFile(join(EXAMPLES, 'dhcp6.json'));
    expect(c.leaseDatabase).toEqual({ type: 'embedded', dataDirectory: join(EXAMPLES, 'data') });
    expect(c.interfaces).toEqual([]);
    expect(c.subnets.map((s) => [s.id, s.subnet, s.pools.length, s.pdPools.length])).toEqual([[1, '2001:db8:1::/64', 1, 1]]);
    expect(c.options.map((o) => o.name)).toEqual(['dns-servers']);
    expect(c.controlSockets).toEqual([
      { socketType: 'unix', socketName: join(EXAMPLES, 'dhcp6-agent.sock') },
      { socketType: 'http', socketAddress: '127.0.0.1', socketPort: 8000, certRequired: true },
    ]);
  });

  it('examples/kea-2.2.json (the recorded Kea server\'s configuration without memfile) parses', async () => {
    const c = await loadConfigFile(join(EXAMPLES, 'kea-2.2.json'));
    expect(c.subnets.map((s) => s.subnet)).toEqual(['2001:db8:1::/64', '2001:db8:2::/64']);
    expect(c.subnets[0].lifetimes).toMatchObject({ preferred: 3000, valid: 4000, renewTimer: 1000, rebindTimer: 2000 });
    expect(c.subnets[0].pdPools[0]).toMatchObject({ prefixLen: 40, delegatedLen: 56 });
    expect(c.serverId).toEqual({ type: 'LLT', persist: false });
    expect(c.controlSockets).toEqual([{ socketType: 'unix', socketName: '/tmp/kea/kea6.sock' }]);
    expect(c.logging[0]).toMatchObject({ name: 'kea-dhcp6', severity: 'WARN', pinoLevel: 'warn' });
  });
});
