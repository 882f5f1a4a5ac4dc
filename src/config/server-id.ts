// Dhcp6.server-id: how the server's DUID is made (RFC 8415 §11). Kea writes 0 and ""
// for "generate it" (see its config-get), so zero/empty values count as not configured.

import type { ServerIdConfig } from './types.js';
import { KeaMap, UINT16_MAX } from './kea-map.js';
import { KEA_DEFAULTS } from './defaults.js';
import { decodeHexText } from '../dhcp6/hex-text.js';

const SERVER_ID_KEYS = ['type', 'identifier', 'htype', 'time', 'enterprise-id', 'persist', 'user-context', 'comment'];
const SERVER_ID_TYPES = ['LLT', 'EN', 'LL'] as const;

export function parseServerId(map: KeaMap | undefined): ServerIdConfig {
  if (!map) return { type: KEA_DEFAULTS.serverIdType, persist: KEA_DEFAULTS.serverIdPersist };
  return parseServerIdMap(map);
}

function parseServerIdMap(map: KeaMap): ServerIdConfig {
  map.checkKeys({ supported: SERVER_ID_KEYS });
  map.userContext();
  const type = map.optString('type') ?? KEA_DEFAULTS.serverIdType;
  if (!(SERVER_ID_TYPES as readonly string[]).includes(type)) {
    map.fail('type', `"${type}" is not a server-id type: use one of ${SERVER_ID_TYPES.join(', ')}`);
  }
  const out: ServerIdConfig = {
    type: type as ServerIdConfig['type'],
    persist: map.optBool('persist') ?? KEA_DEFAULTS.serverIdPersist,
  };
  const identifier = map.optString('identifier');
  if (identifier) {
    const bytes = decodeHexText(identifier);
    if (typeof bytes === 'string') map.fail('identifier', bytes);
    // RFC 8415 §11.1: a DUID is at most 130 octets, 2 of which are its type code.
    if (bytes.length > 128) map.fail('identifier', `is ${bytes.length} bytes long, more than the 128 a DUID can hold`);
    out.identifier = bytes;
  }
  const htype = map.optInt('htype', { max: UINT16_MAX });
  if (htype) out.htype = htype;
  const time = map.optInt('time');
  if (time) out.time = time;
  const enterpriseId = map.optInt('enterprise-id');
  if (enterpriseId) out.enterpriseId = enterpriseId;
  return out;
}
