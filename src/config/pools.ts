// A subnet's address pools ("first-last" or "prefix/len") and prefix-delegation pools,
// plus the check that no two pools of a kind overlap anywhere in the configuration.

import { ConfigError, type PdPool6, type Pool6 } from './types.js';
import { KeaMap } from './kea-map.js';
import { parseOptionData } from './option-data.js';
import {
  formatIpv6, formatPrefix, prefixContains, prefixLast, prefixMask, tryParseIpv6, tryParsePrefix, type Ipv6Prefix,
} from '../dhcp6/ipv6.js';

const POOL_KEYS = ['pool', 'option-data', 'user-context', 'comment'];
const PD_POOL_KEYS = [
  'prefix', 'prefix-len', 'delegated-len', 'excluded-prefix', 'excluded-prefix-len', 'option-data', 'user-context', 'comment',
];
const UNSUPPORTED_POOL_KEYS = ['client-class', 'client-classes', 'require-client-classes', 'evaluate-additional-classes', 'pool-id'];

export function parsePool(map: KeaMap, subnet: Ipv6Prefix): Pool6 {
  map.checkKeys({ supported: POOL_KEYS, unsupported: UNSUPPORTED_POOL_KEYS });
  const text = map.string('pool', { nonEmpty: true });
  const range = parsePoolRange(text, map.at('pool'));
  if (!prefixContains(subnet, range.start) || !prefixContains(subnet, range.end)) {
    map.fail('pool', `"${text}" is not inside subnet ${formatPrefix(subnet)}`);
  }
  const out: Pool6 = { ...range, text, options: parseOptionData(map) };
  const userContext = map.userContext();
  if (userContext) out.userContext = userContext;
  return out;
}

function parsePoolRange(text: string, path: string): { start: bigint; end: bigint } {
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const [first, last] = [text.slice(0, dash).trim(), text.slice(dash + 1).trim()];
    const start = tryParseIpv6(first);
    if (typeof start === 'string') throw new ConfigError(path, `"${first}" in "${text}" is not a valid IPv6 address: ${start}`);
    const end = tryParseIpv6(last);
    if (typeof end === 'string') throw new ConfigError(path, `"${last}" in "${text}" is not a valid IPv6 address: ${end}`);
    if (start > end) throw new ConfigError(path, `"${text}" ends before it starts`);
    return { start, end };
  }
  if (text.includes('/')) {
    const prefix = tryParsePrefix(text.trim());
    if (typeof prefix === 'string') throw new ConfigError(path, `"${text}" is not a valid prefix: ${prefix}`);
    return { start: prefix.network, end: prefixLast(prefix) };
  }
  throw new ConfigError(path, `"${text}" is not a pool: write "first-last" or "prefix/length"`);
}

export function parsePdPool(map: KeaMap): PdPool6 {
  map.checkKeys({ supported: PD_POOL_KEYS, unsupported: UNSUPPORTED_POOL_KEYS });
  const prefixText = map.string('prefix', { nonEmpty: true });
  if (prefixText.includes('/')) map.fail('prefix', `"${prefixText}" must be an address: give the length in 'prefix-len'`);
  const prefix = tryParseIpv6(prefixText);
  if (typeof prefix === 'string') map.fail('prefix', `"${prefixText}" is not a valid IPv6 prefix: ${prefix}`);
  const prefixLen = map.int('prefix-len', { min: 1, max: 128 });
  if ((prefix & prefixMask(prefixLen)) !== prefix) {
    map.fail('prefix', `"${prefixText}" has bits set beyond prefix-len ${prefixLen}`);
  }
  const delegatedLen = map.int('delegated-len', { min: 1, max: 128 });
  if (delegatedLen < prefixLen) map.fail('delegated-len', `${delegatedLen} is shorter than prefix-len ${prefixLen}`);

  const out: PdPool6 = { prefix, prefixLen, delegatedLen, options: parseOptionData(map) };
  const excludedPrefix = parseExcludedPrefix(map, { network: prefix, length: prefixLen }, delegatedLen);
  if (excludedPrefix) out.excludedPrefix = excludedPrefix;
  const userContext = map.userContext();
  if (userContext) out.userContext = userContext;
  return out;
}

/** RFC 6603 §4.2: the excluded prefix lies inside each delegated prefix, so it is longer than it. */
function parseExcludedPrefix(map: KeaMap, pool: Ipv6Prefix, delegatedLen: number): { prefix: bigint; length: number } | undefined {
  const text = map.optString('excluded-prefix');
  const length = map.optInt('excluded-prefix-len', { max: 128 });
  // Kea writes "::" and 0 for "none" in config-get.
  const none = (text === undefined || text === '::') && (length === undefined || length === 0);
  if (none) return undefined;
  if (text === undefined) map.fail('excluded-prefix', "required when 'excluded-prefix-len' is given");
  if (length === undefined) map.fail('excluded-prefix-len', "required when 'excluded-prefix' is given");
  const prefix = tryParseIpv6(text);
  if (typeof prefix === 'string') map.fail('excluded-prefix', `"${text}" is not a valid IPv6 prefix: ${prefix}`);
  if (length <= delegatedLen) map.fail('excluded-prefix-len', `${length} must be longer than delegated-len ${delegatedLen}`);
  if ((prefix & prefixMask(length)) !== prefix) map.fail('excluded-prefix', `"${text}" has bits set beyond excluded-prefix-len ${length}`);
  if (!prefixContains(pool, prefix)) {
    map.fail('excluded-prefix', `${formatIpv6(prefix)}/${length} is not inside the pd-pool prefix ${formatPrefix(pool)}`);
  }
  return { prefix, length };
}

export interface PlacedRange {
  start: bigint;
  end: bigint;
  path: string;
  text: string;
}

/** Throws for the first range that overlaps one before it (in address order). */
export function checkNoOverlap(ranges: PlacedRange[], what: string): void {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let widest: PlacedRange | undefined;
  for (const r of sorted) {
    if (widest && r.start <= widest.end) {
      // Report the one written later in the file, naming the other by its path.
      const [later, earlier] = comparePaths(r.path, widest.path) > 0 ? [r, widest] : [widest, r];
      throw new ConfigError(later.path, `${what} "${later.text}" overlaps ${what} "${earlier.text}" (${earlier.path})`);
    }
    if (!widest || r.end > widest.end) widest = r;
  }
}

/** Orders paths as they appear in the file: numeric indexes compare as numbers. */
function comparePaths(a: string, b: string): number {
  const pa = a.split(/[[\].]+/);
  const pb = b.split(/[[\].]+/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const [na, nb] = [Number(pa[i]), Number(pb[i])];
    if (!Number.isNaN(na) && !Number.isNaN(nb) && pa[i] !== '' && pb[i] !== '') return na - nb;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}
