// The decoded form of DHCPv6 packets and options (RFC 8415 §8, §9, §21).
// Every option has a numeric `code` and a `kind` naming its shape; `encode(decode(b))`
// must give back `b` byte for byte, so shapes keep every field the wire carries.
// Options nobody registered (or that a shape cannot express exactly) stay `raw`.

export interface Dhcp6Message {
  kind: 'message';
  /** MSG.SOLICIT … MSG.INFORMATION_REQUEST (any 1-byte value other than 12/13 decodes here) */
  msgType: number;
  /** 24-bit transaction id */
  transactionId: number;
  options: Dhcp6Option[];
}

export interface Dhcp6RelayMessage {
  kind: 'relay';
  msgType: 12 | 13;
  hopCount: number;
  linkAddress: string;
  peerAddress: string;
  /** includes the RELAY_MSG option carrying the inner packet */
  options: Dhcp6Option[];
}

export type Dhcp6Packet = Dhcp6Message | Dhcp6RelayMessage;

/** CLIENTID (1) / SERVERID (2): the DUID bytes as sent (RFC 8415 §11). */
export interface DuidOption { kind: 'duid'; code: number; duid: Buffer }
/** IA_NA (3) and IA_PD (25): §21.4, §21.21 */
export interface IaOption { kind: 'ia'; code: number; iaid: number; t1: number; t2: number; options: Dhcp6Option[] }
/** IA_TA (4): §21.5 */
export interface IaTaOption { kind: 'ia_ta'; code: number; iaid: number; options: Dhcp6Option[] }
/** IAADDR (5): §21.6 */
export interface IaAddrOption { kind: 'iaaddr'; code: number; address: string; preferred: number; valid: number; options: Dhcp6Option[] }
/** IAPREFIX (26): §21.22; `prefix` is the address part, `prefixLen` its length */
export interface IaPrefixOption { kind: 'iaprefix'; code: number; preferred: number; valid: number; prefixLen: number; prefix: string; options: Dhcp6Option[] }
/** ORO (6): requested option codes in order */
export interface OroOption { kind: 'oro'; code: number; codes: number[] }
/** STATUS_CODE (13) */
export interface StatusCodeOption { kind: 'status'; code: number; status: number; message: string }
/** RELAY_MSG (9): the relayed packet, decoded */
export interface RelayMsgOption { kind: 'relay_msg'; code: number; packet: Dhcp6Packet }
/** Fixed-size unsigned integer options: PREFERENCE (8-bit), ELAPSED_TIME (16-bit), INFORMATION_REFRESH_TIME, SOL_MAX_RT, INF_MAX_RT (32-bit) */
export interface UintOption { kind: 'uint'; code: number; value: number }
/** Zero-length flag options: RAPID_COMMIT (14), RECONF_ACCEPT (20) */
export interface EmptyOption { kind: 'empty'; code: number }
/** Lists of IPv6 addresses: DNS_SERVERS (23), SNTP_SERVERS (31), … */
export interface AddressListOption { kind: 'addresses'; code: number; addresses: string[] }
/** Lists of domain names in RFC 1035 wire form: DOMAIN_LIST (24), … */
export interface DomainListOption { kind: 'domains'; code: number; domains: string[] }
/** Anything else, and every option whose bytes a shape cannot reproduce exactly. */
export interface RawOption { kind: 'raw'; code: number; data: Buffer }

export type Dhcp6Option =
  | DuidOption
  | IaOption
  | IaTaOption
  | IaAddrOption
  | IaPrefixOption
  | OroOption
  | StatusCodeOption
  | RelayMsgOption
  | UintOption
  | EmptyOption
  | AddressListOption
  | DomainListOption
  | RawOption
  | ExtraOption;

/**
 * Shapes the codec adds beyond the core ones above (USER_CLASS, VENDOR_CLASS, VENDOR_OPTS,
 * CLIENT_FQDN, CLIENT_LINKLAYER_ADDR, …). Declared in options-extra.ts by the codec.
 */
export type ExtraOption = import('./options-extra.js').ExtraOption;

/** Where a packet came from: set by the transport, read by the engine and hooks. */
export interface PacketOrigin {
  /** interface the packet arrived on (e.g. "eth0") */
  iface: string;
  ifindex: number;
  remoteAddress: string;
  remotePort: number;
  localAddress: string;
  localPort: number;
}

/** A decode failure: the packet is counted (pkt6-parse-failed) and dropped. */
export class Dhcp6DecodeError extends Error {
  constructor(readonly reason: string, readonly offset: number) {
    super(`malformed DHCPv6 packet at byte ${offset}: ${reason}`);
    this.name = 'Dhcp6DecodeError';
  }
}

/** A packet or option that cannot be put on the wire (a field out of range, a bad address). */
export class Dhcp6EncodeError extends Error {
  constructor(readonly reason: string) {
    super(`cannot encode DHCPv6 packet: ${reason}`);
    this.name = 'Dhcp6EncodeError';
  }
}
