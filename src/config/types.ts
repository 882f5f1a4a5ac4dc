// The typed configuration the agent runs on, derived from Kea's {"Dhcp6": {...}} JSON.
// The JSON as the operator wrote it (comments stripped) stays the source of truth:
// config-get returns it, subnet6-* commands edit it, and parseConfig() derives this
// typed form from it again. Inherited values (lifetimes, timers, rapid-commit) are
// already resolved per subnet, so the engine never walks the hierarchy.

export interface ConfiguredOption {
  code: number;
  /** Kea's name when it has one ("dns-servers"), else undefined */
  name?: string;
  /** encoded option payload (without code/length header) */
  data: Buffer;
  /** Kea's always-send: include even when the client did not ask (ORO) */
  alwaysSend: boolean;
  /** Kea's never-send */
  neverSend: boolean;
}

export interface Lifetimes {
  preferred: number;
  minPreferred: number;
  maxPreferred: number;
  valid: number;
  minValid: number;
  maxValid: number;
  /** T1 / T2 when configured explicitly */
  renewTimer?: number;
  rebindTimer?: number;
  calculateTeeTimes: boolean;
  t1Percent: number;
  t2Percent: number;
}

export interface Pool6 {
  /** first and last address, inclusive */
  start: bigint;
  end: bigint;
  /** the pool as written ("a-b" or "prefix/len") */
  text: string;
  options: ConfiguredOption[];
  userContext?: Record<string, unknown>;
}

export interface PdPool6 {
  prefix: bigint;
  prefixLen: number;
  delegatedLen: number;
  excludedPrefix?: { prefix: bigint; length: number };
  options: ConfiguredOption[];
  userContext?: Record<string, unknown>;
}

export type HostIdentifierType = 'duid' | 'hw-address' | 'flex-id';

export interface Reservation6 {
  /** identifier used to match the client; `duid` bytes or `hw-address` bytes */
  identifierType: HostIdentifierType;
  identifier: Buffer;
  ipAddresses: string[];
  /** "prefix/len" texts */
  prefixes: string[];
  hostname?: string;
  options: ConfiguredOption[];
  userContext?: Record<string, unknown>;
}

export interface Subnet6 {
  id: number;
  /** "2001:db8:1::/64" as written (canonical) */
  subnet: string;
  network: bigint;
  prefixLen: number;
  /** the interface the subnet is directly reachable on (clients without relay) */
  interface?: string;
  /** relay interface-id option value this subnet matches */
  interfaceId?: Buffer;
  pools: Pool6[];
  pdPools: PdPool6[];
  reservations: Reservation6[];
  options: ConfiguredOption[];
  lifetimes: Lifetimes;
  rapidCommit: boolean;
  userContext?: Record<string, unknown>;
}

export interface ServerIdConfig {
  type: 'LLT' | 'EN' | 'LL';
  /** hex identifier when configured (without the DUID type/htype/time header) */
  identifier?: Buffer;
  htype?: number;
  time?: number;
  enterpriseId?: number;
  /** Kea persists the generated DUID; we persist it in the database */
  persist: boolean;
}

export interface ExpiredLeasesProcessing {
  reclaimTimerWaitTime: number;
  flushReclaimedTimerWaitTime: number;
  holdReclaimedTime: number;
  maxReclaimLeases: number;
  maxReclaimTime: number;
  unwarnedReclaimCycles: number;
}

export type LeaseDatabaseConfig =
  | { type: 'postgresql'; host: string; port: number; name: string; user?: string; password?: string; connectionString?: string }
  | { type: 'embedded'; dataDirectory: string };

export interface InterfaceConfig {
  name: string;
  /** "eth0/2001:db8::1": also listen on this unicast address */
  unicast?: string;
}

export type ControlSocketConfig =
  | { socketType: 'unix'; socketName: string; mode?: number }
  | {
      socketType: 'http';
      socketAddress: string;
      socketPort: number;
      trustAnchor?: string;
      certFile?: string;
      keyFile?: string;
      certRequired: boolean;
      authentication?: { type: 'basic'; realm: string; clients: { user: string; password: string }[] };
    };

export interface HooksLibraryConfig {
  library: string;
  parameters?: Record<string, unknown>;
}

export type LoggerSeverity = 'FATAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'NONE';
export type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOutputConfig {
  /** Kea's output: "stdout", "stderr", "syslog[:facility]" or a file path (resolved) */
  output: { type: 'stdout' } | { type: 'stderr' } | { type: 'syslog'; facility?: string } | { type: 'file'; path: string };
  flush: boolean;
  /** bytes before a file is rotated; 0: never */
  maxsize: number;
  /** rotated files kept */
  maxver: number;
  pattern: string;
}

/** One entry of Kea's Dhcp6.loggers */
export interface LoggerConfig {
  /** Kea logger name, e.g. "kea-dhcp6" or "kea-dhcp6.packets" */
  name: string;
  severity: LoggerSeverity;
  /** 0..99, meaningful with DEBUG */
  debuglevel: number;
  /** severity mapped to pino (DEBUG with debuglevel >= 50 → trace, NONE → silent) */
  pinoLevel: PinoLevel;
  /** never empty: stdout when the configuration lists no output */
  outputOptions: LoggerOutputConfig[];
  userContext?: Record<string, unknown>;
}

/** Dhcp6.lease-events (dhcp6-agent's extension) */
export interface LeaseEventsConfig {
  /** seconds a lease event row is kept */
  retentionAge: number;
  /** most event rows kept */
  retentionCount: number;
  /** most events held in memory for one subscriber that cannot keep up */
  maxBuffered: number;
}

export interface Config {
  /** the whole {"Dhcp6": {...}} object as given (comments stripped), for config-get/config-write */
  raw: { Dhcp6: Record<string, unknown> };
  interfaces: InterfaceConfig[];
  subnets: Subnet6[];
  /** global option-data */
  options: ConfiguredOption[];
  /** global reservations (Kea's Dhcp6.reservations) */
  reservations: Reservation6[];
  lifetimes: Lifetimes;
  rapidCommit: boolean;
  serverId: ServerIdConfig;
  hostReservationIdentifiers: HostIdentifierType[];
  declineProbationPeriod: number;
  expiredLeasesProcessing: ExpiredLeasesProcessing;
  leaseDatabase: LeaseDatabaseConfig;
  dataDirectory: string;
  controlSockets: ControlSocketConfig[];
  hooksLibraries: HooksLibraryConfig[];
  userContext?: Record<string, unknown>;
  /** Kea's hosts-database; undefined: reservations made by commands live in the lease database */
  hostsDatabase?: LeaseDatabaseConfig;
  /** interfaces-config.re-detect */
  reDetectInterfaces: boolean;
  /** Dhcp6.loggers; empty when none are configured */
  logging: LoggerConfig[];
  serverTag: string;
  leaseEvents: LeaseEventsConfig;
  /** absolute path of the file the configuration was loaded from (loadConfigFile) */
  configFile?: string;
}

/** A configuration error: `path` is a JSON path like Dhcp6.subnet6[0].pools[1].pool */
export class ConfigError extends Error {
  constructor(readonly path: string, readonly problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ConfigError';
  }
}
