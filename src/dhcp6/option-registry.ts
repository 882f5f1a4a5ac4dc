// The one table of options the codec knows: per code, Kea's name and the shape codec that
// decodes and encodes it. Codes not listed here stay raw.

import type { Dhcp6Option } from './types.js';
import { Dhcp6EncodeError } from './types.js';
import { OPT } from './constants.js';
import type { OptionCodec } from './option-codec.js';
import { RAW, DUID, IA, IA_TA, IAADDR, IAPREFIX, ORO, STATUS, RELAY_MSG, uintCodec, EMPTY, ADDRESSES, DOMAINS } from './option-codecs.js';
import { USER_CLASS, VENDOR_CLASS, VENDOR_OPTS, CLIENT_FQDN, LINKLAYER_ADDR, REMOTE_ID, OPAQUE, PD_EXCLUDE } from './option-codecs-extra.js';
import { findOptionDef } from './option-defs.js';

export interface OptionEntry {
  code: number;
  /** Kea's option name */
  name: string;
  codec: OptionCodec;
}

const UINT8 = uintCodec(1);
const UINT16 = uintCodec(2);
const UINT32 = uintCodec(4);

const TABLE: Array<[number, string, OptionCodec<any>]> = [
  [OPT.CLIENTID, 'clientid', DUID],
  [OPT.SERVERID, 'serverid', DUID],
  [OPT.IA_NA, 'ia-na', IA],
  [OPT.IA_TA, 'ia-ta', IA_TA],
  [OPT.IAADDR, 'iaaddr', IAADDR],
  [OPT.ORO, 'oro', ORO],
  [OPT.PREFERENCE, 'preference', UINT8],
  [OPT.ELAPSED_TIME, 'elapsed-time', UINT16],
  [OPT.RELAY_MSG, 'relay-msg', RELAY_MSG],
  [OPT.UNICAST, 'unicast', ADDRESSES],
  [OPT.STATUS_CODE, 'status-code', STATUS],
  [OPT.RAPID_COMMIT, 'rapid-commit', EMPTY],
  [OPT.USER_CLASS, 'user-class', USER_CLASS],
  [OPT.VENDOR_CLASS, 'vendor-class', VENDOR_CLASS],
  [OPT.VENDOR_OPTS, 'vendor-opts', VENDOR_OPTS],
  [OPT.INTERFACE_ID, 'interface-id', OPAQUE],
  [OPT.RECONF_MSG, 'reconf-msg', UINT8],
  [OPT.RECONF_ACCEPT, 'reconf-accept', EMPTY],
  [OPT.SIP_SERVERS_DNS, 'sip-server-dns', DOMAINS],
  [OPT.SIP_SERVERS_ADDR, 'sip-server-addr', ADDRESSES],
  [OPT.DNS_SERVERS, 'dns-servers', ADDRESSES],
  [OPT.DOMAIN_LIST, 'domain-search', DOMAINS],
  [OPT.IA_PD, 'ia-pd', IA],
  [OPT.IAPREFIX, 'iaprefix', IAPREFIX],
  [OPT.NIS_SERVERS, 'nis-servers', ADDRESSES],
  [OPT.NISP_SERVERS, 'nisp-servers', ADDRESSES],
  [OPT.NIS_DOMAIN_NAME, 'nis-domain-name', DOMAINS],
  [OPT.NISP_DOMAIN_NAME, 'nisp-domain-name', DOMAINS],
  [OPT.SNTP_SERVERS, 'sntp-servers', ADDRESSES],
  [OPT.INFORMATION_REFRESH_TIME, 'information-refresh-time', UINT32],
  [33, 'bcmcs-server-dns', DOMAINS],
  [34, 'bcmcs-server-addr', ADDRESSES],
  [OPT.REMOTE_ID, 'remote-id', REMOTE_ID],
  [OPT.SUBSCRIBER_ID, 'subscriber-id', OPAQUE],
  [OPT.CLIENT_FQDN, 'client-fqdn', CLIENT_FQDN],
  [40, 'pana-agent', ADDRESSES],
  [43, 'ero', ORO],
  [46, 'clt-time', UINT32],
  [48, 'lq-client-link', ADDRESSES],
  [51, 'v6-lost', DOMAINS],
  [52, 'capwap-ac-v6', ADDRESSES],
  // RFC 5460 §5.4.1: RELAY_ID carries the relay's DUID.
  [53, 'relay-id', DUID],
  [57, 'v6-access-domain', DOMAINS],
  [58, 'sip-ua-cs-list', DOMAINS],
  [64, 'aftr-name', DOMAINS],
  [65, 'erp-local-domain-name', DOMAINS],
  [OPT.PD_EXCLUDE, 'pd-exclude', PD_EXCLUDE],
  [OPT.CLIENT_LINKLAYER_ADDR, 'client-linklayer-addr', LINKLAYER_ADDR],
  [80, 'link-address', ADDRESSES],
  [OPT.SOL_MAX_RT, 'solmax-rt', UINT32],
  [OPT.INF_MAX_RT, 'inf-max-rt', UINT32],
  [88, 'dhcp4o6-server-addr', ADDRESSES],
  [135, 'relay-source-port', UINT16],
  [143, 'ipv6-address-andsf', ADDRESSES],
];

const BY_CODE: Array<OptionEntry | undefined> = [];
for (const [code, name, codec] of TABLE) BY_CODE[code] = { code, name, codec };

/** Every registered option, in code order. */
export const OPTION_ENTRIES: readonly OptionEntry[] = BY_CODE.filter((e): e is OptionEntry => e !== undefined);

export function optionEntry(code: number): OptionEntry | undefined {
  return BY_CODE[code];
}

/** Kea's name for an option code ("dns-servers"), or "option-<code>" when Kea has none. */
export function optionName(code: number): string {
  return BY_CODE[code]?.name ?? findOptionDef(code)?.name ?? `option-${code}`;
}

/** Codecs for shapes whose layout does not depend on the code; `uint` needs the code's width. */
const BY_KIND: Partial<Record<Dhcp6Option['kind'], OptionCodec<any>>> = {
  raw: RAW, duid: DUID, ia: IA, ia_ta: IA_TA, iaaddr: IAADDR, iaprefix: IAPREFIX, oro: ORO, status: STATUS,
  relay_msg: RELAY_MSG, empty: EMPTY, addresses: ADDRESSES, domains: DOMAINS, user_class: USER_CLASS,
  vendor_class: VENDOR_CLASS, vendor_opts: VENDOR_OPTS, client_fqdn: CLIENT_FQDN, linklayer_addr: LINKLAYER_ADDR,
  remote_id: REMOTE_ID, opaque: OPAQUE, pd_exclude: PD_EXCLUDE,
};

/** The codec that writes `o`: the code's own when the kinds agree, else the kind's. */
export function encoderFor(o: Dhcp6Option): OptionCodec {
  const entry = BY_CODE[o.code];
  if (entry !== undefined && entry.codec.kind === o.kind) return entry.codec;
  const codec = BY_KIND[o.kind];
  if (codec === undefined) {
    throw new Dhcp6EncodeError(`option ${o?.code} has kind '${String(o?.kind)}', which this code cannot carry`);
  }
  return codec;
}
