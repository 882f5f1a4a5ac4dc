// Finding the configured subnet a lease or reservation belongs to, and Kea's texts when
// there is none (lease_cmds' Lease6Parser).

import type { Config, Subnet6 } from '../config/types.js';
import { prefixContains, prefixCovers, type Ipv6Prefix } from '../dhcp6/ipv6.js';

export function subnetById(config: Config, id: number): Subnet6 | undefined {
  return config.subnets.find((s) => s.id === id);
}

export function unknownSubnetText(id: number): string {
  return `Invalid subnet-id: No IPv6 subnet with subnet-id=${id} currently configured.`;
}

function subnetPrefix(s: Subnet6): Ipv6Prefix {
  return { network: s.network, length: s.prefixLen };
}

export function subnetHoldsAddress(s: Subnet6, address: bigint): boolean {
  return prefixContains(subnetPrefix(s), address);
}

/** A delegated prefix belongs to a subnet when one of its pd-pools, or the subnet itself, covers it. */
export function subnetHoldsPrefix(s: Subnet6, prefix: Ipv6Prefix): boolean {
  if (prefixCovers(subnetPrefix(s), prefix)) return true;
  return s.pdPools.some((p) => prefixCovers({ network: p.prefix, length: p.prefixLen }, prefix));
}

export function subnetOfAddress(config: Config, address: bigint): Subnet6 | undefined {
  return config.subnets.find((s) => subnetHoldsAddress(s, address));
}

export function subnetOfPrefix(config: Config, prefix: Ipv6Prefix): Subnet6 | undefined {
  return config.subnets.find((s) => subnetHoldsPrefix(s, prefix));
}
