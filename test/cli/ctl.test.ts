import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CTL_USAGE, runCtl } from '../../src/cli/ctl.js';
import { EVENTS_USAGE, runEvents } from '../../src/cli/events.js';
import { HttpControlSocket, type HttpControlSocketConfig } from '../../src/transport/http.js';
import { UnixControlSocket } from '../../src/transport/unix.js';
import { recordingLog } from '../commands/test-agent.js';
import { transportTestProcessor } from '../transport/control-commands.js';
import { makeTestCerts, type TestCerts } from '../transport/test-certs.js';

async function ctl(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runCtl(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe('dhcp6-agent ctl', () => {
  let dir: string;
  let certs: TestCerts;
  let unix: UnixControlSocket;
  let plain: HttpControlSocket;
  let tls: HttpControlSocket;
  const socketPath = () => join(dir, 'ctl.sock');
  const auth = { type: 'basic' as const, realm: 'agent', clients: [{ user: 'admin', password: 's3cret' }] };
  let tlsConfig: HttpControlSocketConfig;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'd6ctl-'));
    certs = makeTestCerts();
    unix = new UnixControlSocket({ path: socketPath(), processor: transportTestProcessor(), log: recordingLog() });
    await unix.start();
    plain = new HttpControlSocket({
      config: { socketType: 'http', socketAddress: '127.0.0.1', socketPort: 0, certRequired: false, authentication: auth },
      processor: transportTestProcessor(),
      log: recordingLog(),
    });
    await plain.start();
    tlsConfig = {
      socketType: 'http',
      socketAddress: '127.0.0.1',
      socketPort: 0,
      certRequired: true,
      trustAnchor: certs.file('ca.pem'),
      certFile: certs.file('server.pem'),
      keyFile: certs.file('server.key'),
    };
    tls = new HttpControlSocket({ config: tlsConfig, processor: transportTestProcessor(), log: recordingLog() });
    await tls.start();
  });
  afterAll(async () => {
    await unix.stop();
    await plain.stop();
    await tls.stop();
    certs.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints its usage on stdout and exits 0 for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      expect(await ctl(flag)).toEqual({ status: 0, stdout: CTL_USAGE, stderr: '' });
    }
    const events: string[] = [];
    expect(await runEvents(['--help'], { stdout: (t) => events.push(t), stderr: (t) => events.push(`stderr: ${t}`) })).toBe(0);
    expect(events).toEqual([EVENTS_USAGE]);
  });

  it('sends a command with its arguments over the unix socket and prints the answer', async () => {
    const r = await ctl('echo', '{"a": [1, 2]}', '--socket', socketPath());
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.stringify({ result: 0, text: 'echo', arguments: { a: [1, 2] } }, null, 2)}\n`);
  });

  it('exits 0 for result 3 (nothing found) and 1 for an error answer', async () => {
    expect((await ctl('nothing', '--socket', socketPath())).status).toBe(0);
    const unknown = await ctl('frobnicate', '--socket', socketPath());
    expect(unknown.status).toBe(1);
    expect(JSON.parse(unknown.stdout)).toEqual({ result: 2, text: "'frobnicate' command not supported." });
  });

  it('sends over HTTP with basic authentication from --user or the URL', async () => {
    const url = `http://127.0.0.1:${plain.address().port}/`;
    expect(JSON.parse((await ctl('echo', '--url', url, '--user', 'admin:s3cret')).stdout)).toMatchObject({ result: 0 });
    expect((await ctl('echo', '--url', url.replace('http://', 'http://admin:s3cret@'))).status).toBe(0);
    const refused = await ctl('echo', '--url', url, '--user', 'admin:wrong');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/HTTP 401: the agent refused the credentials/);
  });

  it('sends over HTTPS with a CA and a client certificate', async () => {
    const url = `https://127.0.0.1:${tls.address().port}/`;
    const ok = await ctl('echo', '--url', url, '--ca', certs.file('ca.pem'), '--cert', certs.file('client.pem'), '--key', certs.file('client.key'));
    expect(ok.status).toBe(0);
    const noCert = await ctl('echo', '--url', url, '--ca', certs.file('ca.pem'));
    expect(noCert.status).toBe(1);
    expect(noCert.stderr).toMatch(/cannot talk to the agent at https:/);
  });

  it("takes the socket from the agent's configuration file", async () => {
    const unixConfig = join(dir, 'unix.json');
    await writeFile(unixConfig, JSON.stringify({ Dhcp6: { 'control-socket': { 'socket-type': 'unix', 'socket-name': socketPath() } } }));
    expect((await ctl('echo', '--config', unixConfig)).status).toBe(0);
    const httpConfig = join(dir, 'http.json');
    const port = plain.address().port;
    const socket = { 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': port, authentication: { type: 'basic', realm: 'agent', clients: [{ user: 'admin', password: 's3cret' }] } };
    await writeFile(httpConfig, JSON.stringify({ Dhcp6: { 'control-sockets': [socket] } }));
    expect((await ctl('echo', '--config', httpConfig)).status).toBe(0);
  });

  it.each([
    [[], /COMMAND is missing/],
    [['echo'], /exactly one of --socket, --url, --config/],
    [['echo', '--socket', 'a', '--url', 'http://x/'], /exactly one of --socket, --url, --config/],
    [['echo', '[1]', '--socket', 'a'], /ARGS-JSON must be a JSON object/],
    [['echo', '{a}', '--socket', 'a'], /ARGS-JSON is not valid JSON/],
    [['echo', '--url', 'http://x/', '--cert', 'c.pem'], /--cert and --key go together/],
    [['echo', '--url', 'ftp://x/'], /--url must be http:\/\/ or https:\/\//],
    [['echo', '--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with usage and exit status 2', async (argv, message) => {
    const r = await ctl(...argv);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: dhcp6-agent ctl COMMAND');
  });

  it('says so when nothing listens on the socket', async () => {
    const r = await ctl('echo', '--socket', join(dir, 'absent.sock'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot talk to the agent at .*absent\.sock: ENOENT/);
  });
});
