import { spawnSync } from 'node:child_process';
import { lstat, mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ControlSocketInUseError, UnixControlSocket } from '../../src/transport/unix.js';
import { recordingLog } from '../commands/test-agent.js';
import { unixExchange } from '../commands/transports.js';
import { transportTestProcessor } from './control-commands.js';

/** Parses the concatenated JSON answers of one connection. */
function answers(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe('unix control socket', () => {
  let dir: string;
  let path: string;
  const running: UnixControlSocket[] = [];

  async function start(opts: Partial<ConstructorParameters<typeof UnixControlSocket>[0]> = {}): Promise<UnixControlSocket> {
    const s = new UnixControlSocket({ path, processor: transportTestProcessor(), log: recordingLog(), ...opts });
    await s.start();
    running.push(s);
    return s;
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'd6unix-'));
    path = join(dir, 'ctl.sock');
  });
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers one command and closes the connection, as Kea does', async () => {
    await start();
    expect(answers(await unixExchange(path, '{"command": "echo", "arguments": {"a": 1}}'))).toEqual([{ result: 0, text: 'echo', arguments: { a: 1 } }]);
  });

  it('answers several commands written back to back on one connection, in order', async () => {
    await start();
    const text = await unixExchange(path, '{"command":"slow","arguments":{"ms":30}}{"command":"echo","arguments":{"n":2}}\n{"command":"frobnicate"}');
    expect(answers(text)).toEqual([
      { result: 0, text: 'slept 30 ms' },
      { result: 0, text: 'echo', arguments: { n: 2 } },
      { result: 2, text: "'frobnicate' command not supported." },
    ]);
  });

  it('keeps the connection for a command sent in pieces, and for the next one sent right after an answer', async () => {
    await start();
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const c = net.createConnection(path, () => c.write('{"command":'));
      c.setEncoding('utf8');
      setTimeout(() => c.write('"echo"}'), 20);
      c.on('data', (d: string) => {
        received.push(d);
        if (received.length === 1) c.write('{"command":"echo","arguments":{"second":true}}');
      });
      c.on('end', () => resolve());
      c.on('error', reject);
    });
    expect(answers(received.join(''))).toEqual([
      { result: 0, text: 'echo', arguments: {} },
      { result: 0, text: 'echo', arguments: { second: true } },
    ]);
  });

  it.each([
    ['this is not json', { result: 1, text: 'invalid first character t' }],
    ['[1,2,3]', { result: 1, text: 'Error during command processing: Invalid command Element specified, expected map' }],
    ['{"arguments": {}}', { result: 1, text: "Error during command processing: Invalid answer specified, does not contain mandatory 'command'" }],
    ['{"command": 5}', { result: 1, text: "Error during command processing: 'command' element in command message is not a string" }],
    ['{"command": "echo", "arguments": 5}', { result: 1, text: "invalid type specified for parameter 'arguments': it must be a map" }],
  ])('answers %s in Kea\'s words', async (payload, answer) => {
    await start();
    expect(answers(await unixExchange(path, payload))).toEqual([answer]);
  });

  it('answers a value that is not valid JSON and goes on with the next command', async () => {
    await start();
    const list = answers(await unixExchange(path, '{command: "echo"}{"command":"echo"}'));
    expect(list[0]).toMatchObject({ result: 1, text: expect.stringMatching(/^invalid JSON: /) });
    expect(list[1]).toEqual({ result: 0, text: 'echo', arguments: {} });
  });

  it('says so when the client closes in the middle of a command', async () => {
    await start();
    const text = await new Promise<string>((resolve, reject) => {
      let out = '';
      const c = net.createConnection(path, () => c.end('{"command": "echo"'));
      c.setEncoding('utf8');
      c.on('data', (d: string) => (out += d));
      c.on('end', () => resolve(out));
      c.on('error', reject);
    });
    expect(answers(text)).toEqual([{ result: 1, text: 'incomplete command: the connection was closed before the JSON value ended' }]);
  });

  it('closes a connection whose command stays half-written, saying what it discarded', async () => {
    await start({ idleTimeoutMs: 100 });
    const text = await new Promise<string>((resolve, reject) => {
      let out = '';
      const c = net.createConnection(path, () => c.write('{"command": "ec'));
      c.setEncoding('utf8');
      c.on('data', (d: string) => (out += d));
      c.on('end', () => resolve(out));
      c.on('error', reject);
    });
    expect(answers(text)).toEqual([{ result: 1, text: 'Connection over control channel timed out, discarded partial command of 15 characters' }]);
  });

  it('creates the socket file with mode 0600, or the mode asked for', async () => {
    await start();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await running.pop()!.stop();
    await start({ mode: 0o660 });
    expect((await stat(path)).mode & 0o777).toBe(0o660);
  });

  it('replaces a stale socket file left by a process that died', async () => {
    const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script]);
    expect((await lstat(path)).isSocket()).toBe(true);
    await start();
    expect(answers(await unixExchange(path, '{"command":"echo"}'))).toHaveLength(1);
  });

  it('refuses to start on a socket another process answers on, and leaves that one working', async () => {
    await start();
    const second = new UnixControlSocket({ path, processor: transportTestProcessor(), log: recordingLog() });
    await expect(second.start()).rejects.toBeInstanceOf(ControlSocketInUseError);
    expect(answers(await unixExchange(path, '{"command":"echo"}'))).toHaveLength(1);
  });

  it('refuses to replace a file that is not a socket', async () => {
    await writeFile(path, 'precious');
    const s = new UnixControlSocket({ path, processor: transportTestProcessor(), log: recordingLog() });
    await expect(s.start()).rejects.toThrow(/exists and is not a socket/);
    expect(await readFile(path, 'utf8')).toBe('precious');
  });

  it('finishes an answer in progress when stopped, then removes the socket file', async () => {
    const s = await start();
    running.pop();
    const pending = unixExchange(path, '{"command":"slow","arguments":{"ms":100}}');
    await new Promise((resolve) => setTimeout(resolve, 30));
    await s.stop();
    expect(answers(await pending)).toEqual([{ result: 0, text: 'slept 100 ms' }]);
    await expect(lstat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
