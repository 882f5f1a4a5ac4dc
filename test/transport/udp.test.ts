// DHCPv6 UDP transport on real sockets: the server side runs inside a network namespace
// (fixtures/udp-server.mjs around openDhcp6Sockets), clients and relays in a second one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDhcp6Sockets } from '../../src/transport/udp.js';
import { compileSources, REPO_ROOT, type CompiledSources } from '../e2e/compile-sources.js';
import { describeNetns, NetnsLab, type NsProcess, type ServerClient, type VethLink } from '../e2e/netns.js';

const FIXTURES = join(REPO_ROOT, 'test', 'transport', 'fixtures');
// SOLICIT-shaped: msg-type 1, transaction-id, then an ELAPSED_TIME option (code 8, len 2).
const SOLICIT = '01abcdef000800020000';
const RELAY_FORW = '0c00' + '00'.repeat(32);

describe('openDhcp6Sockets startup errors', () => {
  it('rejects an interface that does not exist, naming it', async () => {
    await expect(openDhcp6Sockets([{ name: 'nosuch-d6a0' }], () => null, { port: 0 })).rejects.toThrow(/interface 'nosuch-d6a0': no such interface/);
  });

  it('rejects an interface without an IPv6 link-local address, naming it', async () => {
    const table = { lo: [{ address: '::1', netmask: 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', family: 'IPv6' as const, mac: '00:00:00:00:00:00', internal: true, cidr: '::1/128', scopeid: 0 }] };
    await expect(openDhcp6Sockets([{ name: 'lo' }], () => null, { port: 0, interfaceTable: table })).rejects.toThrow(/interface 'lo': has no IPv6 link-local address/);
  });
});

describeNetns('DHCPv6 UDP transport between network namespaces', () => {
  const lab = new NetnsLab();
  let build: CompiledSources;
  let net: ServerClient;
  let second: VethLink;
  let server: NsProcess;
  const serverConfig = () => ({ interfaces: [{ name: 's0', unicast: '2001:db8:1::1' }, { name: 's1' }] });

  beforeAll(async () => {
    build = await compileSources(['src/transport/udp.ts']);
    net = await lab.serverClient({ global: true });
    second = await lab.addLink(net.server, 's1', net.client, 'c1');
    server = lab.spawn(net.server, process.execPath, [join(FIXTURES, 'udp-server.mjs'), build.js('src/transport/udp.ts'), JSON.stringify(serverConfig())]);
    await nextEvent('ready', 0);
  });

  afterAll(async () => {
    await lab.teardown();
    await build?.remove();
  });

  /** The first `event` line the server prints after output offset `since`. */
  async function nextEvent(event: string, since: number): Promise<Record<string, any>> {
    const m = await server.waitForOutput(new RegExp(`^\\{"event":"${event}".*$`, 'm'), { since });
    return JSON.parse(m[0]) as Record<string, any>;
  }

  async function command(line: string, event: string): Promise<Record<string, any>> {
    const since = server.mark();
    server.write(line + '\n');
    return nextEvent(event, since);
  }

  /** Runs the client fixture in the client namespace; resolves with its JSON answer line. */
  async function send(opts: { bind: { address: string; port: number }; to: { address: string; port: number }; hex: string; timeoutMs?: number }): Promise<Record<string, any>> {
    const p = lab.spawn(net.client, process.execPath, [join(FIXTURES, 'udp-client.mjs'), JSON.stringify(opts)]);
    await p.waitForExit(10_000);
    const line = p.stdout.trim().split('\n').at(-1);
    if (!line) throw new Error(`client printed nothing: ${p.describe()}`);
    return JSON.parse(line) as Record<string, any>;
  }

  const fromClient = (ifname: string, hex: string, timeoutMs?: number) =>
    send({ bind: { address: '::', port: 546 }, to: { address: `ff02::1:2%${ifname}`, port: 547 }, hex, timeoutMs });

  it('serves each configured interface with its ifindex, link-local and unicast address', async () => {
    const ready = await nextEvent('ready', 0);
    expect(ready.interfaces).toEqual([
      { name: 's0', ifindex: net.serverIf.ifindex, linkLocal: net.serverIf.linkLocal, unicast: '2001:db8:1::1' },
      { name: 's1', ifindex: second.a.ifindex, linkLocal: second.a.linkLocal },
    ]);
    expect((await command('stats', 'stats')).stats).toEqual({ received: 0, sent: 0, sendErrors: 0, handlerErrors: 0 });
  });

  it('hands a multicast SOLICIT to the handler with the arrival interface and addresses', async () => {
    const since = server.mark();
    const reply = await fromClient('c0', SOLICIT);
    const packet = await nextEvent('packet', since);
    expect(packet.hex).toBe(SOLICIT);
    expect(packet.origin).toEqual({
      iface: 's0',
      ifindex: net.serverIf.ifindex,
      remoteAddress: net.clientIf.linkLocal,
      remotePort: 546,
      localAddress: 'ff02::1:2',
      localPort: 547,
    });
    expect(reply.event).toBe('reply');
  });

  it('sends the answer from the link-local address to the client port 546', async () => {
    const reply = await fromClient('c0', SOLICIT);
    expect(reply).toEqual({ event: 'reply', from: `${net.serverIf.linkLocal}%c0`, port: 547, hex: '02' + SOLICIT.slice(2) });
  });

  it('receives unicast sent to the link-local address', async () => {
    const since = server.mark();
    const reply = await send({ bind: { address: '::', port: 546 }, to: { address: `${net.serverIf.linkLocal}%c0`, port: 547 }, hex: '05112233' });
    const packet = await nextEvent('packet', since);
    expect(packet.origin).toMatchObject({ iface: 's0', localAddress: net.serverIf.linkLocal, remoteAddress: net.clientIf.linkLocal });
    expect(reply).toMatchObject({ from: `${net.serverIf.linkLocal}%c0`, port: 547, hex: '07112233' });
  });

  it('takes relayed traffic on the unicast address and answers the relay on port 547 from that address', async () => {
    const since = server.mark();
    const reply = await send({ bind: { address: '2001:db8:1::2', port: 547 }, to: { address: '2001:db8:1::1', port: 547 }, hex: RELAY_FORW });
    const packet = await nextEvent('packet', since);
    expect(packet.origin).toEqual({
      iface: 's0',
      ifindex: net.serverIf.ifindex,
      remoteAddress: '2001:db8:1::2',
      remotePort: 547,
      localAddress: '2001:db8:1::1',
      localPort: 547,
    });
    expect(reply).toEqual({ event: 'reply', from: '2001:db8:1::1', port: 547, hex: '0d' + RELAY_FORW.slice(2) });
  });

  it('attributes packets to the interface they arrived on', async () => {
    const since = server.mark();
    const reply = await fromClient('c1', SOLICIT);
    const packet = await nextEvent('packet', since);
    expect(packet.origin).toMatchObject({ iface: 's1', ifindex: second.a.ifindex, remoteAddress: second.b.linkLocal });
    expect(reply).toMatchObject({ from: `${second.a.linkLocal}%c1`, port: 547 });
    expect(second.a.ifindex).not.toBe(net.serverIf.ifindex);
  });

  it('logs and drops packets whose handler throws, rejects or answers nothing, and keeps serving', async () => {
    const since = server.mark();
    expect((await fromClient('c0', 'f0aa', 500)).event).toBe('timeout');
    expect((await fromClient('c0', 'f1aa', 500)).event).toBe('timeout');
    expect((await fromClient('c0', 'f3aa', 500)).event).toBe('timeout');
    expect((await fromClient('c0', 'f4aa', 500)).event).toBe('timeout');
    expect((await fromClient('c0', SOLICIT)).event).toBe('reply');
    const logs = server.stdout.slice(since);
    expect(logs).toMatch(/"level":"error","msg":"DHCPv6 handler threw; packet dropped","err":"handler exploded"/);
    expect(logs).toMatch(/"level":"error","msg":"DHCPv6 handler rejected; packet dropped","err":"handler rejected"/);
    expect(server.exit).toBeNull();
  });

  it('counts what it received and sent', async () => {
    const before = (await command('stats', 'stats')).stats;
    await fromClient('c0', SOLICIT);
    await fromClient('c0', 'f3aa', 300);
    const after = (await command('stats', 'stats')).stats;
    expect(after.received - before.received).toBe(2);
    expect(after.sent - before.sent).toBe(1);
    expect(after.handlerErrors).toBeGreaterThanOrEqual(2);
    expect(after.sendErrors).toBe(0);
  });

  it('refuses a second server on the same ports with a clear error, leaving the first untouched', async () => {
    const r = await command(`try-open ${JSON.stringify({ interfaces: [{ name: 's0' }] })}`, 'try-open');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/interface 's0': cannot bind \[fe80::[0-9a-f:]+%s0\]:547: EADDRINUSE/);
    expect((await fromClient('c0', SOLICIT)).event).toBe('reply');
  });

  it('lets an answer that is being computed go out when closed', async () => {
    const since = server.mark();
    const replying = fromClient('c0', 'f2bb', 3000);
    await nextEvent('packet', since);
    const closed = command('close', 'closed');
    expect(await replying).toMatchObject({ event: 'reply', hex: '07bb' });
    await closed;
    expect((await fromClient('c0', SOLICIT, 500)).event).toBe('timeout');
  });

  it('releases every port on close, so the same addresses can be bound again', async () => {
    for (const [address, port] of [[`${net.serverIf.linkLocal}%s0`, 547], ['ff02::1:2%s0', 547], ['2001:db8:1::1', 547], [`${second.a.linkLocal}%s1`, 547]]) {
      const probe = await command(`probe-bind ${address} ${port}`, 'probe-bind');
      expect(probe, address as string).toMatchObject({ ok: true });
    }
    const ready = await command('open', 'ready');
    expect(ready.interfaces).toHaveLength(2);
    expect((await fromClient('c0', SOLICIT)).event).toBe('reply');
    expect((await fromClient('c1', SOLICIT)).event).toBe('reply');
  });

  it('closes what it had opened when a later interface fails to bind', async () => {
    await command('close', 'closed');
    expect(await command(`open ${JSON.stringify({ interfaces: [{ name: 's1' }] })}`, 'ready')).toMatchObject({ interfaces: [{ name: 's1' }] });
    const r = await command(`try-open ${JSON.stringify({ interfaces: [{ name: 's0' }, { name: 's1' }] })}`, 'try-open');
    expect(r).toMatchObject({ ok: false, name: 'InterfaceError' });
    expect(r.message).toMatch(/^interface 's1': cannot bind .*EADDRINUSE/);
    expect(await command(`probe-bind ${net.serverIf.linkLocal}%s0 547`, 'probe-bind')).toMatchObject({ ok: true });
    expect(await command('probe-bind ff02::1:2%s0 547', 'probe-bind')).toMatchObject({ ok: true });
  });
});
