// DHCPv6 over UDP (RFC 8415 §7.2, §18): port 547 on each configured interface, in plain node:dgram.
//
// Sockets are bound per interface, never one wildcard socket, so the engine always knows which
// link a packet came from (subnet selection depends on it):
//   - "multicast": bound to ff02::1:2%IF, member of that group on IF. A link-scoped multicast
//     address with a scope ties the socket to IF, so whatever it receives arrived on IF.
//   - "link-local": bound to fe80::…%IF port 547. Receives unicast to that address and sends every
//     reply to a packet that arrived on IF, so replies leave with the link-local source clients expect.
//   - "unicast": bound to the interface's configured global address (Kea's "eth0/2001:db8::1").
//     Relays send RELAY-FORW there; the RELAY-REPL leaves from the same address.
// Where a reply goes (client port 546 or relay port 547) is the handler's answer.

import dgram from 'node:dgram';
import { pino } from 'pino';
import type { InterfaceConfig } from '../config/types.js';
import { ALL_DHCP_RELAY_AGENTS_AND_SERVERS, SERVER_PORT } from '../dhcp6/constants.js';
import type { PacketOrigin } from '../dhcp6/types.js';
import { InterfaceError, resolveInterfaces, type InterfaceTable, type ServedInterface } from './interfaces.js';

export { InterfaceError, type ServedInterface } from './interfaces.js';

export interface UdpAnswer {
  data: Buffer;
  /** destination; a link-local address without %scope is sent out of the arrival interface */
  address: string;
  port: number;
}

export interface UdpHandler {
  (data: Buffer, origin: PacketOrigin): Promise<UdpAnswer | null> | UdpAnswer | null;
}

/** The subset of a pino logger the transport uses. */
export interface TransportLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OpenDhcp6SocketsOptions {
  logger?: TransportLogger;
  /** server port; 547 unless a test wants another */
  port?: number;
  /** how long to retry binding an address the kernel still holds as tentative (DAD), ms */
  bindWaitMs?: number;
  /** how long close() lets answers already being computed still be sent, ms */
  closeDrainMs?: number;
  /** interface table to resolve names against; os.networkInterfaces() unless given */
  interfaceTable?: InterfaceTable;
}

export interface UdpStats {
  received: number;
  sent: number;
  sendErrors: number;
  /** handler threw, rejected or answered something unsendable */
  handlerErrors: number;
}

export interface Dhcp6Sockets {
  /** Stops receiving, lets in-flight answers go out (bounded by closeDrainMs), then releases every port. */
  close(): Promise<void>;
  interfaces(): ServedInterface[];
  readonly stats: UdpStats;
}

type SocketKind = 'multicast' | 'link-local' | 'unicast';

interface BoundSocket {
  kind: SocketKind;
  iface: ServedInterface;
  socket: dgram.Socket;
  localAddress: string;
}

const DEFAULT_BIND_WAIT_MS = 3000;
const DEFAULT_CLOSE_DRAIN_MS = 1000;
/** reply() result when no datagram was sent: nothing for close() to wait for */
const NOTHING_SENT: Promise<void> = Promise.resolve();

function stripScope(address: string): string {
  const i = address.indexOf('%');
  return i < 0 ? address : address.slice(0, i);
}

/** Link-local unicast and link-/interface-scoped multicast need a zone to be routable. */
function needsScope(address: string): boolean {
  return /^fe[89ab][0-9a-f]:/i.test(address) || /^ff[0-9a-f][12]:/i.test(address);
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? String(err);
}

function bindOnce(address: string, port: number, reuseAddr: boolean): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp6', reuseAddr });
    const onError = (err: Error): void => {
      socket.removeListener('listening', onListening);
      closeQuietly(socket).then(() => reject(err), () => reject(err));
    };
    const onListening = (): void => {
      socket.removeListener('error', onError);
      resolve(socket);
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    socket.bind({ address, port, exclusive: true });
  });
}

/** Binds, retrying while the address is still tentative (EADDRNOTAVAIL during DAD, RFC 4862 §5.4). */
async function bindWithRetry(address: string, port: number, reuseAddr: boolean, waitMs: number): Promise<dgram.Socket> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await bindOnce(address, port, reuseAddr);
    } catch (err) {
      if (errorCode(err) !== 'EADDRNOTAVAIL' || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function closeQuietly(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      // ERR_SOCKET_DGRAM_NOT_RUNNING: already closed, nothing left to release.
      resolve();
    }
  });
}

function isAnswer(x: unknown): x is UdpAnswer {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  return (
    a.data instanceof Uint8Array &&
    typeof a.address === 'string' &&
    Number.isInteger(a.port) &&
    (a.port as number) > 0 &&
    (a.port as number) < 65536
  );
}

/**
 * Opens the DHCPv6 sockets of every configured interface and feeds each datagram to `handler`.
 * Throws InterfaceError naming the interface when one is missing, has no link-local address,
 * lacks its unicast address, or a port cannot be bound; nothing stays open then.
 */
export async function openDhcp6Sockets(
  interfaces: InterfaceConfig[],
  handler: UdpHandler,
  opts: OpenDhcp6SocketsOptions = {},
): Promise<Dhcp6Sockets> {
  const log: TransportLogger = opts.logger ?? pino({ name: 'dhcp6-udp' });
  const port = opts.port ?? SERVER_PORT;
  const bindWaitMs = opts.bindWaitMs ?? DEFAULT_BIND_WAIT_MS;
  const closeDrainMs = opts.closeDrainMs ?? DEFAULT_CLOSE_DRAIN_MS;
  const served = resolveInterfaces(interfaces, opts.interfaceTable);

  const stats: UdpStats = { received: 0, sent: 0, sendErrors: 0, handlerErrors: 0 };
  const bound: BoundSocket[] = [];
  const replySocketOf = new Map<string, dgram.Socket>();
  const inflight = new Set<Promise<void>>();
  let accepting = true;
  let released = false;
  let closing: Promise<void> | null = null;

  const open = async (kind: SocketKind, iface: ServedInterface, localAddress: string, bindAddress: string): Promise<BoundSocket> => {
    let socket: dgram.Socket;
    try {
      socket = await bindWithRetry(bindAddress, port, kind === 'multicast', bindWaitMs);
    } catch (err) {
      const hint = errorCode(err) === 'EADDRINUSE' ? ' (is another DHCPv6 server running?)' : '';
      throw new InterfaceError(iface.name, `cannot bind [${bindAddress}]:${port}: ${errorCode(err)}${hint}`);
    }
    const b: BoundSocket = { kind, iface, socket, localAddress };
    bound.push(b);
    socket.on('error', (err) => log.error({ err, iface: iface.name, socket: kind }, 'DHCPv6 socket error'));
    socket.on('message', (data, rinfo) => receive(b, data, rinfo));
    return b;
  };

  const receive = (b: BoundSocket, data: Buffer, rinfo: dgram.RemoteInfo): void => {
    if (!accepting) return;
    stats.received++;
    const origin: PacketOrigin = {
      iface: b.iface.name,
      ifindex: b.iface.ifindex,
      remoteAddress: stripScope(rinfo.address),
      remotePort: rinfo.port,
      localAddress: b.localAddress,
      localPort: port,
    };
    let result: ReturnType<UdpHandler>;
    try {
      result = handler(data, origin);
    } catch (err) {
      stats.handlerErrors++;
      log.error({ err, iface: origin.iface, from: origin.remoteAddress }, 'DHCPv6 handler threw; packet dropped');
      return;
    }
    if (result != null && typeof (result as Promise<unknown>).then === 'function') {
      track(
        (result as Promise<UdpAnswer | null>).then(
          (answer) => reply(b, origin, answer),
          (err: unknown) => {
            stats.handlerErrors++;
            log.error({ err, iface: origin.iface, from: origin.remoteAddress }, 'DHCPv6 handler rejected; packet dropped');
          },
        ),
      );
    } else {
      const sending = reply(b, origin, result as UdpAnswer | null);
      if (sending !== NOTHING_SENT) track(sending);
    }
  };

  /** Keeps answers being computed or sent in view of close(), which lets them finish. */
  const track = (p: Promise<void>): void => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  /** Sends the handler's answer; resolves once the datagram has left (or failed to). */
  const reply = (b: BoundSocket, origin: PacketOrigin, answer: UdpAnswer | null): Promise<void> => {
    if (answer === null || answer === undefined) return NOTHING_SENT;
    if (!isAnswer(answer)) {
      stats.handlerErrors++;
      log.error({ iface: origin.iface }, 'DHCPv6 handler answered without data/address/port; nothing sent');
      return NOTHING_SENT;
    }
    if (released) {
      log.debug({ iface: origin.iface, to: answer.address }, 'answer ready after sockets closed; not sent');
      return NOTHING_SENT;
    }
    // Answers to what came in on the interface's multicast or link-local socket leave from its
    // link-local address; answers to relayed (unicast) traffic leave from the address it was sent to.
    const socket = b.kind === 'unicast' ? b.socket : replySocketOf.get(b.iface.name)!;
    const address = answer.address.includes('%') || !needsScope(answer.address) ? answer.address : `${answer.address}%${origin.iface}`;
    const failed = (err: unknown): void => {
      stats.sendErrors++;
      log.warn({ err, iface: origin.iface, to: address, port: answer.port }, 'DHCPv6 send failed');
    };
    return new Promise((resolve) => {
      try {
        socket.send(answer.data, answer.port, address, (err) => {
          if (err) failed(err);
          else stats.sent++;
          resolve();
        });
      } catch (err) {
        failed(err);
        resolve();
      }
    });
  };

  const release = async (): Promise<void> => {
    released = true;
    await Promise.all(bound.map((b) => closeQuietly(b.socket)));
  };

  try {
    for (const iface of served) {
      const mc = await open('multicast', iface, ALL_DHCP_RELAY_AGENTS_AND_SERVERS, `${ALL_DHCP_RELAY_AGENTS_AND_SERVERS}%${iface.name}`);
      try {
        mc.socket.addMembership(ALL_DHCP_RELAY_AGENTS_AND_SERVERS, `::%${iface.name}`);
      } catch (err) {
        throw new InterfaceError(iface.name, `cannot join ${ALL_DHCP_RELAY_AGENTS_AND_SERVERS}: ${errorCode(err)}`);
      }
      const ll = await open('link-local', iface, iface.linkLocal, `${iface.linkLocal}%${iface.name}`);
      replySocketOf.set(iface.name, ll.socket);
      if (iface.unicast !== undefined) await open('unicast', iface, iface.unicast, iface.unicast);
    }
  } catch (err) {
    accepting = false;
    await release();
    throw err;
  }
  for (const iface of served) {
    log.debug({ iface: iface.name, ifindex: iface.ifindex, linkLocal: iface.linkLocal, unicast: iface.unicast, port }, 'DHCPv6 listening');
  }

  return {
    stats,
    interfaces: () => served.map((s) => ({ ...s })),
    close(): Promise<void> {
      closing ??= (async () => {
        accepting = false;
        if (inflight.size > 0) {
          let timer: NodeJS.Timeout | undefined;
          const timeout = new Promise<void>((r) => {
            timer = setTimeout(r, closeDrainMs);
          });
          await Promise.race([Promise.allSettled([...inflight]), timeout]);
          clearTimeout(timer);
        }
        await release();
      })();
      return closing;
    },
  };
}
