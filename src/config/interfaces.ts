// Dhcp6.interfaces-config: the interfaces the server listens on, by name, optionally with
// one unicast address each ("eth0/2001:db8::1", RFC 8415 §18.3.1 server unicast).

import { ConfigError, type InterfaceConfig } from './types.js';
import { KeaMap } from './kea-map.js';
import { KEA_DEFAULTS } from './defaults.js';
import { formatIpv6, tryParseIpv6 } from '../dhcp6/ipv6.js';

const INTERFACES_CONFIG_KEYS = ['interfaces', 're-detect', 'user-context', 'comment'];
const UNSUPPORTED_INTERFACES_CONFIG_KEYS = [
  'service-sockets-require-all', 'service-sockets-max-retries', 'service-sockets-retry-wait-time',
  'dhcp-socket-type', 'outbound-interface',
];

/** Linux IFNAMSIZ is 16 including the terminating NUL. */
const MAX_INTERFACE_NAME = 15;

export function parseInterfacesConfig(map: KeaMap | undefined): { interfaces: InterfaceConfig[]; reDetect: boolean } {
  if (!map) return { interfaces: [], reDetect: KEA_DEFAULTS.reDetect };
  map.checkKeys({ supported: INTERFACES_CONFIG_KEYS, unsupported: UNSUPPORTED_INTERFACES_CONFIG_KEYS });
  map.userContext();
  const interfaces: InterfaceConfig[] = [];
  for (const { text, path } of map.strings('interfaces')) {
    const entry = parseInterfaceEntry(text, path);
    if (interfaces.some((i) => i.name === entry.name)) {
      throw new ConfigError(path, `interface "${entry.name}" is listed more than once`);
    }
    interfaces.push(entry);
  }
  return { interfaces, reDetect: map.optBool('re-detect') ?? KEA_DEFAULTS.reDetect };
}

function parseInterfaceEntry(text: string, path: string): InterfaceConfig {
  const slash = text.indexOf('/');
  const name = slash < 0 ? text : text.slice(0, slash);
  if (name === '*') {
    throw new ConfigError(path, '"*" (all interfaces) is not supported by dhcp6-agent yet: list the interfaces by name');
  }
  if (name.length === 0 || name.length > MAX_INTERFACE_NAME || /\s/.test(name)) {
    throw new ConfigError(path, `"${text}" is not an interface name (1 to ${MAX_INTERFACE_NAME} characters, no spaces)`);
  }
  if (slash < 0) return { name };
  const unicast = text.slice(slash + 1);
  const address = tryParseIpv6(unicast);
  if (typeof address === 'string' || address >> 120n === 0xffn) {
    throw new ConfigError(path, `"${unicast}" in "${text}" is not a valid IPv6 unicast address`);
  }
  return { name, unicast: formatIpv6(address) };
}
