// Edits of the running configuration's Dhcp6.subnet6 list, on the operator's JSON
// (Config.raw, which config-get returns): the subnet6-* commands build a new raw
// configuration here and the agent derives, checks and applies it (Agent.reconfigure).
// The deltas of subnet6-delta-add / -delta-del work on the keyed lists of a subnet — pools
// by "pool", pd-pools by "prefix" and "prefix-len", option-data by code (or name) and space.

import type { Config, Subnet6 } from '../config/types.js';
import { findOptionDef } from '../dhcp6/option-defs.js';
import { prefixLast, tryParseIpv6, tryParsePrefix } from '../dhcp6/ipv6.js';

export type RawMap = Record<string, unknown>;

/** Kea's config backend name for a subnet: the object type of the audit rows subnet6-* commands write. */
export const SUBNET6_AUDIT_OBJECT = 'dhcp6_subnet';

export function isMap(v: unknown): v is RawMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The running configuration's JSON, copied, and its subnet6 list (created when absent). */
export interface EditableConfig {
  raw: { Dhcp6: RawMap };
  subnets: RawMap[];
}

/**
 * A copy of the running JSON in which every subnet carries the id it runs with: the parser
 * gives subnets without one the next free id, which an edit of the list could change.
 */
export function editableConfig(config: Config): EditableConfig {
  const raw = structuredClone(config.raw);
  const list = Array.isArray(raw.Dhcp6.subnet6) ? (raw.Dhcp6.subnet6 as RawMap[]) : [];
  raw.Dhcp6.subnet6 = list;
  list.forEach((entry, i) => {
    if (entry.id === undefined && config.subnets[i]) entry.id = config.subnets[i].id;
  });
  return { raw, subnets: list };
}

/** Kea's brief form of a subnet: {"id": 1, "subnet": "2001:db8:1::/64"}. */
export function subnetBrief(s: Subnet6): { id: number; subnet: string } {
  return { id: s.id, subnet: s.subnet };
}

/** The running subnet with this prefix, written any way ("2001:DB8:1:0::/64"). */
export function subnetByPrefix(config: Config, text: string): Subnet6 | undefined {
  const p = tryParsePrefix(text);
  if (typeof p === 'string') return undefined;
  return config.subnets.find((s) => s.network === p.network && s.prefixLen === p.length);
}

/**
 * A configuration error about the edited subnet, named as the command's argument:
 * "Dhcp6.subnet6[3].pools[0].pool: …" → "subnet6[0].pools[0].pool: …".
 */
export function asArgumentPath(error: string, index: number): string {
  const at = `Dhcp6.subnet6[${index}]`;
  return error.startsWith(at) ? `subnet6[0]${error.slice(at.length)}` : error;
}

// ---- deltas ----

interface KeyedList {
  key: string;
  /** what identifies an entry, for error texts */
  identityKeys: string[];
  /** the entry's identity, normalized; undefined when the entry lacks it */
  identity(entry: RawMap): string | undefined;
  label(entry: RawMap): string;
  nested: KeyedList[];
  /** a matching entry is replaced (delta-add) or removed (delta-del) as a whole */
  whole: boolean;
}

function poolIdentity(entry: RawMap): string | undefined {
  const text = entry.pool;
  if (typeof text !== 'string') return undefined;
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const start = tryParseIpv6(text.slice(0, dash).trim());
    const end = tryParseIpv6(text.slice(dash + 1).trim());
    if (typeof start === 'bigint' && typeof end === 'bigint') return `${start}-${end}`;
  } else {
    const p = tryParsePrefix(text.trim());
    if (typeof p !== 'string') return `${p.network}-${prefixLast(p)}`;
  }
  // Not a pool at all: it can only match the same text (the parser will say what is wrong).
  return `text:${text.trim().toLowerCase()}`;
}

function pdPoolIdentity(entry: RawMap): string | undefined {
  if (typeof entry.prefix !== 'string' || !Number.isInteger(entry['prefix-len'])) return undefined;
  const a = tryParseIpv6(entry.prefix);
  return `${typeof a === 'bigint' ? a : entry.prefix.toLowerCase()}/${String(entry['prefix-len'])}`;
}

function optionIdentity(entry: RawMap): string | undefined {
  const space = typeof entry.space === 'string' ? entry.space : 'dhcp6';
  if (Number.isInteger(entry.code)) return `${space}:${String(entry.code)}`;
  if (typeof entry.name !== 'string') return undefined;
  const code = space === 'dhcp6' ? findOptionDef(entry.name)?.code : undefined;
  return `${space}:${code ?? `name:${entry.name}`}`;
}

const OPTION_DATA: KeyedList = {
  key: 'option-data',
  identityKeys: ['code', 'name'],
  identity: optionIdentity,
  label: (e) => `option ${String(e.name ?? e.code)}${typeof e.space === 'string' ? ` (space ${e.space})` : ''}`,
  nested: [],
  whole: true,
};

const POOLS: KeyedList = {
  key: 'pools',
  identityKeys: ['pool'],
  identity: poolIdentity,
  label: (e) => `pool ${String(e.pool)}`,
  nested: [OPTION_DATA],
  whole: false,
};

const PD_POOLS: KeyedList = {
  key: 'pd-pools',
  identityKeys: ['prefix', 'prefix-len'],
  identity: pdPoolIdentity,
  label: (e) => `pd-pool ${String(e.prefix)}/${String(e['prefix-len'])}`,
  nested: [OPTION_DATA],
  whole: false,
};

const SUBNET_LISTS = [POOLS, PD_POOLS, OPTION_DATA];
/** identify the subnet; a delta never changes them */
const SUBNET_IDENTITY = ['id', 'subnet'];

/** The parts of one list entry that identify it (they stay when the rest is merged or removed). */
function identityKeysOf(list: KeyedList): string[] {
  return list === OPTION_DATA ? ['code', 'name', 'space'] : list.identityKeys;
}

function entries(target: RawMap, list: KeyedList, path: string): RawMap[] | string {
  const current = target[list.key];
  if (current === undefined) return [];
  if (!Array.isArray(current)) return `${path}.${list.key}: the running configuration does not hold a list here`;
  return current as RawMap[];
}

function deltaEntry(value: unknown, list: KeyedList, path: string): RawMap | string {
  if (!isMap(value)) return `${path}: must be a map`;
  if (list.identity(value) === undefined) {
    return `${path}: missing '${list.identityKeys.join(list === OPTION_DATA ? "' or '" : "' and '")}'`;
  }
  return value;
}

/**
 * subnet6-delta-add: puts the delta's parts into `subnet` (changed in place). Entries of the
 * keyed lists are added, or merged into the entry with the same identity; other keys are set.
 * Returns an error text, or null.
 */
export function applyDeltaAdd(subnet: RawMap, delta: RawMap, path = 'subnet6[0]'): string | null {
  return mergeInto(subnet, delta, SUBNET_LISTS, SUBNET_IDENTITY, path);
}

function mergeInto(target: RawMap, delta: RawMap, lists: KeyedList[], keep: string[], path: string): string | null {
  for (const [key, value] of Object.entries(delta)) {
    if (keep.includes(key)) continue;
    const list = lists.find((l) => l.key === key);
    if (!list) {
      target[key] = structuredClone(value);
      continue;
    }
    if (!Array.isArray(value)) return `${path}.${key}: must be a list`;
    const current = entries(target, list, path);
    if (typeof current === 'string') return current;
    const next = [...current];
    for (const [i, item] of value.entries()) {
      const entry = deltaEntry(item, list, `${path}.${key}[${i}]`);
      if (typeof entry === 'string') return entry;
      const at = next.findIndex((e) => isMap(e) && list.identity(e) === list.identity(entry));
      if (at < 0 || list.whole) {
        if (at < 0) next.push(structuredClone(entry));
        else next[at] = structuredClone(entry);
        continue;
      }
      const merged = structuredClone(next[at]);
      const error = mergeInto(merged, entry, list.nested, identityKeysOf(list), `${path}.${key}[${i}]`);
      if (error) return error;
      next[at] = merged;
    }
    target[key] = next;
  }
  return null;
}

/**
 * subnet6-delta-del: removes the delta's parts from `subnet` (changed in place). A keyed-list
 * entry given by its identity alone is removed; one with more (a pool's option-data) has
 * those parts removed from it. Other keys are removed whatever value they are given with.
 * Returns an error text, or null.
 */
export function applyDeltaDel(subnet: RawMap, delta: RawMap, path = 'subnet6[0]'): string | null {
  return removeFrom(subnet, delta, SUBNET_LISTS, SUBNET_IDENTITY, path);
}

function removeFrom(target: RawMap, delta: RawMap, lists: KeyedList[], keep: string[], path: string): string | null {
  for (const [key, value] of Object.entries(delta)) {
    if (keep.includes(key)) continue;
    const list = lists.find((l) => l.key === key);
    if (!list) {
      if (!(key in target)) return `${path}.${key}: is not set, so it cannot be deleted`;
      delete target[key];
      continue;
    }
    if (!Array.isArray(value)) return `${path}.${key}: must be a list`;
    const current = entries(target, list, path);
    if (typeof current === 'string') return current;
    const next = [...current];
    for (const [i, item] of value.entries()) {
      const entry = deltaEntry(item, list, `${path}.${key}[${i}]`);
      if (typeof entry === 'string') return entry;
      const at = next.findIndex((e) => isMap(e) && list.identity(e) === list.identity(entry));
      if (at < 0) return `${path}.${key}[${i}]: ${list.label(entry)} is not configured, so it cannot be deleted`;
      const identity = identityKeysOf(list);
      if (list.whole || Object.keys(entry).every((k) => identity.includes(k))) {
        next.splice(at, 1);
        continue;
      }
      const reduced = structuredClone(next[at]);
      const error = removeFrom(reduced, entry, list.nested, identity, `${path}.${key}[${i}]`);
      if (error) return error;
      next[at] = reduced;
    }
    if (next.length === 0) delete target[key];
    else target[key] = next;
  }
  return null;
}
