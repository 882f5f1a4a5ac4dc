import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configErrorOf, parseDhcp6 } from './dhcp6-config.js';

describe('control sockets', () => {
  it('reads Kea 2.x control-socket (unix) and resolves a relative socket-name', () => {
    const c = parseDhcp6({ 'control-socket': { 'socket-type': 'unix', 'socket-name': 'run/agent.sock', comment: 'cli' } }, '/etc/agent');
    expect(c.controlSockets).toEqual([{ socketType: 'unix', socketName: '/etc/agent/run/agent.sock' }]);
  });

  it('reads Kea 3 control-sockets with unix and http, with Kea\'s http defaults', () => {
    const c = parseDhcp6({
      'control-sockets': [
        { 'socket-type': 'unix', 'socket-name': '/run/dhcp6.sock' },
        { 'socket-type': 'http' },
        { 'socket-type': 'http', 'socket-address': '::1', 'socket-port': 8443, 'cert-required': false },
      ],
    });
    expect(c.controlSockets).toEqual([
      { socketType: 'unix', socketName: '/run/dhcp6.sock' },
      { socketType: 'http', socketAddress: '127.0.0.1', socketPort: 8000, certRequired: true },
      { socketType: 'http', socketAddress: '::1', socketPort: 8443, certRequired: false },
    ]);
  });

  it('reads TLS files relative to the configuration directory', () => {
    const c = parseDhcp6({
      'control-sockets': [{
        'socket-type': 'https', 'socket-port': 8443, 'trust-anchor': 'tls/ca.pem', 'cert-file': 'tls/cert.pem', 'key-file': '/keys/key.pem',
      }],
    }, '/etc/agent');
    expect(c.controlSockets[0]).toEqual({
      socketType: 'http', socketAddress: '127.0.0.1', socketPort: 8443, certRequired: true,
      trustAnchor: '/etc/agent/tls/ca.pem', certFile: '/etc/agent/tls/cert.pem', keyFile: '/keys/key.pem',
    });
  });

  it('refuses bad control socket settings with their paths', () => {
    expect(configErrorOf({ 'control-socket': { 'socket-type': 'tcp' } }).message).toBe(
      'Dhcp6.control-socket.socket-type: "tcp" is not a control socket type: use "unix", "http" or "https"',
    );
    expect(configErrorOf({ 'control-socket': { 'socket-type': 'unix' } }).message).toBe('Dhcp6.control-socket.socket-name: required but missing');
    expect(configErrorOf({ 'control-sockets': [{ 'socket-type': 'http', 'socket-address': 'localhost' }] }).message).toBe(
      'Dhcp6.control-sockets[0].socket-address: "localhost" is not an IPv4 or IPv6 address',
    );
    expect(configErrorOf({ 'control-sockets': [{ 'socket-type': 'http', 'socket-port': 0 }] }).path).toBe('Dhcp6.control-sockets[0].socket-port');
    expect(configErrorOf({ 'control-sockets': [{ 'socket-type': 'unix', 'socket-name': '/run/x.sock', 'socket-port': 1 }] }).message).toBe(
      "Dhcp6.control-sockets[0].socket-port: applies to http sockets only",
    );
    expect(configErrorOf({ 'control-sockets': [{ 'socket-type': 'http', 'socket-name': '/run/x.sock' }] }).message).toBe(
      'Dhcp6.control-sockets[0].socket-name: applies to unix sockets only',
    );
  });

  it('refuses control-socket together with control-sockets, and two sockets in one place', () => {
    const unix = { 'socket-type': 'unix', 'socket-name': '/run/x.sock' };
    expect(configErrorOf({ 'control-socket': unix, 'control-sockets': [unix] }).path).toBe('Dhcp6.control-sockets');
    expect(configErrorOf({ 'control-sockets': [unix, unix] }).message).toBe(
      'Dhcp6.control-sockets[1]: listens where an earlier control socket already listens',
    );
    expect(configErrorOf({ 'control-sockets': [{ 'socket-type': 'http' }, { 'socket-type': 'http', 'socket-port': 8000 }] }).path).toBe(
      'Dhcp6.control-sockets[1]',
    );
  });

  it('refuses a unix socket path too long for sockaddr_un', () => {
    expect(configErrorOf({ 'control-socket': { 'socket-type': 'unix', 'socket-name': `/run/${'x'.repeat(110)}.sock` } }).path).toBe(
      'Dhcp6.control-socket.socket-name',
    );
  });

  it('requires all three TLS files or none', () => {
    expect(configErrorOf({ 'control-sockets': [{ 'socket-type': 'http', 'cert-file': 'c.pem', 'key-file': 'k.pem' }] }).message).toBe(
      "Dhcp6.control-sockets[0].trust-anchor: required when 'cert-file' and 'key-file' are given: TLS needs trust-anchor, cert-file and key-file",
    );
    expect(configErrorOf({ 'control-sockets': [{ 'socket-type': 'https' }] }).message).toBe(
      'Dhcp6.control-sockets[0].socket-type: "https" needs trust-anchor, cert-file and key-file',
    );
  });
});

describe('http basic authentication', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dhcp6-agent-auth-'));
    mkdirSync(join(dir, 'secrets'));
    writeFileSync(join(dir, 'secrets', 'user'), 'operator\n');
    writeFileSync(join(dir, 'secrets', 'pass'), 's3cret\n');
    writeFileSync(join(dir, 'secrets', 'both'), 'admin:pa:ss');
    writeFileSync(join(dir, 'secrets', 'nocolon'), 'admin');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const httpWith = (authentication: Record<string, unknown>) => ({ 'control-sockets': [{ 'socket-type': 'http', authentication }] });

  it('takes inline users and reads user-file / password-file relative to directory', () => {
    const c = parseDhcp6(httpWith({
      type: 'basic', realm: 'lab', directory: 'secrets',
      clients: [
        { user: 'alice', password: 'wonder' },
        { 'user-file': 'user', 'password-file': 'pass' },
        { 'password-file': 'both' },
      ],
    }), dir);
    const socket = c.controlSockets[0];
    expect(socket.socketType === 'http' && socket.authentication).toEqual({
      type: 'basic', realm: 'lab',
      clients: [{ user: 'alice', password: 'wonder' }, { user: 'operator', password: 's3cret' }, { user: 'admin', password: 'pa:ss' }],
    });
  });

  it('defaults the directory to the configuration directory and the realm to dhcp6-agent', () => {
    const c = parseDhcp6(httpWith({ type: 'basic', clients: [{ user: 'u', 'password-file': 'secrets/pass' }] }), dir);
    const socket = c.controlSockets[0];
    expect(socket.socketType === 'http' && socket.authentication).toEqual({ type: 'basic', realm: 'dhcp6-agent', clients: [{ user: 'u', password: 's3cret' }] });
  });

  it('says which file it cannot read', () => {
    const err = configErrorOf(httpWith({ type: 'basic', directory: 'secrets', clients: [{ user: 'u', 'password-file': 'missing' }] }), dir);
    expect(err.path).toBe('Dhcp6.control-sockets[0].authentication.clients[0].password-file');
    expect(err.problem).toBe(`cannot read ${join(dir, 'secrets', 'missing')}: ENOENT`);
  });

  it('refuses incomplete or contradictory clients', () => {
    const at = 'Dhcp6.control-sockets[0].authentication';
    expect(configErrorOf(httpWith({ type: 'basic', clients: [{ user: 'u' }] })).message).toBe(
      `${at}.clients[0].password: required but missing (or give 'password-file')`,
    );
    expect(configErrorOf(httpWith({ type: 'basic', clients: [{ password: 'p' }] })).path).toBe(`${at}.clients[0].user`);
    expect(configErrorOf(httpWith({ type: 'basic', clients: [{ user: 'a:b', password: 'p' }] })).message).toBe(
      `${at}.clients[0].user: the user "a:b" must not contain ':'`,
    );
    expect(configErrorOf(httpWith({ type: 'basic', clients: [{ user: 'u', 'user-file': 'f', password: 'p' }] })).message).toBe(
      `${at}.clients[0].user-file: cannot be given together with 'user'`,
    );
    expect(configErrorOf(httpWith({ type: 'basic', directory: 'secrets', clients: [{ 'password-file': 'nocolon' }] }), dir).message).toBe(
      `${at}.clients[0].password-file: must hold "user:password" when no user or user-file is given`,
    );
    expect(configErrorOf(httpWith({ type: 'basic', clients: [{ user: 'u', password: 'p' }, { user: 'u', password: 'q' }] })).message).toBe(
      `${at}.clients[1]: user "u" is listed more than once`,
    );
    expect(configErrorOf(httpWith({ type: 'basic', clients: [] })).path).toBe(`${at}.clients`);
    expect(configErrorOf(httpWith({ type: 'digest', clients: [] })).message).toBe(
      `${at}.type: "digest" is not supported: the only authentication type is "basic"`,
    );
  });
});
