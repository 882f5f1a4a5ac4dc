// lease_cmds' read commands: lease6-get, lease6-get-all, lease6-get-page,
// lease6-get-by-duid, lease6-get-by-hostname. Answers in Kea 2.2's shapes (kea-2.2/020–033).

import { parseIpv6, formatIpv6 } from '../dhcp6/ipv6.js';
import { decodeHexText } from '../dhcp6/hex-text.js';
import { lease6ToJson } from '../store/lease6-json.js';
import type { Lease6 } from '../store/types.js';
import { LEASE6_EXAMPLES } from './lease6-examples.js';
import { UINT32 } from './lease6-parser.js';
import { findLease6, LEASE6_SELECTOR_SCHEMA, parseLease6Selector, PARAMETERS_NOT_A_MAP } from './lease6-selector.js';
import { RESULT, type CommandAnswer, type CommandDefinition } from './types.js';

/** Kea: "N IPv6 lease(s) found.", result 3 when N is 0. */
function leaseList(leases: Lease6[], extra?: Record<string, unknown>): CommandAnswer {
  return {
    result: leases.length > 0 ? RESULT.SUCCESS : RESULT.EMPTY,
    text: `${leases.length} IPv6 lease(s) found.`,
    arguments: { ...extra, leases: leases.map(lease6ToJson) },
  };
}

export const lease6Get: CommandDefinition = {
  name: 'lease6-get',
  description: 'Returns one lease: by address (and type, IA_NA by default), or by subnet-id + DUID + IAID + type.',
  schema: LEASE6_SELECTOR_SCHEMA,
  argumentsRequired: true,
  argumentsText: PARAMETERS_NOT_A_MAP,
  examples: LEASE6_EXAMPLES['lease6-get'],
  async handle(args, ctx) {
    const sel = parseLease6Selector(args, 'Query');
    if (typeof sel === 'string') return { result: RESULT.ERROR, text: sel };
    const lease = await findLease6(ctx.agent.store.leases, sel);
    if (typeof lease === 'string') return { result: RESULT.ERROR, text: lease };
    if (!lease) return { result: RESULT.EMPTY, text: 'Lease not found.' };
    return { result: RESULT.SUCCESS, text: 'IPv6 lease found.', arguments: lease6ToJson(lease) };
  },
};

export const lease6GetAll: CommandDefinition<{ subnets?: number[] }> = {
  name: 'lease6-get-all',
  description: 'Returns all leases, or those of the listed subnets.',
  schema: {
    type: 'object',
    // Kea: arguments given means subnets given.
    required: ['subnets'],
    properties: { subnets: { type: 'array', items: UINT32, description: 'subnet-ids whose leases to return' } },
  },
  examples: LEASE6_EXAMPLES['lease6-get-all'],
  async handle(args, ctx) {
    // No arguments at all: every lease (the schema, which requires 'subnets', applies only to given arguments).
    const leases = await ctx.agent.store.leases.getAll(args.subnets ? { subnetIds: args.subnets } : undefined);
    return leaseList(leases);
  },
};

export const lease6GetPage: CommandDefinition<{ from: string; limit: number }> = {
  name: 'lease6-get-page',
  description: 'Returns up to `limit` leases in address order, after the address `from` ("start": from the first). Pass the last address of a page as the next `from`.',
  schema: {
    type: 'object',
    required: ['from', 'limit'],
    properties: {
      from: { type: 'string', description: '"start", or the last address of the previous page' },
      limit: { type: 'integer', minimum: 1, maximum: 4294967295, description: 'page size' },
    },
  },
  argumentsRequired: true,
  argumentsText: 'no parameters specified for the lease6-get-page command',
  examples: LEASE6_EXAMPLES['lease6-get-page'],
  async handle(args, ctx) {
    let after: string | null = null;
    if (args.from !== 'start') {
      let address: bigint;
      try {
        address = parseIpv6(args.from);
      } catch {
        return { result: RESULT.ERROR, text: "'from' parameter value is neither 'start' keyword nor a valid IPv6 address" };
      }
      after = formatIpv6(address);
    }
    const leases = await ctx.agent.store.leases.getPage(after, args.limit);
    return leaseList(leases, { count: leases.length });
  },
};

export const lease6GetByDuid: CommandDefinition<{ duid: string }> = {
  name: 'lease6-get-by-duid',
  description: 'Returns every lease of a client DUID.',
  schema: { type: 'object', required: ['duid'], properties: { duid: { type: 'string', format: 'hex-bytes' } } },
  argumentsRequired: true,
  argumentsText: 'Command arguments missing or a not a map.',
  examples: LEASE6_EXAMPLES['lease6-get-by-duid'],
  async handle(args, ctx) {
    const duid = decodeHexText(args.duid) as Buffer;
    return leaseList(await ctx.agent.store.leases.getByDuid(duid));
  },
};

export const lease6GetByHostname: CommandDefinition<{ hostname: string }> = {
  name: 'lease6-get-by-hostname',
  description: 'Returns every lease with this host name (compared without regard to case).',
  schema: { type: 'object', required: ['hostname'], properties: { hostname: { type: 'string', minLength: 1 } } },
  argumentsRequired: true,
  argumentsText: 'Command arguments missing or a not a map.',
  examples: LEASE6_EXAMPLES['lease6-get-by-hostname'],
  async handle(args, ctx) {
    return leaseList(await ctx.agent.store.leases.getByHostname(args.hostname.toLowerCase()));
  },
};

export const LEASE6_GET_COMMANDS = [lease6Get, lease6GetAll, lease6GetPage, lease6GetByDuid, lease6GetByHostname];
