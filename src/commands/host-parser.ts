// A reservation as reservation-add / reservation-update receive it ({"reservation": {...}}),
// checked by the same rules as the configuration file's reservations (config/reservations.ts)
// plus Kea host_cmds' subnet-id, and the (subnet-id, identifier) selectors of reservation-get/-del.

import type { Config } from '../config/types.js';
import { ConfigError } from '../config/types.js';
import { KeaMap } from '../config/kea-map.js';
import { parseReservations } from '../config/reservations.js';
import { canonicalIpv6 } from '../dhcp6/ipv6.js';
import { decodeHexText } from '../dhcp6/hex-text.js';
import type { Host6 } from '../store/types.js';
import { UINT32 } from './lease6-parser.js';
import { subnetById, unknownSubnetText } from './subnet-lookup.js';
import type { JsonSchema } from './types.js';

export type HostInput = Omit<Host6, 'hostId'>;
export type HostIdentifierType = Host6['identifierType'];

/** The identifiers a DHCPv6 reservation can use (circuit-id and client-id are DHCPv4's). */
export const V6_IDENTIFIER_TYPES = ['duid', 'hw-address', 'flex-id'] as const;

export const RESERVATION_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['subnet-id'],
  description: 'A Kea host reservation plus its subnet-id (0: a global reservation). Exactly one of duid, hw-address, flex-id.',
  properties: {
    'subnet-id': UINT32,
    duid: { type: 'string' },
    'hw-address': { type: 'string' },
    'flex-id': { type: 'string', description: "hex bytes, or 'text' in single quotes" },
    'ip-addresses': { type: 'array', items: { type: 'string', format: 'ipv6' } },
    prefixes: { type: 'array', items: { type: 'string', format: 'ipv6-prefix' } },
    hostname: { type: 'string' },
    'option-data': { type: 'array', items: { type: 'object' } },
    'user-context': { type: 'object' },
    comment: { type: 'string' },
  },
};

export const RESERVATION_ARGUMENTS_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['reservation'],
  properties: { reservation: RESERVATION_SCHEMA },
};

/** Turns the config parser's path ("reservations[0].ip-addresses[1]") into the request's ("reservation.ip-addresses[1]"). */
function requestPath(path: string): string {
  return path.replace(/^reservations\[0\]/, 'reservation');
}

/** The host the reservation describes, or what is wrong with it. */
export function parseReservation(config: Config, reservation: Record<string, unknown>): HostInput | string {
  const subnetId = reservation['subnet-id'] as number;
  let subnetPrefix;
  if (subnetId !== 0) {
    const subnet = subnetById(config, subnetId);
    if (!subnet) return unknownSubnetText(subnetId);
    subnetPrefix = { network: subnet.network, length: subnet.prefixLen };
  }
  const { 'subnet-id': _omit, ...host } = reservation;
  let parsed;
  try {
    [parsed] = parseReservations(KeaMap.of({ reservations: [host] }, ''), subnetPrefix);
  } catch (err) {
    if (err instanceof ConfigError) return `invalid value specified for parameter '${requestPath(err.path)}': ${err.problem}`;
    throw err;
  }
  return {
    subnetId,
    identifierType: parsed.identifierType,
    identifier: parsed.identifier,
    hostname: parsed.hostname ?? '',
    ipAddresses: parsed.ipAddresses,
    prefixes: parsed.prefixes,
    // Stored as given: the engine encodes them as it does the configuration file's.
    optionData: (host['option-data'] as Record<string, unknown>[] | undefined) ?? [],
    userContext: parsed.userContext ?? null,
  };
}

/** Kea host_cmds' identifier text: hex bytes ("01:02:03", "010203") or 'text' in single quotes. */
export function parseIdentifier(text: string): Buffer | string {
  const quoted = /^'(.*)'$/s.exec(text);
  const bytes = quoted ? Buffer.from(quoted[1], 'utf8') : decodeHexText(text);
  if (typeof bytes === 'string') return "Unable to parse 'identifier' value.";
  if (bytes.length === 0) return "Unable to query for empty 'identifier'.";
  return bytes;
}

export type HostSelector =
  | { by: 'address'; subnetId: number; address: string }
  | { by: 'identifier'; subnetId: number; identifierType: HostIdentifierType; identifier: Buffer };

export const HOST_SELECTOR_SCHEMA: JsonSchema = {
  type: 'object',
  description: "'subnet-id' and either 'ip-address' or 'identifier-type' + 'identifier'.",
  properties: {
    'subnet-id': UINT32,
    'ip-address': { type: 'string', format: 'ipv6', description: 'a reserved address, or the first address of a reserved prefix' },
    'identifier-type': { type: 'string', enum: [...V6_IDENTIFIER_TYPES] },
    identifier: { type: 'string' },
  },
};

/** Kea host_cmds' getParameters, in its words. */
export function parseHostSelector(args: Record<string, unknown>): HostSelector | string {
  if (args['subnet-id'] === undefined) return "Mandatory 'subnet-id' parameter missing.";
  const subnetId = args['subnet-id'] as number;
  if (args['ip-address'] !== undefined) return { by: 'address', subnetId, address: canonicalIpv6(args['ip-address'] as string) };
  const idType = args['identifier-type'];
  const ident = args.identifier;
  if (typeof idType !== 'string') return "No 'ip-address' provided and 'identifier-type' is either missing or not a string.";
  if (typeof ident !== 'string') return "No 'ip-address' provided and 'identifier' is either missing or not a string.";
  const identifier = parseIdentifier(ident);
  if (typeof identifier === 'string') return identifier;
  return { by: 'identifier', subnetId, identifierType: idType as HostIdentifierType, identifier };
}
