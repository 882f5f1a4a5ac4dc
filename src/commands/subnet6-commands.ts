// Kea's subnet_cmds for DHCPv6: subnet6-list, -get, -add, -update, -del, -delta-add,
// -delta-del. A change edits the running configuration's JSON (subnet6-edit.ts) and is
// applied at once, without a restart (Agent.reconfigure(…, 'subnets')); config-get shows
// it. As in Kea it lives in memory only: config-write keeps it across a restart. Each change
// writes an audit row, so other agents sharing the database learn of it (cb6_updated).

import type { Config } from '../config/types.js';
import { formatPrefix, tryParsePrefix } from '../dhcp6/ipv6.js';
import type { AuditAppend } from '../store/types.js';
import { runningCommand } from './running-agent.js';
import {
  applyDeltaAdd,
  applyDeltaDel,
  asArgumentPath,
  editableConfig,
  isMap,
  subnetBrief,
  subnetByPrefix,
  SUBNET6_AUDIT_OBJECT,
  type RawMap,
} from './subnet6-edit.js';
import { SUBNET6_EXAMPLES } from './subnet6-examples.js';
import { CONFIG_REPLACED, RESULT, type CommandAnswer, type CommandContext, type JsonSchema, type RunningAgentControl } from './types.js';

/** Kea: subnet ids are 32-bit; 0 and 4294967295 are reserved. */
const SUBNET_ID: JsonSchema = { type: 'integer', minimum: 1, maximum: 4294967294 };

/** A subnet as in the configuration file; the parser checks the rest. */
function subnetListSchema(required: string[]): JsonSchema {
  return {
    type: 'object',
    required: ['subnet6'],
    properties: {
      subnet6: {
        type: 'array',
        minItems: 1,
        maxItems: 1,
        items: {
          type: 'object',
          required,
          properties: { id: SUBNET_ID, subnet: { type: 'string', format: 'ipv6-prefix' } },
          description: 'one subnet, as in Dhcp6.subnet6 of the configuration file',
        },
      },
    },
  };
}

/** How often a change is recomputed when another one replaced the configuration first. */
const MAX_ATTEMPTS = 5;

/** What a change does once computed on the running configuration. */
interface SubnetChange {
  raw: unknown;
  /** where the subnet given in full sits in the new list: its errors are named "subnet6[0]…" as in the request */
  index?: number;
  answer: CommandAnswer;
  audit: AuditAppend;
}

type Plan = SubnetChange | CommandAnswer;

function isAnswer(plan: Plan): plan is CommandAnswer {
  return 'result' in plan;
}

function notFound(id: number, result: number): CommandAnswer {
  return { result, text: `No IPv6 subnet with id ${id} found` };
}

function label(s: { id: number; subnet: string }): string {
  return `IPv6 subnet ${s.subnet} (id ${s.id})`;
}

function canonicalPrefix(text: string): string {
  const p = tryParsePrefix(text);
  return typeof p === 'string' ? text : formatPrefix(p);
}

/**
 * Kea's automatic subnet id for subnet6-add (hooks chapter, subnet_cmds): the id assigned
 * automatically before, plus one — starting, after each whole configuration, from the
 * highest id the parser gave a subnet of it that had none. A subnet already holding that id
 * makes the command fail; the next one then gets the id after it.
 */
const automaticIds = new WeakMap<RunningAgentControl, { generation: number; last: number }>();

/** Taken before any subnet edit, while the configuration still shows which ids the parser assigned. */
function automaticIdState(agent: RunningAgentControl, config: Config): { generation: number; last: number } {
  let state = automaticIds.get(agent);
  if (state === undefined || state.generation !== agent.configGeneration) {
    const listed = Array.isArray(config.raw.Dhcp6.subnet6) ? (config.raw.Dhcp6.subnet6 as unknown[]) : [];
    let last = 0;
    config.subnets.forEach((s, i) => {
      if (isMap(listed[i]) && listed[i].id === undefined && s.id > last) last = s.id;
    });
    state = { generation: agent.configGeneration, last };
    automaticIds.set(agent, state);
  }
  return state;
}

function nextAutomaticId(agent: RunningAgentControl): number {
  return ++automaticIdState(agent, agent.config()).last;
}

async function recordAudit(agent: RunningAgentControl, ctx: CommandContext, entry: AuditAppend): Promise<void> {
  try {
    await agent.store.audit.append(entry);
  } catch (err) {
    ctx.log.error({ err, subnet: entry.objectId }, 'the subnet change is applied, but could not be recorded in the configuration audit');
  }
}

/** Computes the change on the running configuration and applies it; again when another change won the race. */
async function applyChange(agent: RunningAgentControl, ctx: CommandContext, plan: (config: Config) => Plan): Promise<CommandAnswer> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const config = agent.config();
    automaticIdState(agent, config);
    const change = plan(config);
    if (isAnswer(change)) return change;
    const error = await agent.reconfigure(change.raw, 'subnets', config);
    if (error === CONFIG_REPLACED) continue;
    if (error !== null) {
      const text = change.index !== undefined ? asArgumentPath(error, change.index) : `the subnet with the change applied is not valid: ${error}`;
      return { result: RESULT.ERROR, text };
    }
    ctx.log.info({ change: change.audit.logMessage }, 'subnet configuration changed');
    await recordAudit(agent, ctx, change.audit);
    return change.answer;
  }
  return { result: RESULT.CONFLICT, text: 'the configuration kept changing while this command ran; send it again' };
}

function reservationsRefused(entry: RawMap, command: string): CommandAnswer | null {
  if (!('reservations' in entry)) return null;
  return { result: RESULT.ERROR, text: `subnet6[0].reservations: reservations cannot be given in ${command}; use reservation-add` };
}

export const subnet6List = runningCommand({
  name: 'subnet6-list',
  description: 'Lists the running subnets in brief: id and prefix of each.',
  schema: { type: 'object', description: 'No arguments are needed; any given are ignored.' },
  examples: SUBNET6_EXAMPLES['subnet6-list'],
  async handle(_args, agent) {
    const subnets = agent.config().subnets.map(subnetBrief);
    return { result: subnets.length > 0 ? RESULT.SUCCESS : RESULT.EMPTY, text: `${subnets.length} IPv6 subnets found`, arguments: { subnets } };
  },
});

export const subnet6Get = runningCommand<{ id?: number; subnet?: string }>({
  name: 'subnet6-get',
  description: 'Returns one running subnet, by `id` or by `subnet` prefix, as the configuration holds it.',
  schema: {
    type: 'object',
    properties: { id: SUBNET_ID, subnet: { type: 'string', format: 'ipv6-prefix' } },
  },
  argumentsRequired: true,
  examples: SUBNET6_EXAMPLES['subnet6-get'],
  async handle(args, agent) {
    if (args.id === undefined && args.subnet === undefined) return { result: RESULT.ERROR, text: "missing parameter 'id' or 'subnet'" };
    if (args.id !== undefined && args.subnet !== undefined) return { result: RESULT.ERROR, text: "give either 'id' or 'subnet', not both" };
    const config = agent.config();
    const { id, subnet } = args;
    const index = id !== undefined ? config.subnets.findIndex((s) => s.id === id) : config.subnets.findIndex((s) => s === subnetByPrefix(config, subnet!));
    if (index < 0) {
      return id !== undefined ? notFound(id, RESULT.EMPTY) : { result: RESULT.EMPTY, text: `No IPv6 subnet ${canonicalPrefix(subnet!)} found` };
    }
    const s = config.subnets[index];
    return { result: RESULT.SUCCESS, text: `Info about ${label(s)} returned`, arguments: { subnets: [editableConfig(config).subnets[index]] } };
  },
});

export const subnet6Add = runningCommand<{ subnet6: RawMap[] }>({
  name: 'subnet6-add',
  description:
    "Adds a subnet to the running configuration, written as in the configuration file but without reservations (use reservation-add). Without an `id`, it gets the id assigned automatically before plus one (Kea's rule); the command fails when that id is taken.",
  schema: subnetListSchema(['subnet']),
  argumentsRequired: true,
  examples: SUBNET6_EXAMPLES['subnet6-add'],
  async handle(args, agent, ctx) {
    const given = args.subnet6[0];
    const refused = reservationsRefused(given, 'subnet6-add');
    if (refused) return refused;
    const prefix = canonicalPrefix(given.subnet as string);
    const automatic = typeof given.id !== 'number';
    const id = automatic ? nextAutomaticId(agent) : (given.id as number);
    return applyChange(agent, ctx, (config) => {
      if (config.subnets.some((s) => s.id === id)) {
        const how = automatic ? " (assigned automatically: give the subnet an 'id')" : '';
        return { result: RESULT.ERROR, text: `ID of the new IPv6 subnet '${id}' is already in use${how}` };
      }
      if (subnetByPrefix(config, prefix)) return { result: RESULT.ERROR, text: `subnet with the prefix of '${prefix}' already exists` };
      const edit = editableConfig(config);
      const entry = { ...structuredClone(given), id };
      edit.subnets.push(entry);
      const brief = { id, subnet: prefix };
      return {
        raw: edit.raw,
        index: edit.subnets.length - 1,
        answer: { result: RESULT.SUCCESS, text: 'IPv6 subnet added', arguments: { subnet6: [brief] } },
        audit: { objectType: SUBNET6_AUDIT_OBJECT, objectId: id, modificationType: 'create', logMessage: `subnet6-add: ${label(brief)}`, payload: { subnet6: [entry] } },
      };
    });
  },
});

export const subnet6Update = runningCommand<{ subnet6: RawMap[] }>({
  name: 'subnet6-update',
  description:
    'Replaces the running subnet with the same `id` by the one given (its reservations in the configuration stay; change them with reservation-* commands). The prefix cannot change: delete the subnet and add a new one.',
  schema: subnetListSchema(['id', 'subnet']),
  argumentsRequired: true,
  examples: SUBNET6_EXAMPLES['subnet6-update'],
  async handle(args, agent, ctx) {
    const given = args.subnet6[0];
    const refused = reservationsRefused(given, 'subnet6-update');
    if (refused) return refused;
    const id = given.id as number;
    return applyChange(agent, ctx, (config) => {
      const index = config.subnets.findIndex((s) => s.id === id);
      if (index < 0) return notFound(id, RESULT.ERROR);
      const running = config.subnets[index];
      const prefix = canonicalPrefix(given.subnet as string);
      if (prefix !== running.subnet) {
        return { result: RESULT.ERROR, text: `subnet6[0].subnet: subnet ${id} is ${running.subnet}; subnet6-update cannot change its prefix (delete the subnet and add it again)` };
      }
      const edit = editableConfig(config);
      const entry = structuredClone(given);
      const kept = edit.subnets[index].reservations;
      if (kept !== undefined) entry.reservations = kept;
      edit.subnets[index] = entry;
      return {
        raw: edit.raw,
        index,
        answer: { result: RESULT.SUCCESS, text: 'IPv6 subnet updated', arguments: { subnet6: [subnetBrief(running)] } },
        audit: { objectType: SUBNET6_AUDIT_OBJECT, objectId: id, modificationType: 'update', logMessage: `subnet6-update: ${label(running)}`, payload: { subnet6: [entry] } },
      };
    });
  },
});

export const subnet6Del = runningCommand<{ id: number }>({
  name: 'subnet6-del',
  description:
    'Removes a subnet from the running configuration. As in Kea, its leases and the reservations stored in the database for it stay (lease6-wipe and reservation-del remove them).',
  schema: { type: 'object', required: ['id'], properties: { id: SUBNET_ID } },
  argumentsRequired: true,
  examples: SUBNET6_EXAMPLES['subnet6-del'],
  async handle(args, agent, ctx) {
    return applyChange(agent, ctx, (config) => {
      const index = config.subnets.findIndex((s) => s.id === args.id);
      if (index < 0) return notFound(args.id, RESULT.EMPTY);
      const brief = subnetBrief(config.subnets[index]);
      const edit = editableConfig(config);
      edit.subnets.splice(index, 1);
      return {
        raw: edit.raw,
        answer: { result: RESULT.SUCCESS, text: `${label(brief)} deleted`, arguments: { subnets: [brief] } },
        audit: { objectType: SUBNET6_AUDIT_OBJECT, objectId: brief.id, modificationType: 'delete', logMessage: `subnet6-del: ${label(brief)}`, payload: { subnet6: [brief] } },
      };
    });
  },
});

type DeltaApply = (subnet: RawMap, delta: RawMap) => string | null;

function deltaCommand(name: 'subnet6-delta-add' | 'subnet6-delta-del', apply: DeltaApply, description: string) {
  return runningCommand<{ subnet6: RawMap[] }>({
    name,
    description,
    schema: subnetListSchema(['id']),
    argumentsRequired: true,
    examples: SUBNET6_EXAMPLES[name],
    async handle(args, agent, ctx) {
      const delta = args.subnet6[0];
      const refused = reservationsRefused(delta, name);
      if (refused) return refused;
      const id = delta.id as number;
      return applyChange(agent, ctx, (config) => {
        const index = config.subnets.findIndex((s) => s.id === id);
        if (index < 0) return notFound(id, RESULT.ERROR);
        const running = config.subnets[index];
        if (typeof delta.subnet === 'string' && canonicalPrefix(delta.subnet) !== running.subnet) {
          return { result: RESULT.ERROR, text: `subnet6[0].subnet: subnet ${id} is ${running.subnet}, not ${canonicalPrefix(delta.subnet)}` };
        }
        const edit = editableConfig(config);
        const entry = edit.subnets[index];
        const error = apply(entry, delta);
        if (error !== null) return { result: RESULT.ERROR, text: error };
        return {
          raw: edit.raw,
          answer: { result: RESULT.SUCCESS, text: 'IPv6 subnet updated', arguments: { subnet6: [subnetBrief(running)] } },
          audit: { objectType: SUBNET6_AUDIT_OBJECT, objectId: id, modificationType: 'update', logMessage: `${name}: ${label(running)}`, payload: { subnet6: [entry] } },
        };
      });
    },
  });
}

export const subnet6DeltaAdd = deltaCommand(
  'subnet6-delta-add',
  (subnet, delta) => applyDeltaAdd(subnet, delta),
  'Adds parts to a running subnet: pools (by "pool"), pd-pools (by "prefix" and "prefix-len") and option-data (by code or name) are added or replace the entry with the same identity; other parameters are set.',
);

export const subnet6DeltaDel = deltaCommand(
  'subnet6-delta-del',
  (subnet, delta) => applyDeltaDel(subnet, delta),
  'Removes parts of a running subnet: the pools, pd-pools and option-data entries named (an entry given with option-data loses only those options), and the other parameters listed, whatever their values.',
);

export const SUBNET6_COMMANDS = [subnet6List, subnet6Get, subnet6Add, subnet6Update, subnet6Del, subnet6DeltaAdd, subnet6DeltaDel];
