// What the engine reads from a client's message once it is decoded and out of its relay
// chain, and the RFC 8415 §16 rules that make a server discard a message.
import { MSG, OPT } from '../dhcp6/constants.js';
import type { Dhcp6Message, Dhcp6Option, Dhcp6RelayMessage, IaOption, PacketOrigin } from '../dhcp6/types.js';
import type { ClientFqdnOption } from '../dhcp6/options-extra.js';
import { MAX_DUID_LENGTH, hwaddrFromDuid } from '../dhcp6/duid.js';
import { tryParseIpv6 } from '../dhcp6/ipv6.js';
import { stripZone } from './subnet-selection.js';

/** Kea's HWADDR_SOURCE_* (how a hardware address was learned), stored with the lease. */
export const HWADDR_SOURCE = { DUID: 0x0002, IPV6_LINK_LOCAL: 0x0004, CLIENT_ADDR_RELAY_OPTION: 0x0008 } as const;
const HTYPE_ETHERNET = 1;

export interface Hwaddr {
  bytes: Buffer;
  type: number;
  source: number;
}

export interface ClientMessage {
  message: Dhcp6Message;
  /** outermost first, as received */
  relays: Dhcp6RelayMessage[];
  /** the client's DUID; null only in an INFORMATION-REQUEST without one */
  clientId: Buffer | null;
  /** requested option codes (ORO), without duplicates */
  oro: number[];
  iaNa: IaOption[];
  iaPd: IaOption[];
  rapidCommit: boolean;
  fqdn: ClientFqdnOption | undefined;
}

/** Why a message is discarded; null when it may be processed. */
export type DiscardReason = string | null;

export function readClientMessage(message: Dhcp6Message, relays: Dhcp6RelayMessage[]): ClientMessage {
  let clientId: Buffer | null = null;
  let oro: number[] = [];
  const iaNa: IaOption[] = [];
  const iaPd: IaOption[] = [];
  let rapidCommit = false;
  let fqdn: ClientFqdnOption | undefined;
  for (const o of message.options) {
    switch (o.code) {
      case OPT.CLIENTID:
        if (o.kind === 'duid' && clientId === null) clientId = o.duid;
        break;
      case OPT.ORO:
        if (o.kind === 'oro') oro = o.codes.length > 1 ? [...new Set(o.codes)] : o.codes;
        break;
      case OPT.IA_NA:
        if (o.kind === 'ia') iaNa.push(o);
        break;
      case OPT.IA_PD:
        if (o.kind === 'ia') iaPd.push(o);
        break;
      case OPT.RAPID_COMMIT:
        rapidCommit = true;
        break;
      case OPT.CLIENT_FQDN:
        if (o.kind === 'client_fqdn') fqdn = o;
        break;
    }
  }
  return { message, relays, clientId, oro, iaNa, iaPd, rapidCommit, fqdn };
}

function count(options: readonly Dhcp6Option[], code: number): number {
  let n = 0;
  for (const o of options) if (o.code === code) n++;
  return n;
}

/**
 * RFC 8415 §16 (and kea-dhcp6's sanityCheck / testServerID): a message carrying a Server
 * Identifier other than ours is never for us; SOLICIT (§16.2), CONFIRM (§16.5) and REBIND
 * (§16.7) must not carry one; REQUEST, RENEW, RELEASE, DECLINE (§16.4, §16.6, §16.9,
 * §16.10) must carry ours; all but INFORMATION-REQUEST (§16.12) need a Client Identifier;
 * an INFORMATION-REQUEST must not carry an IA. Client and Server Identifier are singletons.
 */
export function discardReason(m: ClientMessage, serverDuid: Buffer): DiscardReason {
  const opts = m.message.options;
  const serverIds = count(opts, OPT.SERVERID);
  const clientIds = count(opts, OPT.CLIENTID);
  if (serverIds > 1) return 'more than one server identifier';
  if (clientIds > 1) return 'more than one client identifier';
  let serverId: Buffer | null = null;
  if (serverIds === 1) {
    const o = opts.find((x) => x.code === OPT.SERVERID)!;
    if (o.kind !== 'duid') return 'malformed server identifier';
    serverId = o.duid;
    if (!serverId.equals(serverDuid)) return 'server identifier names another server';
  }
  if (clientIds === 1) {
    if (m.clientId === null) return 'malformed client identifier';
    if (m.clientId.length < 2 || m.clientId.length > MAX_DUID_LENGTH) return `client identifier of ${m.clientId.length} bytes`;
  }
  switch (m.message.msgType) {
    case MSG.SOLICIT:
    case MSG.CONFIRM:
    case MSG.REBIND:
      if (m.clientId === null) return 'no client identifier';
      if (serverId !== null) return 'server identifier not allowed in this message';
      return null;
    case MSG.REQUEST:
    case MSG.RENEW:
    case MSG.RELEASE:
    case MSG.DECLINE:
      if (m.clientId === null) return 'no client identifier';
      if (serverId === null) return 'no server identifier';
      return null;
    case MSG.INFORMATION_REQUEST:
      if (m.iaNa.length > 0 || m.iaPd.length > 0 || count(opts, OPT.IA_TA) > 0) return 'IA option in an information-request';
      return null;
    default:
      return 'not a message a server accepts from a client';
  }
}

/**
 * kea-dhcp6's testUnicast: a client on the link sends SOLICIT, CONFIRM, REBIND and
 * INFORMATION-REQUEST to All_DHCP_Relay_Agents_and_Servers (RFC 8415 §18.2); one that
 * reached us by unicast is dropped. Relayed messages are unicast by nature.
 */
export function unicastNotAllowed(m: ClientMessage, origin: PacketOrigin): boolean {
  if (m.relays.length > 0) return false;
  const t = m.message.msgType;
  if (t !== MSG.SOLICIT && t !== MSG.CONFIRM && t !== MSG.REBIND && t !== MSG.INFORMATION_REQUEST) return false;
  const local = origin.localAddress;
  // An unknown local address (a transport that cannot tell) is not held against the client.
  if (!local) return false;
  return !/^ff/i.test(local);
}

/**
 * The client's hardware address: the Client Link-Layer Address option (RFC 6939) of the
 * relay closest to the client, else the one inside a DUID-LL/LLT, else the EUI-64 interface
 * identifier of its link-local source address (Kea's mac-sources "any", in that order).
 */
export function clientHwaddr(m: ClientMessage, origin: PacketOrigin): Hwaddr | null {
  if (m.relays.length > 0) {
    const inner = m.relays[m.relays.length - 1];
    for (const o of inner.options) {
      if (o.code === OPT.CLIENT_LINKLAYER_ADDR && o.kind === 'linklayer_addr' && o.address.length > 0) {
        return { bytes: o.address, type: o.linkType, source: HWADDR_SOURCE.CLIENT_ADDR_RELAY_OPTION };
      }
    }
  }
  if (m.clientId) {
    const hw = hwaddrFromDuid(m.clientId);
    if (hw) return { bytes: hw.bytes, type: hw.type, source: HWADDR_SOURCE.DUID };
  }
  const peer = m.relays.length > 0 ? m.relays[m.relays.length - 1].peerAddress : stripZone(origin.remoteAddress);
  const a = tryParseIpv6(peer);
  if (typeof a === 'bigint' && a >> 118n === 0x3fan && ((a >> 24n) & 0xffffn) === 0xfffen) {
    // RFC 4291 App. A: EUI-64 "ff:fe" in the middle, universal/local bit inverted.
    const iid = a & 0xffffffffffffffffn;
    const bytes = Buffer.alloc(6);
    bytes[0] = Number((iid >> 56n) & 0xffn) ^ 0x02;
    bytes[1] = Number((iid >> 48n) & 0xffn);
    bytes[2] = Number((iid >> 40n) & 0xffn);
    bytes[3] = Number((iid >> 16n) & 0xffn);
    bytes[4] = Number((iid >> 8n) & 0xffn);
    bytes[5] = Number(iid & 0xffn);
    return { bytes, type: HTYPE_ETHERNET, source: HWADDR_SOURCE.IPV6_LINK_LOCAL };
  }
  return null;
}
