// Host reservations as the engine consults them on every packet: those of the configuration
// (subnet and global) and those in the database (reservation-* commands), merged into one
// in-memory index rebuilt when either changes. Lookups never touch the database.
import type { Config, ConfiguredOption, HostIdentifierType, Reservation6 } from '../config/types.js';
import { KeaMap } from '../config/kea-map.js';
import { parseOptionData } from '../config/option-data.js';
import { formatIpv6, tryParseIpv6, tryParsePrefix } from '../dhcp6/ipv6.js';
import type { Host6 } from '../store/types.js';

/** Kea's subnet id of global reservations. */
export const GLOBAL_SUBNET_ID = 0;

export interface HostReservation {
  source: 'config' | 'database';
  /** 0: global */
  subnetId: number;
  identifierType: HostIdentifierType;
  identifier: Buffer;
  /** identifierType and identifier as one string: how the index names an owner */
  owner: string;
  /** canonical addresses */
  ipAddresses: string[];
  /** network address (canonical) and length of each reserved prefix */
  prefixes: { address: string; prefixLen: number }[];
  hostname: string;
  options: readonly ConfiguredOption[];
}

export function ownerKey(type: string, identifier: Buffer): string {
  return `${type}=${identifier.toString('hex')}`;
}

export interface IndexLogger {
  warn(obj: object, msg: string): void;
}

export class ReservationIndex {
  private readonly hosts = new Map<string, HostReservation>();
  private readonly addressOwner = new Map<string, HostReservation>();
  private readonly prefixOwner = new Map<string, HostReservation>();

  constructor(config: Config, dbHosts: readonly Host6[], logger?: IndexLogger) {
    for (const s of config.subnets) for (const r of s.reservations) this.add(fromConfig(r, s.id));
    for (const r of config.reservations) this.add(fromConfig(r, GLOBAL_SUBNET_ID));
    for (const h of dbHosts) {
      const r = fromDatabase(h, logger);
      if (r) this.add(r);
    }
  }

  get size(): number {
    return this.hosts.size;
  }

  private add(r: HostReservation): void {
    // The configuration comes first: where it and the database reserve the same thing, it wins.
    const key = `${r.subnetId}|${r.owner}`;
    if (!this.hosts.has(key)) this.hosts.set(key, r);
    for (const a of r.ipAddresses) if (!this.addressOwner.has(a)) this.addressOwner.set(a, r);
    for (const p of r.prefixes) if (!this.prefixOwner.has(p.address)) this.prefixOwner.set(p.address, r);
  }

  /** The reservation of this identifier in the subnet (0: global). */
  find(subnetId: number, type: HostIdentifierType, identifier: Buffer): HostReservation | undefined {
    if (this.hosts.size === 0) return undefined;
    return this.hosts.get(`${subnetId}|${ownerKey(type, identifier)}`);
  }

  /** Who the address (NA) or delegated prefix (PD, by its network address) is reserved for. */
  reservedFor(address: string, pd: boolean): HostReservation | undefined {
    return (pd ? this.prefixOwner : this.addressOwner).get(address);
  }

  get hasReservedResources(): boolean {
    return this.addressOwner.size > 0 || this.prefixOwner.size > 0;
  }
}

function fromConfig(r: Reservation6, subnetId: number): HostReservation {
  return {
    source: 'config',
    subnetId,
    identifierType: r.identifierType,
    identifier: r.identifier,
    owner: ownerKey(r.identifierType, r.identifier),
    ipAddresses: r.ipAddresses.map(canonical).filter((a): a is string => a !== null),
    prefixes: r.prefixes.map(prefixOf).filter((p): p is { address: string; prefixLen: number } => p !== null),
    hostname: r.hostname ?? '',
    options: r.options,
  };
}

function fromDatabase(h: Host6, logger?: IndexLogger): HostReservation | null {
  if (h.identifierType !== 'duid' && h.identifierType !== 'hw-address' && h.identifierType !== 'flex-id') return null;
  let options: ConfiguredOption[] = [];
  if (h.optionData.length > 0) {
    try {
      options = parseOptionData(KeaMap.of({ 'option-data': h.optionData }, `reservation ${h.hostId}`));
    } catch (err) {
      // A stored reservation whose option-data no longer parses still reserves its addresses.
      logger?.warn({ err, hostId: h.hostId }, 'ignoring option-data of a stored reservation');
    }
  }
  return {
    source: 'database',
    subnetId: h.subnetId,
    identifierType: h.identifierType,
    identifier: h.identifier,
    owner: ownerKey(h.identifierType, h.identifier),
    ipAddresses: h.ipAddresses.map(canonical).filter((a): a is string => a !== null),
    prefixes: h.prefixes.map(prefixOf).filter((p): p is { address: string; prefixLen: number } => p !== null),
    hostname: h.hostname ?? '',
    options,
  };
}

function canonical(text: string): string | null {
  const v = tryParseIpv6(text);
  return typeof v === 'bigint' ? formatIpv6(v) : null;
}

function prefixOf(text: string): { address: string; prefixLen: number } | null {
  const p = tryParsePrefix(text, true);
  return typeof p === 'string' ? null : { address: formatIpv6(p.network), prefixLen: p.length };
}
