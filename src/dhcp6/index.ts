// The dhcp6 module's public surface: packet codec, shapes, constants, address math,
// DUIDs, option builders and Kea's option definitions.

export * from './types.js';
export type {
  UserClassOption, VendorClassOption, VendorSubOption, VendorOptsOption, ClientFqdnOption, LinkLayerAddrOption, RemoteIdOption,
  OpaqueOption, PdExcludeOption,
} from './options-extra.js';
export * from './constants.js';
export * from './ipv6.js';
export * from './option-defs.js';
export { decodePacket, encodePacket, encodeOptionPayload, findOption, findOptions, unwrapRelays, wrapRelayReply } from './codec.js';
export { optionName, optionEntry, OPTION_ENTRIES, type OptionEntry } from './option-registry.js';
export * from './duid.js';
export * from './option-builders.js';
export { readDomainName, writeDomainName, domainNameLength } from './domain-name.js';
