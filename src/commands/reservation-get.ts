// host_cmds' read commands: reservation-get, reservation-get-all, reservation-get-page,
// reservation-get-by-hostname, reservation-get-by-id. They read the configuration file's
// reservations and the database's alike.

import type { Host6 } from '../store/types.js';
import { HOST_SELECTOR_SCHEMA, parseHostSelector, parseIdentifier, V6_IDENTIFIER_TYPES, type HostIdentifierType } from './host-parser.js';
import { configHosts, databaseHost, findHost, hostToJson, SOURCE_CONFIG, SOURCE_DATABASE, type HostRecord } from './host-view.js';
import { RESERVATION_EXAMPLES } from './reservation-examples.js';
import { UINT32 } from './lease6-parser.js';
import { RESULT, type CommandAnswer, type CommandDefinition } from './types.js';

/** Kea: "N IPv6 host(s) found.", result 3 when N is 0. */
function hostList(hosts: Host6[], extra?: Record<string, unknown>): CommandAnswer {
  return {
    result: hosts.length > 0 ? RESULT.SUCCESS : RESULT.EMPTY,
    text: `${hosts.length} IPv6 host(s) found.`,
    arguments: { ...extra, hosts: hosts.map(hostToJson) },
  };
}

const PARAMETERS_NOT_A_MAP = 'Parameters missing or are not a map.';

export const reservationGet: CommandDefinition = {
  name: 'reservation-get',
  description: 'Returns one reservation of a subnet (0: global), by reserved address or prefix, or by identifier.',
  schema: HOST_SELECTOR_SCHEMA,
  argumentsRequired: true,
  argumentsText: PARAMETERS_NOT_A_MAP,
  examples: RESERVATION_EXAMPLES['reservation-get'],
  async handle(args, ctx) {
    const sel = parseHostSelector(args);
    if (typeof sel === 'string') return { result: RESULT.ERROR, text: sel };
    const host = await findHost(ctx.agent.config(), ctx.agent.store.hosts, sel);
    if (!host) return { result: RESULT.EMPTY, text: 'Host not found.' };
    return { result: RESULT.SUCCESS, text: 'Host found.', arguments: hostToJson(host) };
  },
};

export const reservationGetAll: CommandDefinition<{ 'subnet-id': number }> = {
  name: 'reservation-get-all',
  description: 'Returns every reservation of a subnet (0: the global ones): those of the configuration file, then those in the database.',
  schema: { type: 'object', required: ['subnet-id'], properties: { 'subnet-id': UINT32 } },
  argumentsRequired: true,
  argumentsText: PARAMETERS_NOT_A_MAP,
  examples: RESERVATION_EXAMPLES['reservation-get-all'],
  async handle(args, ctx) {
    const id = args['subnet-id'];
    const stored = await ctx.agent.store.hosts.getAll(id);
    return hostList([...configHosts(ctx.agent.config(), id), ...stored]);
  },
};

interface PageArgs {
  'subnet-id'?: number;
  limit: number;
  'source-index'?: number;
  from?: number;
}

export const reservationGetPage: CommandDefinition<PageArgs> = {
  name: 'reservation-get-page',
  description:
    'Returns up to `limit` reservations (of one subnet, or all), source by source: 0 the configuration file, 1 the database. Pass the answer\'s `next` ("from", "source-index") to get the following page; result 3 when there is none.',
  schema: {
    type: 'object',
    required: ['limit'],
    properties: {
      'subnet-id': UINT32,
      limit: { type: 'integer', minimum: 1, maximum: 4294967295 },
      'source-index': { type: 'integer', minimum: SOURCE_CONFIG, maximum: SOURCE_DATABASE, default: SOURCE_CONFIG },
      from: { type: 'integer', minimum: 0, default: 0, description: 'the host id after which the page starts (the previous answer\'s next.from)' },
    },
  },
  argumentsRequired: true,
  argumentsText: PARAMETERS_NOT_A_MAP,
  examples: RESERVATION_EXAMPLES['reservation-get-page'],
  async handle(args, ctx) {
    const subnetId = args['subnet-id'];
    let source = args['source-index'] ?? SOURCE_CONFIG;
    let from = args.from ?? 0;
    let page: HostRecord[] = [];
    if (source === SOURCE_CONFIG) {
      page = configHosts(ctx.agent.config(), subnetId).filter((h) => h.hostId > from).slice(0, args.limit);
      if (page.length === 0) {
        source = SOURCE_DATABASE;
        from = 0;
      }
    }
    if (source === SOURCE_DATABASE) page = (await ctx.agent.store.hosts.getPage(subnetId, from, args.limit)).map(databaseHost);
    if (page.length === 0) return hostList([], { count: 0 });
    return hostList(page, { count: page.length, next: { from: page[page.length - 1].hostId, 'source-index': source } });
  },
};

export const reservationGetByHostname: CommandDefinition<{ hostname: string; 'subnet-id'?: number }> = {
  name: 'reservation-get-by-hostname',
  description: 'Returns every reservation with this host name (compared without regard to case), optionally in one subnet.',
  schema: { type: 'object', required: ['hostname'], properties: { hostname: { type: 'string', minLength: 1 }, 'subnet-id': UINT32 } },
  argumentsRequired: true,
  argumentsText: PARAMETERS_NOT_A_MAP,
  examples: RESERVATION_EXAMPLES['reservation-get-by-hostname'],
  async handle(args, ctx) {
    const wanted = args.hostname.toLowerCase();
    const fromConfig = configHosts(ctx.agent.config(), args['subnet-id']).filter((h) => h.hostname.toLowerCase() === wanted);
    const stored = await ctx.agent.store.hosts.getByHostname(args.hostname, args['subnet-id']);
    return hostList([...fromConfig, ...stored]);
  },
};

export const reservationGetById: CommandDefinition<{ 'identifier-type': HostIdentifierType; identifier: string }> = {
  name: 'reservation-get-by-id',
  description: 'Returns the reservations of one identifier in every subnet.',
  schema: {
    type: 'object',
    required: ['identifier-type', 'identifier'],
    properties: { 'identifier-type': { type: 'string', enum: [...V6_IDENTIFIER_TYPES] }, identifier: { type: 'string' } },
  },
  argumentsRequired: true,
  argumentsText: PARAMETERS_NOT_A_MAP,
  examples: RESERVATION_EXAMPLES['reservation-get-by-id'],
  async handle(args, ctx) {
    const identifier = parseIdentifier(args.identifier);
    if (typeof identifier === 'string') return { result: RESULT.ERROR, text: identifier };
    const type = args['identifier-type'];
    const same = (h: Host6) => h.identifierType === type && h.identifier.equals(identifier);
    // HostStore has no lookup by identifier across subnets; the full list is filtered here.
    const stored = (await ctx.agent.store.hosts.getAll()).filter(same);
    return hostList([...configHosts(ctx.agent.config()).filter(same), ...stored]);
  },
};

export const RESERVATION_GET_COMMANDS = [reservationGet, reservationGetAll, reservationGetPage, reservationGetByHostname, reservationGetById];
