// Dhcp6.lease-events: dhcp6-agent's one extension to Kea's format — how long lease event
// rows are kept, and how many events may wait in memory for a slow subscriber.

import type { LeaseEventsConfig } from './types.js';
import { KeaMap } from './kea-map.js';
import { AGENT_DEFAULTS } from './defaults.js';

const LEASE_EVENTS_KEYS = ['retention-age', 'retention-count', 'max-buffered'];

export function parseLeaseEvents(map: KeaMap | undefined): LeaseEventsConfig {
  map?.checkKeys({ supported: LEASE_EVENTS_KEYS });
  return {
    retentionAge: map?.optInt('retention-age') ?? AGENT_DEFAULTS.leaseEventsRetentionAge,
    retentionCount: map?.optInt('retention-count', { max: Number.MAX_SAFE_INTEGER }) ?? AGENT_DEFAULTS.leaseEventsRetentionCount,
    maxBuffered: map?.optInt('max-buffered', { min: 1 }) ?? AGENT_DEFAULTS.leaseEventsMaxBuffered,
  };
}
