// One configuration as the packet path reads it: subnets indexed for selection, pools as
// candidate ranges, reservations (configuration + database) indexed, option levels cached.
// Immutable: a reconfiguration or a reservation change builds a new view, and packets in
// flight finish on the one they started with.
import type { Config, PdPool6, Pool6, Subnet6 } from '../config/types.js';
import type { LeaseType } from '../store/types.js';
import { naPoolRange, pdPoolRange, poolRangeContains, type PoolRange } from './pool-cursor.js';
import type { ReservationIndex } from './reservation-index.js';
import { SubnetIndex } from './subnet-selection.js';
import { optionLevel, type OptionLevel } from './response-options.js';
import { parseIpv6 } from '../dhcp6/ipv6.js';

export interface SubnetPools {
  na: PoolRange[];
  pd: PoolRange[];
}

const NO_POOLS: SubnetPools = { na: [], pd: [] };

export class ConfigView {
  readonly subnets: SubnetIndex;
  readonly globalOptions: OptionLevel;
  private readonly pools = new Map<number, SubnetPools>();

  constructor(readonly config: Config, readonly reservations: ReservationIndex) {
    this.subnets = new SubnetIndex(config.subnets);
    this.globalOptions = optionLevel(config.options);
    for (const s of config.subnets) {
      this.pools.set(s.id, { na: s.pools.map((p) => naPoolRange(s.id, p)), pd: s.pdPools.map((p) => pdPoolRange(s.id, p)) });
    }
  }

  /** The same configuration with another reservation index. */
  withReservations(reservations: ReservationIndex): ConfigView {
    return new ConfigView(this.config, reservations);
  }

  poolsOf(subnet: Subnet6): SubnetPools {
    return this.pools.get(subnet.id) ?? NO_POOLS;
  }

  rangesOf(subnet: Subnet6, type: LeaseType): PoolRange[] {
    const p = this.poolsOf(subnet);
    return type === 'IA_PD' ? p.pd : p.na;
  }

  /** The pool (pd-pool) of the subnet holding this address (delegated prefix), if any. */
  poolOf(subnet: Subnet6, type: LeaseType, address: string, prefixLen: number): Pool6 | PdPool6 | undefined {
    const ranges = this.rangesOf(subnet, type);
    if (ranges.length === 0) return undefined;
    const a = parseIpv6(address);
    for (const r of ranges) if (poolRangeContains(r, a, prefixLen)) return r.pool;
    return undefined;
  }

  rangeOf(subnet: Subnet6, type: LeaseType, address: bigint, prefixLen: number): PoolRange | undefined {
    for (const r of this.rangesOf(subnet, type)) if (poolRangeContains(r, address, prefixLen)) return r;
    return undefined;
  }

  /** All pool keys, for keeping the cursors of pools that survive a reconfiguration. */
  poolKeys(): string[] {
    const keys: string[] = [];
    for (const p of this.pools.values()) for (const r of [...p.na, ...p.pd]) keys.push(r.key);
    return keys;
  }
}
