// stat-lease6-get (Kea stat_cmds): per-subnet lease counts from the database, with the
// pool sizes of the running configuration, in Kea's result-set shape (kea-2.2/038, 039).

import type { Config, Subnet6 } from '../config/types.js';
import { prefixSize } from '../dhcp6/ipv6.js';
import { LEASE_STATE, type LeaseStore } from '../store/types.js';
import { STAT_EXAMPLES } from './lease6-examples.js';
import { RESULT, type CommandDefinition, type StatisticsReader } from './types.js';

const COLUMNS = [
  'subnet-id',
  'total-nas',
  'cumulative-assigned-nas',
  'assigned-nas',
  'declined-nas',
  'total-pds',
  'cumulative-assigned-pds',
  'assigned-pds',
];

const POSITIVE_SUBNET_ID = { type: 'integer', minimum: 1, maximum: 4294967295 };

interface StatArgs {
  'subnet-id'?: number;
  'subnet-range'?: { 'first-subnet-id': number; 'last-subnet-id': number };
}

/** JSON numbers lose precision past 2^53; a pool that big is reported as that bound. */
function jsonCount(n: bigint): number {
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

function totalNas(s: Subnet6): bigint {
  return s.pools.reduce((sum, p) => sum + (p.end - p.start + 1n), 0n);
}

function totalPds(s: Subnet6): bigint {
  return s.pdPools.reduce((sum, p) => sum + prefixSize({ network: 0n, length: 128 - (p.delegatedLen - p.prefixLen) }), 0n);
}

/** Kea's stat_cmds timestamp: local time with microseconds, "2026-11-24 03:59:24.731803". */
function timestamp(now = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds(), 3)}000`;
}

async function counts(leases: LeaseStore): Promise<Map<number, { na: number; declined: number; pd: number }>> {
  const out = new Map<number, { na: number; declined: number; pd: number }>();
  for (const row of await leases.countBySubnet()) {
    let c = out.get(row.subnetId);
    if (!c) out.set(row.subnetId, (c = { na: 0, declined: 0, pd: 0 }));
    // Kea counts declined addresses as assigned too; expired-reclaimed ones are not assigned.
    if (row.state === LEASE_STATE.EXPIRED_RECLAIMED) continue;
    if (row.type === 'IA_NA') {
      c.na += row.count;
      if (row.state === LEASE_STATE.DECLINED) c.declined += row.count;
    } else if (row.type === 'IA_PD') {
      c.pd += row.count;
    }
  }
  return out;
}

function select(config: Config, args: StatArgs): { subnets: Subnet6[]; label: string } | { error: string; result: number } {
  const range = args['subnet-range'];
  const id = args['subnet-id'];
  if (id !== undefined && range !== undefined) return { error: 'cannot specify both subnet-id and subnet-range', result: RESULT.ERROR };
  const sorted = [...config.subnets].sort((a, b) => a.id - b.id);
  if (id !== undefined) {
    const subnet = sorted.find((s) => s.id === id);
    if (!subnet) return { error: `subnet-id: ${id} does not exist`, result: RESULT.EMPTY };
    return { subnets: [subnet], label: `[subnet-id=${id}]` };
  }
  if (range !== undefined) {
    const first = range['first-subnet-id'];
    const last = range['last-subnet-id'];
    if (last < first) return { error: "'last-subnet-id' must be greater than 'first-subnet-id'", result: RESULT.ERROR };
    return { subnets: sorted.filter((s) => s.id >= first && s.id <= last), label: `[subnets ${first} through ${last}]` };
  }
  return { subnets: sorted, label: '[all subnets]' };
}

function cumulative(stats: StatisticsReader, subnetId: number, what: 'nas' | 'pds'): number {
  return stats.value(`subnet[${subnetId}].cumulative-assigned-${what}`) ?? 0;
}

export const statLease6Get: CommandDefinition<StatArgs> = {
  name: 'stat-lease6-get',
  description:
    'Returns, per configured subnet, the pool sizes and the assigned and declined lease counts read from the database; cumulative counts come from the running agent\'s statistics.',
  schema: {
    type: 'object',
    properties: {
      'subnet-id': POSITIVE_SUBNET_ID,
      'subnet-range': {
        type: 'object',
        required: ['first-subnet-id', 'last-subnet-id'],
        properties: { 'first-subnet-id': POSITIVE_SUBNET_ID, 'last-subnet-id': POSITIVE_SUBNET_ID },
      },
    },
  },
  examples: STAT_EXAMPLES,
  async handle(args, ctx) {
    const chosen = select(ctx.agent.config(), args);
    if ('error' in chosen) return { result: chosen.result, text: chosen.error };
    const byId = await counts(ctx.agent.store.leases);
    const stats = ctx.agent.statistics;
    const rows = chosen.subnets.map((s) => {
      const c = byId.get(s.id) ?? { na: 0, declined: 0, pd: 0 };
      return [s.id, jsonCount(totalNas(s)), cumulative(stats, s.id, 'nas'), c.na, c.declined, jsonCount(totalPds(s)), cumulative(stats, s.id, 'pds'), c.pd];
    });
    return {
      result: rows.length > 0 ? RESULT.SUCCESS : RESULT.EMPTY,
      text: `stat-lease6-get${chosen.label}: ${rows.length} rows found`,
      arguments: { 'result-set': { columns: COLUMNS, rows, timestamp: timestamp() } },
    };
  },
};
