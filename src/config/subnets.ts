// Dhcp6.subnet6: each subnet with its pools, pd-pools, reservations, options, and the
// lifetimes, timers and rapid-commit it inherits from the global level. Checks that need
// the whole list (ids, prefixes, pool overlaps) are done once every subnet is parsed.

import { ConfigError, type Subnet6 } from './types.js';
import { KeaMap, UINT32_MAX } from './kea-map.js';
import { LIFETIME_KEYS, inheritLifetimeSettings, readLifetimeSettings, resolveLifetimes, type LifetimeSettings } from './lifetimes.js';
import { checkNoOverlap, parsePdPool, parsePool, type PlacedRange } from './pools.js';
import { parseReservations } from './reservations.js';
import { parseOptionData } from './option-data.js';
import { formatPrefix, prefixLast, tryParsePrefix } from '../dhcp6/ipv6.js';

const SUBNET_KEYS = [
  'id', 'subnet', 'interface', 'interface-id', 'pools', 'pd-pools', 'reservations', 'option-data',
  ...LIFETIME_KEYS, 'rapid-commit', 'user-context', 'comment',
];
const UNSUPPORTED_SUBNET_KEYS = [
  'client-class', 'client-classes', 'require-client-classes', 'evaluate-additional-classes',
  'reservation-mode', 'reservations-global', 'reservations-in-subnet', 'reservations-out-of-pool',
  'relay', 'cache-threshold', 'cache-max-age', 'hostname-char-set', 'hostname-char-replacement',
  'ddns-send-updates', 'ddns-override-no-update', 'ddns-override-client-update', 'ddns-replace-client-name',
  'ddns-generated-prefix', 'ddns-qualifying-suffix', 'ddns-update-on-renew', 'ddns-use-conflict-resolution',
  'ddns-conflict-resolution-mode', 'ddns-ttl-percent', 'ddns-ttl', 'ddns-ttl-min', 'ddns-ttl-max',
  'store-extended-info', 'allocator', 'pd-allocator',
];

/** Kea: subnet ids are 32-bit; 0 and 4294967295 are reserved (unset, and "any"). */
const MAX_SUBNET_ID = UINT32_MAX - 1;

export interface GlobalInheritance {
  lifetimeSettings: LifetimeSettings;
  rapidCommit: boolean;
}

export function parseSubnets(root: KeaMap, globals: GlobalInheritance): Subnet6[] {
  const parsed = root.maps('subnet6').map((map) => ({ map, subnet: parseSubnet(map, globals) }));
  checkUniquePrefixes(parsed);
  assignIds(parsed);
  const pools: PlacedRange[] = [];
  const pdPools: PlacedRange[] = [];
  for (const { map, subnet } of parsed) {
    subnet.pools.forEach((p, i) => pools.push({ start: p.start, end: p.end, text: p.text, path: `${map.at('pools')}[${i}].pool` }));
    subnet.pdPools.forEach((p, i) => {
      const prefix = { network: p.prefix, length: p.prefixLen };
      pdPools.push({ start: p.prefix, end: prefixLast(prefix), text: formatPrefix(prefix), path: `${map.at('pd-pools')}[${i}].prefix` });
    });
  }
  checkNoOverlap(pools, 'pool');
  checkNoOverlap(pdPools, 'pd-pool');
  return parsed.map(({ subnet }) => subnet);
}

/** A subnet with id 0 until assignIds gives it one. */
function parseSubnet(map: KeaMap, globals: GlobalInheritance): Subnet6 {
  map.checkKeys({ supported: SUBNET_KEYS, unsupported: UNSUPPORTED_SUBNET_KEYS });
  const text = map.string('subnet', { nonEmpty: true });
  const prefix = tryParsePrefix(text);
  if (typeof prefix === 'string') map.fail('subnet', `"${text}" is not a valid prefix: ${prefix}`);
  if (prefix.length === 0) map.fail('subnet', `"${text}" is not a valid prefix: the length must be 1..128`);
  const id = map.optInt('id', { min: 1, max: MAX_SUBNET_ID });

  // Kea: interface is for directly reachable subnets, interface-id for relayed ones.
  if (map.has('interface') && map.has('interface-id')) {
    map.fail('interface-id', "cannot be given together with 'interface' (interface is for directly attached clients, interface-id for relayed ones)");
  }
  const subnet: Subnet6 = {
    id: id ?? 0,
    subnet: formatPrefix(prefix),
    network: prefix.network,
    prefixLen: prefix.length,
    pools: map.maps('pools').map((p) => parsePool(p, prefix)),
    pdPools: map.maps('pd-pools').map(parsePdPool),
    reservations: parseReservations(map, prefix),
    options: parseOptionData(map),
    lifetimes: resolveLifetimes(inheritLifetimeSettings(globals.lifetimeSettings, readLifetimeSettings(map)), map.path),
    rapidCommit: map.optBool('rapid-commit') ?? globals.rapidCommit,
  };
  const iface = map.optString('interface', { nonEmpty: true });
  if (iface !== undefined) subnet.interface = iface;
  // Kea takes interface-id as the literal bytes of the string (RFC 8415 §21.18 option value).
  const interfaceId = map.optString('interface-id', { nonEmpty: true });
  if (interfaceId !== undefined) subnet.interfaceId = Buffer.from(interfaceId, 'utf8');
  const userContext = map.userContext();
  if (userContext) subnet.userContext = userContext;
  return subnet;
}

function checkUniquePrefixes(parsed: { map: KeaMap; subnet: Subnet6 }[]): void {
  const seen = new Map<string, string>();
  for (const { map, subnet } of parsed) {
    const earlier = seen.get(subnet.subnet);
    if (earlier) map.fail('subnet', `${subnet.subnet} is already defined by ${earlier}`);
    seen.set(subnet.subnet, map.path);
  }
}

/**
 * Explicit ids must be unique; a subnet without one gets the next id after the highest
 * in use, in file order, so an assigned id can never collide with an explicit one (Kea 2.2
 * counts from 1 instead and then fails on the collision).
 */
function assignIds(parsed: { map: KeaMap; subnet: Subnet6 }[]): void {
  const seen = new Map<number, string>();
  for (const { map, subnet } of parsed) {
    if (subnet.id === 0) continue;
    const earlier = seen.get(subnet.id);
    if (earlier) map.fail('id', `subnet id ${subnet.id} is already used by ${earlier}`);
    seen.set(subnet.id, map.path);
  }
  let next = 1;
  for (const id of seen.keys()) if (id >= next) next = id + 1;
  for (const { map, subnet } of parsed) {
    if (subnet.id !== 0) continue;
    if (next > MAX_SUBNET_ID) {
      throw new ConfigError(map.path, `no subnet id is left after ${MAX_SUBNET_ID}: give this subnet an 'id'`);
    }
    subnet.id = next++;
  }
}
