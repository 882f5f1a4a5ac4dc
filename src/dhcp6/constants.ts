// RFC 8415 numbers (§7.3 message types, §21 options, §21.13 status codes, §11 DUID types)
// and the names Kea uses for them.

export const MSG = {
  SOLICIT: 1,
  ADVERTISE: 2,
  REQUEST: 3,
  CONFIRM: 4,
  RENEW: 5,
  REBIND: 6,
  REPLY: 7,
  RELEASE: 8,
  DECLINE: 9,
  RECONFIGURE: 10,
  INFORMATION_REQUEST: 11,
  RELAY_FORW: 12,
  RELAY_REPL: 13,
} as const;

/** Kea's message names (as in KEA_QUERY6_TYPE and logs), indexed by message type. */
export const MSG_NAMES: Record<number, string> = {
  1: 'SOLICIT',
  2: 'ADVERTISE',
  3: 'REQUEST',
  4: 'CONFIRM',
  5: 'RENEW',
  6: 'REBIND',
  7: 'REPLY',
  8: 'RELEASE',
  9: 'DECLINE',
  10: 'RECONFIGURE',
  11: 'INFORMATION_REQUEST',
  12: 'RELAY_FORWARD',
  13: 'RELAY_REPLY',
};

export const OPT = {
  CLIENTID: 1,
  SERVERID: 2,
  IA_NA: 3,
  IA_TA: 4,
  IAADDR: 5,
  ORO: 6,
  PREFERENCE: 7,
  ELAPSED_TIME: 8,
  RELAY_MSG: 9,
  AUTH: 11,
  UNICAST: 12,
  STATUS_CODE: 13,
  RAPID_COMMIT: 14,
  USER_CLASS: 15,
  VENDOR_CLASS: 16,
  VENDOR_OPTS: 17,
  INTERFACE_ID: 18,
  RECONF_MSG: 19,
  RECONF_ACCEPT: 20,
  SIP_SERVERS_DNS: 21,
  SIP_SERVERS_ADDR: 22,
  DNS_SERVERS: 23,
  DOMAIN_LIST: 24,
  IA_PD: 25,
  IAPREFIX: 26,
  NIS_SERVERS: 27,
  NISP_SERVERS: 28,
  NIS_DOMAIN_NAME: 29,
  NISP_DOMAIN_NAME: 30,
  SNTP_SERVERS: 31,
  INFORMATION_REFRESH_TIME: 32,
  CLIENT_FQDN: 39,
  REMOTE_ID: 37,
  SUBSCRIBER_ID: 38,
  PD_EXCLUDE: 67,
  CLIENT_LINKLAYER_ADDR: 79,
  SOL_MAX_RT: 82,
  INF_MAX_RT: 83,
  RELAY_SOURCE_PORT: 135,
} as const;

export const STATUS = {
  Success: 0,
  UnspecFail: 1,
  NoAddrsAvail: 2,
  NoBinding: 3,
  NotOnLink: 4,
  UseMulticast: 5,
  NoPrefixAvail: 6,
} as const;

export const DUID_TYPE = { LLT: 1, EN: 2, LL: 3, UUID: 4 } as const;

/** RFC 8415 §7.6: relays drop a message whose hop-count reached this. */
export const HOP_COUNT_LIMIT = 32;

export const SERVER_PORT = 547;
export const CLIENT_PORT = 546;
export const ALL_DHCP_RELAY_AGENTS_AND_SERVERS = 'ff02::1:2';

/** Decoder caps against hostile input: options in one packet (all nesting levels and vendor sub-options counted)… */
export const MAX_OPTIONS_PER_PACKET = 1024;
/** …and options inside options (IA_NA → IAADDR → STATUS_CODE is 3) within one message. */
export const MAX_OPTION_NESTING = 8;
