import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpControlSocket, type HttpControlSocketConfig } from '../../src/transport/http.js';
import { recordingLog } from '../commands/test-agent.js';
import { transportTestProcessor } from './control-commands.js';
import { makeTestCerts, type TestCerts } from './test-certs.js';

const PLAIN: HttpControlSocketConfig = { socketType: 'http', socketAddress: '127.0.0.1', socketPort: 0, certRequired: false };

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

async function post(url: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Reply> {
  const r = await fetch(url, { method: 'POST', headers, body });
  return { status: r.status, headers: Object.fromEntries(r.headers), body: await r.json() };
}

describe('HTTP control socket', () => {
  const running: HttpControlSocket[] = [];
  function make(config: Partial<HttpControlSocketConfig> = {}, bodyLimit?: number): HttpControlSocket {
    return new HttpControlSocket({ config: { ...PLAIN, ...config } as HttpControlSocketConfig, processor: transportTestProcessor(), log: recordingLog(), bodyLimit });
  }
  /** A started socket (stopped after the test) and its URL. */
  async function start(config: Partial<HttpControlSocketConfig> = {}, scheme = 'http'): Promise<{ socket: HttpControlSocket; url: string }> {
    const socket = make(config);
    running.push(socket);
    return { socket, url: await listen(socket, scheme) };
  }
  async function listen(socket: HttpControlSocket, scheme = 'http'): Promise<string> {
    await socket.start();
    return `${scheme}://127.0.0.1:${socket.address().port}/`;
  }
  afterEach(async () => {
    for (const s of running.splice(0)) await s.stop();
  });

  describe('requests', () => {
    const socket = make({}, 4096);
    let url: string;
    beforeAll(async () => {
      url = await listen(socket);
    });
    afterAll(async () => {
      await socket.stop();
    });

    it('answers a command with the bare answer', async () => {
      expect(await post(url, '{"command":"echo","arguments":{"x":1}}')).toMatchObject({ status: 200, body: { result: 0, text: 'echo', arguments: { x: 1 } } });
    });

    it('answers a list when the body names services, as kea-ctrl-agent does', async () => {
      expect((await post(url, '{"command":"echo","service":["dhcp6"]}')).body).toEqual([{ result: 0, text: 'echo', arguments: {} }]);
      expect((await post(url, '{"command":"echo","service":["dhcp6","dhcp4"]}')).body).toEqual([
        { result: 0, text: 'echo', arguments: {} },
        { result: 1, text: 'forwarding socket is not configured for the server type dhcp4' },
      ]);
      expect((await post(url, '{"command":"echo","service":"dhcp6"}')).body).toEqual([{ result: 1, text: 'service value must be a list' }]);
    });

    it('takes commands posted to any path, as Kea ignores it', async () => {
      expect((await post(`${url}dhcp6/commands`, '{"command":"echo"}')).body).toMatchObject({ result: 0 });
    });

    it.each([
      ['[1,2,3]', 'Error during command processing: Invalid command Element specified, expected map'],
      ['{"arguments":{}}', "Error during command processing: Invalid answer specified, does not contain mandatory 'command'"],
      ['{"command":["echo"]}', "Error during command processing: 'command' element in command message is not a string"],
      ['{"command":"echo","arguments":"x"}', "invalid type specified for parameter 'arguments': it must be a map"],
      ['{"command":"frobnicate"}', "'frobnicate' command not supported."],
    ])('answers %s with a command error, not an HTTP error', async (body, text) => {
      const r = await post(url, body);
      expect(r.status).toBe(200);
      expect((r.body as { text: string }).text).toBe(text);
    });

    it('answers 400 where Kea does: a body that is not JSON, or not sent as JSON, and anything but a POST', async () => {
      const notJson = await post(url, 'this is not json');
      expect(notJson.status).toBe(400);
      expect(notJson.body).toMatchObject({ result: 400, text: expect.stringMatching(/^Bad Request: /) });
      const plain = await post(url, '{"command":"echo"}', { 'content-type': 'text/plain' });
      expect([plain.status, plain.body]).toEqual([400, { result: 400, text: 'Bad Request: the command must be sent as Content-Type: application/json' }]);
      expect((await post(url, '', { 'content-type': 'application/json' })).body).toEqual({ result: 400, text: 'Bad Request: the body is empty' });
      const get = await fetch(url);
      expect(get.status).toBe(400);
      expect(await get.json()).toEqual({ result: 400, text: 'Bad Request: GET is not served here; POST a command as JSON' });
    });

    it('answers a body over the size limit with a command error naming the limit', async () => {
      const r = await post(url, JSON.stringify({ command: 'echo', arguments: { pad: 'x'.repeat(5000) } }));
      expect(r).toMatchObject({ status: 200, body: { result: 1, text: 'Error during command processing: the request body is larger than the limit of 4096 bytes' } });
    });

    it('serves its OpenAPI document', async () => {
      const r = await fetch(`${url}openapi.json`);
      const doc = (await r.json()) as { openapi: string; components: { schemas: Record<string, unknown> } };
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['echo', 'slow', 'list-commands']));
    });
  });

  describe('basic authentication', () => {
    const auth = { type: 'basic' as const, realm: 'kea-realm', clients: [{ user: 'admin', password: 'secret' }, { user: 'ops', password: 'pa:ss' }] };
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

    it('answers clients with good credentials', async () => {
      const { url } = await start({ authentication: auth });
      for (const [u, p] of [['admin', 'secret'], ['ops', 'pa:ss']]) {
        const r = await post(url, '{"command":"echo"}', { 'content-type': 'application/json', authorization: basic(u, p) });
        expect(r.status).toBe(200);
      }
    });

    it.each([
      ['missing', undefined],
      ['wrong password', basic('admin', 'wrong')],
      ['unknown user', basic('root', 'secret')],
      ['not basic', 'Bearer abc'],
    ])('refuses %s credentials with 401 and the realm', async (_what, authorization) => {
      const { url } = await start({ authentication: auth });
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      const r = await post(url, '{"command":"echo"}', headers);
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Basic realm="kea-realm"');
      expect(r.body).toEqual({ result: 401, text: 'Unauthorized' });
      expect((await fetch(`${url}openapi.json`)).status).toBe(401);
    });

    it('guards routes other modules register, and offers the same check for upgrade requests', async () => {
      const socket = make({ authentication: auth });
      running.push(socket);
      socket.register(async (app) => {
        app.get('/events', async () => ({ events: [] }));
      });
      const url = await listen(socket);
      expect((await fetch(`${url}events`)).status).toBe(401);
      expect(await (await fetch(`${url}events`, { headers: { authorization: basic('admin', 'secret') } })).json()).toEqual({ events: [] });
      expect(socket.authorize(basic('ops', 'pa:ss'))).toBe('ops');
      expect(socket.authorize(basic('ops', 'nope'))).toBeNull();
      expect(() => socket.register(async () => undefined)).toThrow(/before the HTTP control socket starts/);
    });
  });

  describe('TLS', () => {
    let certs: TestCerts;
    let dir: string;
    const file = (name: string) => certs.file(name);
    beforeAll(() => {
      certs = makeTestCerts();
      dir = certs.dir;
    });
    afterAll(() => certs.remove());

    const tlsConfig = (certRequired: boolean): Partial<HttpControlSocketConfig> => ({
      trustAnchor: file('ca.pem'),
      certFile: file('server.pem'),
      keyFile: file('server.key'),
      certRequired,
    });

    function httpsPost(url: string, opts: { cert?: string } = {}): Promise<Reply> {
      return new Promise((resolve, reject) => {
        const req = https.request(
          url,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            ca: readFileSync(file('ca.pem')),
            ...(opts.cert ? { cert: readFileSync(file(`${opts.cert}.pem`)), key: readFileSync(file(`${opts.cert}.key`)) } : {}),
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as unknown }));
          },
        );
        req.on('error', reject);
        req.end('{"command":"echo"}');
      });
    }

    it('serves HTTPS with the configured certificate, and refuses plain HTTP', async () => {
      const { url } = await start(tlsConfig(false), 'https');
      expect((await httpsPost(url)).body).toEqual({ result: 0, text: 'echo', arguments: {} });
      await expect(fetch(url.replace('https:', 'http:'), { method: 'POST', body: '{}' })).rejects.toThrow();
    });

    it('with cert-required, answers only clients with a certificate from the trust anchor', async () => {
      const { url } = await start(tlsConfig(true), 'https');
      expect((await httpsPost(url, { cert: 'client' })).status).toBe(200);
      await expect(httpsPost(url)).rejects.toThrow();
      await expect(httpsPost(url, { cert: 'rogue' })).rejects.toThrow();
    });

    it('takes a directory of CA files as trust anchor', async () => {
      const { url } = await start({ ...tlsConfig(true), trustAnchor: dir }, 'https');
      expect((await httpsPost(url, { cert: 'client' })).status).toBe(200);
    });

    it('names the file it cannot read', () => {
      expect(() => make({ ...tlsConfig(false), keyFile: file('missing.key') })).toThrow(
        /key-file .*missing\.key cannot be read: ENOENT/,
      );
    });
  });
});
