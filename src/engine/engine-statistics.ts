// The statistics the DHCPv6 engine keeps, with Kea's names: packet counters
// (processStatsReceived / processStatsSent in kea-dhcp6), allocation failures,
// reclamation counters, and per subnet "subnet[ID].…" capacity and usage.
import { MSG } from '../dhcp6/constants.js';
import type { Subnet6 } from '../config/types.js';
import type { Statistics } from './statistics.js';

/** Global statistics kea-dhcp6 creates at 0 when it starts. */
export const GLOBAL_STATISTICS = [
  'pkt6-received',
  'pkt6-solicit-received',
  'pkt6-advertise-received',
  'pkt6-request-received',
  'pkt6-reply-received',
  'pkt6-renew-received',
  'pkt6-rebind-received',
  'pkt6-decline-received',
  'pkt6-release-received',
  'pkt6-infrequest-received',
  'pkt6-dhcpv4-query-received',
  'pkt6-dhcpv4-response-received',
  'pkt6-unknown-received',
  'pkt6-sent',
  'pkt6-advertise-sent',
  'pkt6-reply-sent',
  'pkt6-dhcpv4-response-sent',
  'pkt6-parse-failed',
  'pkt6-receive-drop',
  'v6-allocation-fail',
  'v6-allocation-fail-shared-network',
  'v6-allocation-fail-subnet',
  'v6-allocation-fail-no-pools',
  'v6-allocation-fail-classes',
  'declined-addresses',
  'reclaimed-declined-addresses',
  'reclaimed-leases',
  'cumulative-assigned-nas',
  'cumulative-assigned-pds',
] as const;

/** Per subnet statistics, named "subnet[ID].<name>". */
export const SUBNET_STATISTICS = [
  'total-nas',
  'assigned-nas',
  'cumulative-assigned-nas',
  'total-pds',
  'assigned-pds',
  'cumulative-assigned-pds',
  'declined-addresses',
  'reclaimed-declined-addresses',
  'reclaimed-leases',
] as const;

export type SubnetStatistic = (typeof SUBNET_STATISTICS)[number];

export function subnetStatName(subnetId: number, name: SubnetStatistic): string {
  return `subnet[${subnetId}].${name}`;
}

/** kea-dhcp6 counts by message type; CONFIRM and anything else it has no name for is "unknown". */
const RECEIVED_BY_TYPE: Record<number, string> = {
  [MSG.SOLICIT]: 'pkt6-solicit-received',
  [MSG.ADVERTISE]: 'pkt6-advertise-received',
  [MSG.REQUEST]: 'pkt6-request-received',
  [MSG.REPLY]: 'pkt6-reply-received',
  [MSG.RENEW]: 'pkt6-renew-received',
  [MSG.REBIND]: 'pkt6-rebind-received',
  [MSG.DECLINE]: 'pkt6-decline-received',
  [MSG.RELEASE]: 'pkt6-release-received',
  [MSG.INFORMATION_REQUEST]: 'pkt6-infrequest-received',
  20: 'pkt6-dhcpv4-query-received',
  21: 'pkt6-dhcpv4-response-received',
};

export function receivedStatName(msgType: number): string {
  return RECEIVED_BY_TYPE[msgType] ?? 'pkt6-unknown-received';
}

export function sentStatName(msgType: number): string | null {
  if (msgType === MSG.ADVERTISE) return 'pkt6-advertise-sent';
  if (msgType === MSG.REPLY) return 'pkt6-reply-sent';
  return null;
}

/** Addresses in the subnet's pools (Kea's total-nas), prefixes in its pd-pools (total-pds). */
export function subnetCapacity(subnet: Subnet6): { nas: number; pds: number } {
  let nas = 0n;
  for (const p of subnet.pools) nas += p.end - p.start + 1n;
  let pds = 0n;
  for (const p of subnet.pdPools) pds += 1n << BigInt(p.delegatedLen - p.prefixLen);
  return { nas: toStatNumber(nas), pds: toStatNumber(pds) };
}

function toStatNumber(v: bigint): number {
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v);
}

export function initGlobalStatistics(stats: Statistics): void {
  for (const name of GLOBAL_STATISTICS) if (!stats.has(name)) stats.set(name, 0);
}

/**
 * After (re)configuration: every configured subnet gets its statistics (totals set,
 * counters created at 0 when new), and the statistics of removed subnets go, as in Kea.
 */
export function initSubnetStatistics(stats: Statistics, subnets: readonly Subnet6[], previous: readonly Subnet6[]): void {
  const ids = new Set(subnets.map((s) => s.id));
  for (const old of previous) if (!ids.has(old.id)) stats.removePrefix(`subnet[${old.id}].`);
  for (const s of subnets) {
    const cap = subnetCapacity(s);
    stats.update(subnetStatName(s.id, 'total-nas'), cap.nas);
    stats.update(subnetStatName(s.id, 'total-pds'), cap.pds);
    for (const name of SUBNET_STATISTICS) {
      const full = subnetStatName(s.id, name);
      if (!stats.has(full)) stats.set(full, 0);
    }
  }
}
