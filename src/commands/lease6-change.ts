// lease_cmds' write commands: lease6-add, lease6-update, lease6-del, lease6-wipe. They
// change the rows the engine allocates from, through LeaseStore.apply (events 'added',
// 'updated', 'deleted') and LeaseStore.wipe ('wiped'), so a deleted address can be handed
// out at once and an added lease is honoured when its client renews.

import type { Config } from '../config/types.js';
import type { Lease6, LeaseStore } from '../store/types.js';
import { LEASE6_EXAMPLES } from './lease6-examples.js';
import { LEASE6_SCHEMA, LEASE6_UPDATE_SCHEMA, UINT32, leaseWhat, parseLease6 } from './lease6-parser.js';
import { findLease6, LEASE6_SELECTOR_SCHEMA, parseLease6Selector, PARAMETERS_NOT_A_MAP } from './lease6-selector.js';
import { RESULT, type CommandAnswer, type CommandDefinition } from './types.js';

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Kea's text when an update finds no lease, or one changed since it was read. */
export function updateFailedText(address: string): string {
  return `failed to update the lease with address ${address} either because the lease has been deleted or it has changed in the database, in both cases a retry might succeed`;
}

/**
 * Kea's addOrUpdate6: replaces the lease at the address (only if nobody changed it since it
 * was read), or adds it when there is none and `forceCreate` is set.
 */
export async function addOrUpdateLease6(leases: LeaseStore, lease: Lease6, forceCreate: boolean): Promise<CommandAnswer> {
  const existing = await leases.get(lease.address, lease.type);
  if (!existing) {
    if (!forceCreate) return { result: RESULT.ERROR, text: updateFailedText(lease.address) };
    const [r] = await leases.apply([{ op: 'insert', lease, event: 'added' }]);
    if (!r.ok) return { result: RESULT.CONFLICT, text: `lost race between calls to get and add for address ${lease.address}; a retry might succeed` };
    return { result: RESULT.SUCCESS, text: 'IPv6 lease added.' };
  }
  const [r] = await leases.apply([
    { op: 'update', lease, event: 'updated', expect: { duid: existing.duid, iaid: existing.iaid, cltt: existing.cltt } },
  ]);
  if (!r.ok) return { result: RESULT.ERROR, text: updateFailedText(lease.address) };
  return { result: RESULT.SUCCESS, text: 'IPv6 lease updated.' };
}

export const lease6Add: CommandDefinition = {
  name: 'lease6-add',
  description:
    'Adds a lease. The subnet must be configured and hold the address (for IA_PD: the subnet or one of its pd-pools holds the prefix); an existing lease at the address is an error.',
  schema: LEASE6_SCHEMA,
  argumentsRequired: true,
  examples: LEASE6_EXAMPLES['lease6-add'],
  async handle(args, ctx) {
    const parsed = parseLease6(ctx.agent.config(), args, nowSeconds());
    if ('error' in parsed) return { result: RESULT.ERROR, text: parsed.error };
    const { lease } = parsed;
    const [r] = await ctx.agent.store.leases.apply([{ op: 'insert', lease, event: 'added' }]);
    if (!r.ok) return { result: RESULT.ERROR, text: 'IPv6 lease already exists.' };
    return { result: RESULT.SUCCESS, text: `Lease for ${leaseWhat(lease)}, subnet-id ${lease.subnetId} added.` };
  },
};

export const lease6Update: CommandDefinition = {
  name: 'lease6-update',
  description:
    'Replaces the lease at the address with the one given (fields not given take their defaults, as in lease6-add). With force-create, adds it when there is none.',
  schema: LEASE6_UPDATE_SCHEMA,
  argumentsRequired: true,
  examples: LEASE6_EXAMPLES['lease6-update'],
  async handle(args, ctx) {
    const parsed = parseLease6(ctx.agent.config(), args, nowSeconds());
    if ('error' in parsed) return { result: RESULT.ERROR, text: parsed.error };
    return addOrUpdateLease6(ctx.agent.store.leases, parsed.lease, args['force-create'] === true);
  },
};

const UPDATE_DDNS = {
  type: 'boolean',
  description: 'Kea queues a DNS removal when true; this agent sends no DNS updates, so only false is accepted.',
};

/** "update-ddns": true asks for something this agent cannot do; say so rather than pretend. */
function refuseDdns(args: Record<string, unknown>): CommandAnswer | undefined {
  if (args['update-ddns'] !== true) return undefined;
  return { result: RESULT.ERROR, text: "'update-ddns' true is not supported: this agent sends no DNS updates" };
}

export const lease6Del: CommandDefinition = {
  name: 'lease6-del',
  description: 'Deletes one lease, by address (and type) or by subnet-id + DUID + IAID + type. The address can be allocated again at once.',
  schema: {
    ...LEASE6_SELECTOR_SCHEMA,
    properties: { ...(LEASE6_SELECTOR_SCHEMA.properties as Record<string, unknown>), 'update-ddns': UPDATE_DDNS },
  },
  argumentsRequired: true,
  argumentsText: PARAMETERS_NOT_A_MAP,
  examples: LEASE6_EXAMPLES['lease6-del'],
  async handle(args, ctx) {
    const refused = refuseDdns(args);
    if (refused) return refused;
    const sel = parseLease6Selector(args, 'Delete');
    if (typeof sel === 'string') return { result: RESULT.ERROR, text: sel };
    const leases = ctx.agent.store.leases;
    const lease = await findLease6(leases, sel);
    if (typeof lease === 'string') return { result: RESULT.ERROR, text: lease };
    if (!lease) return { result: RESULT.EMPTY, text: 'IPv6 lease not found.' };
    const [r] = await leases.apply([{ op: 'delete', address: lease.address, event: 'deleted' }]);
    if (!r.ok) return { result: RESULT.EMPTY, text: 'IPv6 lease not found.' };
    return { result: RESULT.SUCCESS, text: 'IPv6 lease deleted.' };
  },
};

/** Kea wipes every configured subnet when no subnet-id (or 0) is given. */
async function wipeSubnets(leases: LeaseStore, config: Config, subnetId: number | undefined): Promise<{ count: number; ids: number[] }> {
  const ids = subnetId ? [subnetId] : config.subnets.map((s) => s.id);
  let count = 0;
  for (const id of ids) count += await leases.wipe(id);
  return { count, ids };
}

export const lease6Wipe: CommandDefinition<{ 'subnet-id'?: number }> = {
  name: 'lease6-wipe',
  description: 'Deletes every lease of one subnet, or of every configured subnet when no subnet-id (or 0) is given.',
  schema: { type: 'object', properties: { 'subnet-id': UINT32 } },
  examples: LEASE6_EXAMPLES['lease6-wipe'],
  async handle(args, ctx) {
    const { count, ids } = await wipeSubnets(ctx.agent.store.leases, ctx.agent.config(), args['subnet-id']);
    const text = `Deleted ${count} IPv6 lease(s) from subnet(s)${ids.map((id) => ` ${id}`).join('')}`;
    return { result: count > 0 ? RESULT.SUCCESS : RESULT.EMPTY, text };
  },
};

export const LEASE6_CHANGE_COMMANDS = [lease6Add, lease6Update, lease6Del, lease6Wipe];
