// Values used when the configuration leaves a key out. Kea's come from what kea-dhcp6 2.2
// reports in config-get (/work/shared/kea/kea-2.2/053-config-get.json) and from its
// built-in global defaults; the rest are dhcp6-agent's own.

import type { ExpiredLeasesProcessing, HostIdentifierType } from './types.js';

export const KEA_DEFAULTS = {
  preferredLifetime: 3600,
  validLifetime: 7200,
  calculateTeeTimes: true,
  t1Percent: 0.5,
  t2Percent: 0.8,
  rapidCommit: false,
  declineProbationPeriod: 86400,
  expiredLeasesProcessing: {
    reclaimTimerWaitTime: 10,
    flushReclaimedTimerWaitTime: 25,
    holdReclaimedTime: 3600,
    maxReclaimLeases: 100,
    maxReclaimTime: 250,
    unwarnedReclaimCycles: 5,
  } satisfies ExpiredLeasesProcessing,
  hostReservationIdentifiers: ['hw-address', 'duid'] satisfies HostIdentifierType[],
  serverIdType: 'LLT',
  serverIdPersist: true,
  serverTag: '',
  reDetect: true,
  postgresqlHost: 'localhost',
  postgresqlPort: 5432,
  httpSocketAddress: '127.0.0.1',
  httpSocketPort: 8000,
  certRequired: true,
  loggerSeverity: 'INFO',
  loggerDebuglevel: 0,
  loggerOutput: 'stdout',
  loggerFlush: true,
  loggerMaxsize: 10240000,
  loggerMaxver: 1,
  loggerPattern: '',
} as const;

export const AGENT_DEFAULTS = {
  dataDirectory: '/var/lib/dhcp6-agent',
  httpRealm: 'dhcp6-agent',
  leaseEventsRetentionAge: 7 * 24 * 3600,
  leaseEventsRetentionCount: 1_000_000,
  leaseEventsMaxBuffered: 10_000,
} as const;
