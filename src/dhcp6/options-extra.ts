// Option shapes beyond the core set in types.ts. Each keeps every byte the wire carries, so
// `encode(decode(b))` is `b`; bytes that do not fit a shape exactly decode as `raw` instead.

/** USER_CLASS (15), RFC 8415 §21.15: a list of opaque user-class-data items. */
export interface UserClassOption { kind: 'user_class'; code: number; data: Buffer[] }

/** VENDOR_CLASS (16), RFC 8415 §21.16: enterprise number and opaque vendor-class-data items. */
export interface VendorClassOption { kind: 'vendor_class'; code: number; enterprise: number; data: Buffer[] }

/** One vendor sub-option inside VENDOR_OPTS: code and payload as sent. */
export interface VendorSubOption { code: number; data: Buffer }

/** VENDOR_OPTS (17), RFC 8415 §21.17: enterprise number and its sub-options. */
export interface VendorOptsOption { kind: 'vendor_opts'; code: number; enterprise: number; options: VendorSubOption[] }

/**
 * CLIENT_FQDN (39), RFC 4704 §4: flags (S=1, O=2, N=4) and a domain name, either fully
 * qualified (ends in the root label) or `partial` (no root label, the server completes it).
 * `name` has no trailing dot; a fully qualified root name is ''.
 */
export interface ClientFqdnOption { kind: 'client_fqdn'; code: number; flags: number; name: string; partial: boolean }

/** CLIENT_LINKLAYER_ADDR (79), RFC 6939: hardware type (IANA ARP number) and address. */
export interface LinkLayerAddrOption { kind: 'linklayer_addr'; code: number; linkType: number; address: Buffer }

/** REMOTE_ID (37), RFC 4649: enterprise number of the relay vendor and its remote-id. */
export interface RemoteIdOption { kind: 'remote_id'; code: number; enterprise: number; data: Buffer }

/** Options whose payload is one opaque value: INTERFACE_ID (18), SUBSCRIBER_ID (38). */
export interface OpaqueOption { kind: 'opaque'; code: number; data: Buffer }

/**
 * PD_EXCLUDE (67), RFC 6603 §4.2: the excluded prefix's length and its subnet-id bits
 * (the bits after the delegated prefix length, left-aligned, as sent). The delegated
 * prefix it is relative to is the enclosing IAPREFIX; see pdExcludedPrefix/pdExcludeOption.
 */
export interface PdExcludeOption { kind: 'pd_exclude'; code: number; prefixLen: number; subnetId: Buffer }

export type ExtraOption =
  | UserClassOption
  | VendorClassOption
  | VendorOptsOption
  | ClientFqdnOption
  | LinkLayerAddrOption
  | RemoteIdOption
  | OpaqueOption
  | PdExcludeOption;
