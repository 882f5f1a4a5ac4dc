// Dhcp6.expired-leases-processing: the reclamation routine's pacing. Limits are Kea's
// (CfgExpiration): the timers and cycle counts are 16-bit there.

import type { ExpiredLeasesProcessing } from './types.js';
import { KeaMap, UINT16_MAX, UINT32_MAX } from './kea-map.js';
import { KEA_DEFAULTS } from './defaults.js';

const FIELDS: [key: string, field: keyof ExpiredLeasesProcessing, max: number][] = [
  ['reclaim-timer-wait-time', 'reclaimTimerWaitTime', UINT16_MAX],
  ['flush-reclaimed-timer-wait-time', 'flushReclaimedTimerWaitTime', UINT16_MAX],
  ['hold-reclaimed-time', 'holdReclaimedTime', UINT32_MAX],
  ['max-reclaim-leases', 'maxReclaimLeases', UINT32_MAX],
  ['max-reclaim-time', 'maxReclaimTime', UINT16_MAX],
  ['unwarned-reclaim-cycles', 'unwarnedReclaimCycles', UINT16_MAX],
];

export function parseExpiredLeasesProcessing(map: KeaMap | undefined): ExpiredLeasesProcessing {
  const out = { ...KEA_DEFAULTS.expiredLeasesProcessing };
  if (!map) return out;
  map.checkKeys({ supported: FIELDS.map(([key]) => key) });
  for (const [key, field, max] of FIELDS) {
    const v = map.optInt(key, { max });
    if (v !== undefined) out[field] = v;
  }
  return out;
}
