// Dhcp6.lease-database and Dhcp6.hosts-database. dhcp6-agent keeps its data in PostgreSQL:
// a real server when "type": "postgresql" is configured, otherwise PGlite embedded in
// data-directory. Kea's memfile is a CSV file format we do not write, so it is refused
// with a pointer to the embedded database rather than silently mapped onto it.

import type { LeaseDatabaseConfig } from './types.js';
import { KeaMap, UINT16_MAX } from './kea-map.js';
import { KEA_DEFAULTS } from './defaults.js';

const POSTGRESQL_KEYS = ['type', 'host', 'port', 'name', 'user', 'password'];
const UNSUPPORTED_DATABASE_KEYS = [
  'persist', 'lfc-interval', 'readonly', 'connect-timeout', 'read-timeout', 'write-timeout', 'tcp-user-timeout',
  'reconnect-wait-time', 'max-reconnect-tries', 'on-fail', 'retry-on-startup', 'max-row-errors',
  'trust-anchor', 'cert-file', 'key-file', 'cipher-list', 'contact-points', 'keyspace', 'consistency',
  'serial-consistency', 'request-timeout', 'tcp-keepalive', 'tcp-nodelay',
];

/** `key` is "lease-database" or "hosts-database"; absent → undefined. */
export function parseDatabase(map: KeaMap | undefined, key: string): LeaseDatabaseConfig | undefined {
  if (!map) return undefined;
  const type = map.string('type');
  if (type === 'memfile') {
    map.fail('type', `"memfile" is not supported by dhcp6-agent: omit ${key} to use the embedded database (kept in data-directory)`);
  }
  if (type !== 'postgresql') {
    map.fail('type', `"${type}" is not supported by dhcp6-agent: use "postgresql", or omit ${key} to use the embedded database`);
  }
  map.checkKeys({ supported: POSTGRESQL_KEYS, unsupported: UNSUPPORTED_DATABASE_KEYS });
  const out: LeaseDatabaseConfig = {
    type: 'postgresql',
    host: map.optString('host', { nonEmpty: true }) ?? KEA_DEFAULTS.postgresqlHost,
    port: map.optInt('port', { min: 1, max: UINT16_MAX }) ?? KEA_DEFAULTS.postgresqlPort,
    name: map.string('name', { nonEmpty: true }),
  };
  const user = map.optString('user');
  if (user !== undefined) out.user = user;
  const password = map.optString('password');
  if (password !== undefined) out.password = password;
  return out;
}
