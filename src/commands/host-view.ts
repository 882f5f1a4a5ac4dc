// One view over both places reservations live: the configuration file (Kea's source-index
// 0) and the database (source-index 1, written by reservation-add). reservation-get* read
// both; reservation-add refuses anything that clashes with either.

import type { Config, Reservation6 } from '../config/types.js';
import { colonHex } from '../dhcp6/hex-text.js';
import { parsePrefix } from '../dhcp6/ipv6.js';
import type { Host6, HostStore } from '../store/types.js';
import type { HostInput, HostSelector } from './host-parser.js';

export const SOURCE_CONFIG = 0;
export const SOURCE_DATABASE = 1;

export interface HostRecord extends Host6 {
  /** SOURCE_CONFIG or SOURCE_DATABASE; for configuration hosts hostId is their 1-based position there */
  source: number;
}

function configHost(r: Reservation6, subnetId: number, position: number): HostRecord {
  return {
    source: SOURCE_CONFIG,
    hostId: position,
    subnetId,
    identifierType: r.identifierType,
    identifier: r.identifier,
    hostname: r.hostname ?? '',
    ipAddresses: r.ipAddresses,
    prefixes: r.prefixes,
    // Kea prints the option-data of configuration hosts as it holds them: here, the encoded payload.
    optionData: r.options.map((o) => ({
      'always-send': o.alwaysSend,
      code: o.code,
      'csv-format': false,
      data: o.data.toString('hex').toUpperCase(),
      ...(o.name ? { name: o.name } : {}),
      'never-send': o.neverSend,
      space: 'dhcp6',
    })),
    userContext: r.userContext ?? null,
  };
}

/** Configuration hosts (global ones have subnet-id 0), of one subnet or all, in file order. */
export function configHosts(config: Config, subnetId?: number): HostRecord[] {
  const out: HostRecord[] = [];
  const add = (list: Reservation6[], id: number) => {
    if (subnetId !== undefined && subnetId !== id) return;
    for (const r of list) out.push(configHost(r, id, out.length + 1));
  };
  add(config.reservations, 0);
  for (const s of config.subnets) add(s.reservations, s.id);
  return out;
}

export function databaseHost(h: Host6): HostRecord {
  return { ...h, source: SOURCE_DATABASE };
}

/** Kea's host JSON (toElement6 plus subnet-id), keys in Kea's alphabetical order. */
export function hostToJson(h: Host6): Record<string, unknown> {
  const json: Record<string, unknown> = { 'client-classes': [] };
  json[h.identifierType] = colonHex(h.identifier);
  json.hostname = h.hostname;
  json['ip-addresses'] = h.ipAddresses;
  json['option-data'] = h.optionData;
  json.prefixes = h.prefixes;
  json['subnet-id'] = h.subnetId;
  if (h.userContext) json['user-context'] = h.userContext;
  return json;
}

function reservesAddress(h: Host6, address: string): boolean {
  return h.ipAddresses.includes(address) || h.prefixes.some((p) => p.slice(0, p.indexOf('/')) === address);
}

/** The host a selector names: the configuration file first, then the database (as Kea's HostMgr). */
export async function findHost(config: Config, hosts: HostStore, sel: HostSelector): Promise<HostRecord | null> {
  const fromConfig = configHosts(config, sel.subnetId).find((h) =>
    sel.by === 'address' ? reservesAddress(h, sel.address) : h.identifierType === sel.identifierType && h.identifier.equals(sel.identifier),
  );
  if (fromConfig) return fromConfig;
  const stored =
    sel.by === 'address'
      ? await hosts.getByAddress(sel.subnetId, sel.address)
      : await hosts.getByIdentifier(sel.subnetId, sel.identifierType, sel.identifier);
  return stored ? databaseHost(stored) : null;
}

function overlaps(a: string, b: string): boolean {
  const pa = parsePrefix(a);
  const pb = parsePrefix(b);
  const shorter = pa.length <= pb.length ? pa : pb;
  const longer = shorter === pa ? pb : pa;
  return (longer.network >> BigInt(128 - shorter.length)) === (shorter.network >> BigInt(128 - shorter.length));
}

/**
 * What in `host` clashes with a configuration-file reservation of its subnet: the same
 * identifier, the same address, or an overlapping prefix. The database's own unique
 * constraints catch clashes among stored hosts.
 */
export function configConflict(config: Config, host: HostInput): string | null {
  const where = host.subnetId === 0 ? 'among the global reservations' : `in subnet-id ${host.subnetId}`;
  for (const h of configHosts(config, host.subnetId)) {
    if (h.identifierType === host.identifierType && h.identifier.equals(host.identifier)) {
      return `Host with ${host.identifierType} ${colonHex(host.identifier)} is already reserved ${where} by the configuration file.`;
    }
    for (const a of host.ipAddresses) {
      if (h.ipAddresses.includes(a)) return `Address ${a} is already reserved ${where} by the configuration file.`;
    }
    for (const p of host.prefixes) {
      const other = h.prefixes.find((q) => overlaps(p, q));
      if (other) return `Prefix ${p} overlaps ${other}, already reserved ${where} by the configuration file.`;
    }
  }
  return null;
}
