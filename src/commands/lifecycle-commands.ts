// Kea's commands on the server process itself: status-get, shutdown, dhcp-disable,
// dhcp-enable, leases-reclaim.

import { LIFECYCLE_EXAMPLES } from './lifecycle-examples.js';
import { runningCommand } from './running-agent.js';
import { RESULT, SERVICE_ORIGINS, type JsonSchema, type ServiceOrigin } from './types.js';

const ORIGIN: JsonSchema = {
  type: 'string',
  enum: [...SERVICE_ORIGINS],
  description: 'who disables or enables the service (Kea 2.2): "user" (default) or "ha-partner"; it serves again once no origin holds it disabled',
};

export const statusGet = runningCommand({
  name: 'status-get',
  description:
    "Returns Kea's status (pid, seconds since start and since the last reconfiguration, sockets) and the agent's own: the interfaces served, whether the lease database answers, and whether the DHCP service is enabled (Kea ≥ 2.4's dhcp-state).",
  schema: { type: 'object', description: 'No arguments are needed; any given are ignored.' },
  examples: LIFECYCLE_EXAMPLES['status-get'],
  async handle(_args, agent) {
    const status = await agent.status();
    const disabledBy = agent.service.disabledBy();
    return {
      result: RESULT.SUCCESS,
      arguments: {
        pid: status.pid,
        uptime: status.uptime,
        reload: status.reload,
        'multi-threading-enabled': false,
        sockets: { status: 'ready' },
        interfaces: status.interfaces,
        'lease-database': { type: status.databaseType, reachable: status.databaseReachable },
        'dhcp-state': {
          'globally-disabled': !status.dhcpEnabled,
          'disabled-by-user': disabledBy.includes('user'),
          'disabled-by-remote-command': disabledBy.filter((o) => o !== 'user'),
          'disabled-by-local-command': [],
          'disabled-by-db-connection': false,
        },
      },
    };
  },
});

export const shutdown = runningCommand<{ 'exit-value'?: number }>({
  name: 'shutdown',
  description: 'Answers, then stops the agent: packets and commands in progress finish, the database is flushed; the process exits with `exit-value` (0 by default).',
  schema: {
    type: 'object',
    properties: { 'exit-value': { type: 'integer', minimum: 0, maximum: 255, description: 'the exit status of the process' } },
  },
  examples: LIFECYCLE_EXAMPLES.shutdown,
  async handle(args, agent, ctx) {
    const exitValue = args['exit-value'] ?? 0;
    ctx.log.info({ exitValue }, 'shutdown command received');
    agent.shutdown(exitValue);
    return { result: RESULT.SUCCESS, text: 'Shutting down.' };
  },
});

export const dhcpDisable = runningCommand<{ 'max-period'?: number; origin?: ServiceOrigin }>({
  name: 'dhcp-disable',
  description:
    'Stops answering DHCPv6 packets (they are dropped) without stopping the agent; commands are still served. With `max-period`, service resumes by itself after that many seconds.',
  schema: {
    type: 'object',
    properties: {
      'max-period': { type: 'integer', minimum: 1, maximum: 4294967295, description: 'seconds after which the service is enabled again' },
      origin: ORIGIN,
    },
  },
  examples: LIFECYCLE_EXAMPLES['dhcp-disable'],
  async handle(args, agent, ctx) {
    const maxPeriod = args['max-period'];
    agent.service.disable(args.origin ?? 'user', maxPeriod);
    ctx.log.info({ maxPeriod, origin: args.origin ?? 'user' }, 'DHCPv6 service disabled');
    return { result: RESULT.SUCCESS, text: `DHCPv6 service disabled${maxPeriod !== undefined ? ` for ${maxPeriod} seconds` : ''}` };
  },
});

export const dhcpEnable = runningCommand<{ origin?: ServiceOrigin }>({
  name: 'dhcp-enable',
  description: 'Resumes answering DHCPv6 packets after dhcp-disable (of the same origin; the service runs once no origin holds it disabled).',
  schema: { type: 'object', properties: { origin: ORIGIN } },
  examples: LIFECYCLE_EXAMPLES['dhcp-enable'],
  async handle(args, agent, ctx) {
    agent.service.enable(args.origin ?? 'user');
    ctx.log.info({ origin: args.origin ?? 'user', enabled: agent.service.isEnabled() }, 'dhcp-enable');
    return { result: RESULT.SUCCESS, text: 'DHCP service successfully enabled' };
  },
});

export const leasesReclaim = runningCommand<{ remove: boolean }>({
  name: 'leases-reclaim',
  description:
    'Reclaims every expired lease now, as the periodic reclamation does (lease6_expire runs, statistics follow). With `remove`: true the leases are deleted instead of kept as expired-reclaimed.',
  schema: {
    type: 'object',
    required: ['remove'],
    properties: { remove: { type: 'boolean', description: 'delete the reclaimed leases instead of keeping them in state expired-reclaimed' } },
  },
  argumentsRequired: true,
  examples: LIFECYCLE_EXAMPLES['leases-reclaim'],
  async handle(args, agent, ctx) {
    const count = await agent.reclaim(args.remove);
    ctx.log.info({ count, remove: args.remove }, 'leases-reclaim');
    return { result: RESULT.SUCCESS, text: 'Reclamation of expired leases is complete.' };
  },
});

export const LIFECYCLE_COMMANDS = [statusGet, shutdown, dhcpDisable, dhcpEnable, leasesReclaim];
