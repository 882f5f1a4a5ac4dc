// Kea's {"Dhcp6": {...}} configuration → the typed Config. Every key is accounted for:
// supported, known-to-Kea-but-not-supported, or unknown (a typo); every error names the
// JSON path of the offending value.

import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, type Config } from './types.js';
import { KeaMap, isPlainObject, UINT32_MAX } from './kea-map.js';
import { parseKeaJson } from './parse-json.js';
import { LIFETIME_KEYS, readLifetimeSettings, resolveLifetimes } from './lifetimes.js';
import { parseInterfacesConfig } from './interfaces.js';
import { parseSubnets } from './subnets.js';
import { parseReservations } from './reservations.js';
import { parseOptionData } from './option-data.js';
import { parseServerId } from './server-id.js';
import { parseExpiredLeasesProcessing } from './expired-leases-processing.js';
import { parseDatabase } from './databases.js';
import { parseControlSockets } from './control-sockets.js';
import { parseHooksLibraries } from './hooks-libraries.js';
import { parseLoggers } from './loggers.js';
import { parseLeaseEvents } from './lease-events.js';
import { parseDataDirectory, parseHostReservationIdentifiers, parseServerTag } from './globals.js';
import { KEA_DEFAULTS } from './defaults.js';

const TOP_LEVEL_KEYS = ['Dhcp6'];
const OTHER_KEA_SECTIONS = ['Dhcp4', 'DhcpDdns', 'Control-agent', 'Netconf', 'Logging'];

const DHCP6_KEYS = [
  'interfaces-config', 'subnet6', 'option-data', 'reservations', ...LIFETIME_KEYS, 'rapid-commit',
  'server-id', 'host-reservation-identifiers', 'decline-probation-period', 'expired-leases-processing',
  'lease-database', 'hosts-database', 'data-directory', 'control-socket', 'control-sockets',
  'hooks-libraries', 'loggers', 'server-tag', 'lease-events', 'user-context', 'comment',
];

/** Keys of Kea's Dhcp6 map (2.2 and later) that dhcp6-agent does not implement. */
const UNSUPPORTED_DHCP6_KEYS = [
  'shared-networks', 'client-classes', 'option-def', 'dhcp-ddns', 'multi-threading', 'sanity-checks',
  'reservation-mode', 'reservations-global', 'reservations-in-subnet', 'reservations-out-of-pool',
  'reservations-lookup-first', 'early-global-reservations-lookup', 'ip-reservations-unique',
  'relay-supplied-options', 'mac-sources', 'hosts-databases', 'dhcp4o6-port', 'dhcp-queue-control',
  'config-control', 'cache-threshold', 'cache-max-age', 'hostname-char-set', 'hostname-char-replacement',
  'ddns-send-updates', 'ddns-override-no-update', 'ddns-override-client-update', 'ddns-replace-client-name',
  'ddns-generated-prefix', 'ddns-qualifying-suffix', 'ddns-update-on-renew', 'ddns-use-conflict-resolution',
  'ddns-conflict-resolution-mode', 'ddns-ttl-percent', 'ddns-ttl', 'ddns-ttl-min', 'ddns-ttl-max',
  'store-extended-info', 'statistic-default-sample-count', 'statistic-default-sample-age',
  'parked-packet-limit', 'compatibility', 'allocator', 'pd-allocator', 'server-hostname',
];

const DHCP6_HINTS: Record<string, string> = {
  'hosts-databases': "give one 'hosts-database'",
};

export interface ParseConfigOptions {
  /** directory relative paths (data-directory, socket names, files) are taken from; default: the working directory */
  baseDir?: string;
}

/** Derives the typed Config from Kea JSON. Throws ConfigError(path, problem). */
export function parseConfig(json: unknown, opts: ParseConfigOptions = {}): Config {
  const baseDir = resolve(opts.baseDir ?? process.cwd());
  const resolvePath = (p: string) => resolve(baseDir, p);
  if (!isPlainObject(json)) throw new ConfigError('(root)', 'must be a map holding "Dhcp6"');
  const top = KeaMap.of(json, '');
  top.checkKeys({
    supported: TOP_LEVEL_KEYS,
    unsupported: OTHER_KEA_SECTIONS,
    hints: Object.fromEntries(OTHER_KEA_SECTIONS.map((k) => [k, 'dhcp6-agent reads only the Dhcp6 section'])),
  });
  const root = KeaMap.of(top.required('Dhcp6'), 'Dhcp6');
  root.checkKeys({ supported: DHCP6_KEYS, unsupported: UNSUPPORTED_DHCP6_KEYS, hints: DHCP6_HINTS });

  const lifetimeSettings = readLifetimeSettings(root);
  const lifetimes = resolveLifetimes(lifetimeSettings, root.path);
  const rapidCommit = root.optBool('rapid-commit') ?? KEA_DEFAULTS.rapidCommit;
  const { interfaces, reDetect } = parseInterfacesConfig(root.optMap('interfaces-config'));
  const dataDirectory = parseDataDirectory(root, resolvePath);
  const config: Config = {
    raw: structuredClone(json) as Config['raw'],
    interfaces,
    reDetectInterfaces: reDetect,
    subnets: parseSubnets(root, { lifetimeSettings, rapidCommit }),
    options: parseOptionData(root),
    reservations: parseReservations(root),
    lifetimes,
    rapidCommit,
    serverId: parseServerId(root.optMap('server-id')),
    hostReservationIdentifiers: parseHostReservationIdentifiers(root),
    declineProbationPeriod: root.optInt('decline-probation-period', { max: UINT32_MAX }) ?? KEA_DEFAULTS.declineProbationPeriod,
    expiredLeasesProcessing: parseExpiredLeasesProcessing(root.optMap('expired-leases-processing')),
    leaseDatabase: parseDatabase(root.optMap('lease-database'), 'lease-database') ?? { type: 'embedded', dataDirectory },
    dataDirectory,
    controlSockets: parseControlSockets(root, resolvePath),
    hooksLibraries: parseHooksLibraries(root),
    logging: parseLoggers(root, resolvePath),
    serverTag: parseServerTag(root),
    leaseEvents: parseLeaseEvents(root.optMap('lease-events')),
  };
  const hostsDatabase = parseDatabase(root.optMap('hosts-database'), 'hosts-database');
  if (hostsDatabase) config.hostsDatabase = hostsDatabase;
  const userContext = root.userContext();
  if (userContext) config.userContext = userContext;
  return config;
}

/**
 * Reads, parses and checks a configuration file. Relative paths inside it resolve
 * against the file's own directory. Throws ConfigError (syntax errors: path is file:line:col).
 */
export async function loadConfigFile(path: string): Promise<Config> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, `cannot read the configuration file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const config = parseConfig(parseKeaJson(text, file), { baseDir: dirname(file) });
  config.configFile = file;
  return config;
}
