// The small scalar and list settings of the Dhcp6 map that have no section of their own.

import type { HostIdentifierType } from './types.js';
import { ConfigError } from './types.js';
import { KeaMap } from './kea-map.js';
import { AGENT_DEFAULTS, KEA_DEFAULTS } from './defaults.js';

const HOST_IDENTIFIER_TYPES: readonly HostIdentifierType[] = ['hw-address', 'duid', 'flex-id'];

/** Kea: a server tag is at most 256 characters. */
const MAX_SERVER_TAG = 256;

/** The order in which identifiers are tried when looking a client's reservation up. */
export function parseHostReservationIdentifiers(root: KeaMap): HostIdentifierType[] {
  if (!root.has('host-reservation-identifiers')) return [...KEA_DEFAULTS.hostReservationIdentifiers];
  const out: HostIdentifierType[] = [];
  for (const { text, path } of root.strings('host-reservation-identifiers')) {
    if (!(HOST_IDENTIFIER_TYPES as readonly string[]).includes(text)) {
      throw new ConfigError(path, `"${text}" is not a host identifier type: use ${HOST_IDENTIFIER_TYPES.map((t) => `"${t}"`).join(', ')}`);
    }
    if (out.includes(text as HostIdentifierType)) throw new ConfigError(path, `"${text}" is listed more than once`);
    out.push(text as HostIdentifierType);
  }
  return out;
}

/** Absolute: a relative data-directory is taken from the configuration file's directory. */
export function parseDataDirectory(root: KeaMap, resolvePath: (p: string) => string): string {
  return resolvePath(root.optString('data-directory', { nonEmpty: true }) ?? AGENT_DEFAULTS.dataDirectory);
}

export function parseServerTag(root: KeaMap): string {
  const tag = root.optString('server-tag') ?? KEA_DEFAULTS.serverTag;
  if (tag.length > MAX_SERVER_TAG) root.fail('server-tag', `is ${tag.length} characters long, more than ${MAX_SERVER_TAG}`);
  return tag;
}
