// Host reservations (Kea hosts) at subnet level, and global ones (Dhcp6.reservations).
// Within one list an identifier, an address or a prefix is reserved at most once — Kea's
// behaviour with its default "ip-reservations-unique": true.

import { ConfigError, type HostIdentifierType, type Reservation6 } from './types.js';
import { KeaMap } from './kea-map.js';
import { parseOptionData } from './option-data.js';
import { decodeHexText } from '../dhcp6/hex-text.js';
import { formatIpv6, formatPrefix, prefixContains, tryParseIpv6, tryParsePrefix, type Ipv6Prefix } from '../dhcp6/ipv6.js';

const IDENTIFIER_KEYS: readonly HostIdentifierType[] = ['duid', 'hw-address', 'flex-id'];
const RESERVATION_KEYS = [...IDENTIFIER_KEYS, 'ip-addresses', 'prefixes', 'hostname', 'option-data', 'user-context', 'comment'];
const UNSUPPORTED_RESERVATION_KEYS = ['client-classes', 'excluded-prefixes'];

/** Longest identifier of each kind, in bytes (Kea: DUID 128, hardware address 20, flex-id 128). */
const MAX_IDENTIFIER_BYTES: Record<HostIdentifierType, number> = { duid: 128, 'hw-address': 20, 'flex-id': 128 };

/** Parses parent's `reservations`; `subnet` is undefined for global reservations. */
export function parseReservations(parent: KeaMap, subnet?: Ipv6Prefix): Reservation6[] {
  const out: Reservation6[] = [];
  const identifiers = new Map<string, string>();
  const resources = new Map<string, string>();
  for (const map of parent.maps('reservations')) {
    const r = parseReservation(map, subnet);
    const idKey = `${r.identifierType}=${r.identifier.toString('hex')}`;
    const sameId = identifiers.get(idKey);
    if (sameId) map.fail(r.identifierType, `this ${r.identifierType} is already reserved by ${sameId}`);
    identifiers.set(idKey, map.path);
    for (const [key, list] of [['ip-addresses', r.ipAddresses], ['prefixes', r.prefixes]] as const) {
      for (const resource of list) {
        const holder = resources.get(resource);
        if (holder) map.fail(key, `${resource} is already reserved by ${holder}`);
        resources.set(resource, map.path);
      }
    }
    out.push(r);
  }
  return out;
}

function parseReservation(map: KeaMap, subnet?: Ipv6Prefix): Reservation6 {
  map.checkKeys({ supported: RESERVATION_KEYS, unsupported: UNSUPPORTED_RESERVATION_KEYS });
  const given = IDENTIFIER_KEYS.filter((k) => map.has(k));
  if (given.length === 0) {
    throw new ConfigError(map.path, `needs an identifier: one of ${IDENTIFIER_KEYS.map((k) => `'${k}'`).join(', ')}`);
  }
  if (given.length > 1) map.fail(given[1], `cannot be given together with '${given[0]}': a reservation has exactly one identifier`);
  const identifierType = given[0];
  const out: Reservation6 = {
    identifierType,
    identifier: parseIdentifier(map, identifierType),
    ipAddresses: parseAddresses(map, subnet),
    prefixes: parsePrefixes(map),
    options: parseOptionData(map),
  };
  const hostname = map.optString('hostname');
  if (hostname) out.hostname = hostname;
  const userContext = map.userContext();
  if (userContext) out.userContext = userContext;
  return out;
}

/** Kea's forms: hex ("01:02:03", "010203"), or 'text' in single quotes for its bytes. */
function parseIdentifier(map: KeaMap, type: HostIdentifierType): Buffer {
  const text = map.string(type, { nonEmpty: true });
  const quoted = /^'(.*)'$/s.exec(text);
  const bytes = quoted ? Buffer.from(quoted[1], 'utf8') : decodeHexText(text);
  if (typeof bytes === 'string') map.fail(type, bytes);
  if (bytes.length === 0) map.fail(type, 'must not be empty');
  const max = MAX_IDENTIFIER_BYTES[type];
  if (bytes.length > max) map.fail(type, `is ${bytes.length} bytes long, more than the ${max} a ${type} can have`);
  return bytes;
}

function parseAddresses(map: KeaMap, subnet?: Ipv6Prefix): string[] {
  const out: string[] = [];
  for (const { text, path } of map.strings('ip-addresses')) {
    const address = tryParseIpv6(text);
    if (typeof address === 'string') throw new ConfigError(path, `"${text}" is not a valid IPv6 address: ${address}`);
    if (subnet && !prefixContains(subnet, address)) {
      throw new ConfigError(path, `${formatIpv6(address)} is not inside subnet ${formatPrefix(subnet)}`);
    }
    const canonical = formatIpv6(address);
    if (out.includes(canonical)) throw new ConfigError(path, `${canonical} is listed more than once`);
    out.push(canonical);
  }
  return out;
}

function parsePrefixes(map: KeaMap): string[] {
  const out: string[] = [];
  for (const { text, path } of map.strings('prefixes')) {
    const prefix = tryParsePrefix(text);
    if (typeof prefix === 'string') throw new ConfigError(path, `"${text}" is not a valid prefix: ${prefix}`);
    if (prefix.length === 0) throw new ConfigError(path, `"${text}" is not a valid prefix: the length must be 1..128`);
    const canonical = formatPrefix(prefix);
    if (out.includes(canonical)) throw new ConfigError(path, `${canonical} is listed more than once`);
    out.push(canonical);
  }
  return out;
}
