// The stream is served with the control socket's own TLS and basic authentication.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { HttpControlSocketConfig } from '../../src/transport/http.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StreamClient } from './stream-client.js';
import { startRig, stopAllRigs } from './stream-rig.js';

const AUTH: Partial<HttpControlSocketConfig> = {
  authentication: { type: 'basic', realm: 'kea-events', clients: [{ user: 'ops', password: 's3cret' }] },
};
const basic = (userPass: string) => ({ authorization: `Basic ${Buffer.from(userPass).toString('base64')}` });

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'd6events-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=events-test-ca');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'server.ext');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

forEachDriver('lease event stream authentication', (getStore) => {
  afterEach(stopAllRigs);

  it('refuses to upgrade without credentials or with wrong ones, with 401 and the realm', async () => {
    const rig = await startRig(getStore(), { http: AUTH });
    for (const headers of [{}, basic('ops:wrong'), basic('nobody:s3cret')]) {
      const refused = await new StreamClient(rig.url, { headers }).refused;
      expect(refused?.status).toBe(401);
      expect(refused?.headers['www-authenticate']).toBe('Basic realm="kea-events"');
      expect(JSON.parse(refused!.body)).toEqual({ result: 401, text: 'Unauthorized' });
    }
    expect(rig.hub.subscriberCount).toBe(0);
  });

  it('streams to a client with the configured credentials', async () => {
    const rig = await startRig(getStore(), { http: AUTH });
    const c = new StreamClient(rig.url, { headers: basic('ops:s3cret') });
    await c.untilLive();
    await getStore().leases.apply([{ op: 'insert', lease: testLease(), event: 'added' }]);
    await c.untilEvents(1);
    expect(c.events[0]).toMatchObject({ seq: 1, type: 'added' });
  });

  it('checks the credentials of a plain GET of /events too', async () => {
    const rig = await startRig(getStore(), { http: AUTH });
    expect((await fetch(`http://127.0.0.1:${rig.port}/events`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${rig.port}/events`, { headers: basic('ops:s3cret') })).status).toBe(426);
  });

  it('streams over TLS with the control socket certificate and credentials', async () => {
    const rig = await startRig(getStore(), {
      http: { ...AUTH, certFile: file('server.pem'), keyFile: file('server.key'), trustAnchor: file('ca.pem'), certRequired: false },
    });
    expect(rig.url.startsWith('wss://')).toBe(true);
    const ca = readFileSync(file('ca.pem'));
    const refused = await new StreamClient(rig.url, { ca }).refused;
    expect(refused?.status).toBe(401);
    const c = new StreamClient(rig.url, { ca, headers: basic('ops:s3cret') });
    await c.untilLive();
    await getStore().leases.apply([{ op: 'insert', lease: testLease(), event: 'added' }]);
    await c.untilEvents(1);
    expect(c.events[0].lease!['ip-address']).toBe('2001:db8:1::100');
    // an unverifiable certificate is not accepted by a client that checks it
    const untrusting = new StreamClient(rig.url, { headers: basic('ops:s3cret') });
    await expect(untrusting.opened).rejects.toThrow();
  });
});
