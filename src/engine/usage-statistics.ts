// assigned-nas / assigned-pds / declined-addresses reflect the database, which several agents
// may share: they are re-read from it (periodically and after reclamation) rather than only
// counted locally. Like Kea, a declined address still counts as assigned until it is recovered.
import type { Subnet6 } from '../config/types.js';
import { LEASE_STATE, type Store } from '../store/types.js';
import { subnetStatName } from './engine-statistics.js';
import type { Statistics } from './statistics.js';

export async function refreshUsageStatistics(store: Store, stats: Statistics, subnets: readonly Subnet6[]): Promise<void> {
  const rows = await store.leases.countBySubnet();
  const per = new Map<number, { nas: number; pds: number; declined: number }>();
  let declinedTotal = 0;
  for (const r of rows) {
    if (r.state === LEASE_STATE.EXPIRED_RECLAIMED) continue;
    let c = per.get(r.subnetId);
    if (!c) per.set(r.subnetId, (c = { nas: 0, pds: 0, declined: 0 }));
    if (r.type === 'IA_PD') c.pds += r.count;
    else if (r.type === 'IA_NA') c.nas += r.count;
    if (r.state === LEASE_STATE.DECLINED) {
      c.declined += r.count;
      declinedTotal += r.count;
    }
  }
  for (const s of subnets) {
    const c = per.get(s.id) ?? { nas: 0, pds: 0, declined: 0 };
    stats.update(subnetStatName(s.id, 'assigned-nas'), c.nas);
    stats.update(subnetStatName(s.id, 'assigned-pds'), c.pds);
    stats.update(subnetStatName(s.id, 'declined-addresses'), c.declined);
  }
  stats.update('declined-addresses', declinedTotal);
}
