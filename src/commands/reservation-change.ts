// host_cmds' write commands: reservation-add, reservation-update, reservation-del. They
// change reservations in the database (Store.hosts); those of the configuration file are
// changed by editing the configuration, and clashes with them are refused.

import { HostConflictError, StoreInputError } from '../store/types.js';
import { HOST_SELECTOR_SCHEMA, parseHostSelector, parseReservation, RESERVATION_ARGUMENTS_SCHEMA } from './host-parser.js';
import { configConflict, findHost, SOURCE_CONFIG } from './host-view.js';
import { RESERVATION_EXAMPLES } from './reservation-examples.js';
import { RESULT, type CommandAnswer, type CommandContext, type CommandDefinition } from './types.js';

const IN_CONFIG_FILE = 'is defined in the configuration file: change it there (config-set or config-reload)';

/** Store refusals become Kea error answers; anything else is a real failure and propagates. */
function storeRefusal(err: unknown): CommandAnswer {
  if (err instanceof HostConflictError) return { result: RESULT.ERROR, text: `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.` };
  if (err instanceof StoreInputError) return { result: RESULT.ERROR, text: `invalid value specified for parameter 'reservation.${err.field}': ${err.problem}` };
  throw err;
}

/** The change is committed whatever happens here: a failed refresh is logged, not answered. */
async function announce(ctx: CommandContext, command: string): Promise<void> {
  try {
    await ctx.agent.reservationsChanged?.();
  } catch (err) {
    ctx.log.error({ command, err }, 'reservation changed in the database, but the engine could not reload its reservations');
  }
}

export const reservationAdd: CommandDefinition<{ reservation: Record<string, unknown> }> = {
  name: 'reservation-add',
  description:
    'Stores a reservation in the database. Refused when its identifier, an address or a prefix is already reserved in that subnet, by the configuration file or the database.',
  schema: RESERVATION_ARGUMENTS_SCHEMA,
  argumentsRequired: true,
  examples: RESERVATION_EXAMPLES['reservation-add'],
  async handle(args, ctx) {
    const config = ctx.agent.config();
    const host = parseReservation(config, args.reservation);
    if (typeof host === 'string') return { result: RESULT.ERROR, text: host };
    const clash = configConflict(config, host);
    if (clash) return { result: RESULT.ERROR, text: clash };
    try {
      await ctx.agent.store.hosts.add(host);
    } catch (err) {
      return storeRefusal(err);
    }
    await announce(ctx, 'reservation-add');
    return { result: RESULT.SUCCESS, text: 'Host added.' };
  },
};

export const reservationUpdate: CommandDefinition<{ reservation: Record<string, unknown> }> = {
  name: 'reservation-update',
  description: 'Replaces the stored reservation with the same subnet-id and identifier by the one given.',
  schema: RESERVATION_ARGUMENTS_SCHEMA,
  argumentsRequired: true,
  examples: RESERVATION_EXAMPLES['reservation-update'],
  async handle(args, ctx) {
    const config = ctx.agent.config();
    const host = parseReservation(config, args.reservation);
    if (typeof host === 'string') return { result: RESULT.ERROR, text: host };
    const existing = await findHost(config, ctx.agent.store.hosts, {
      by: 'identifier',
      subnetId: host.subnetId,
      identifierType: host.identifierType,
      identifier: host.identifier,
    });
    if (!existing) return { result: RESULT.ERROR, text: 'Host not updated (not found).' };
    if (existing.source === SOURCE_CONFIG) return { result: RESULT.ERROR, text: `Host not updated: it ${IN_CONFIG_FILE}.` };
    const clash = configConflict(config, host);
    if (clash) return { result: RESULT.ERROR, text: clash };
    let updated: boolean;
    try {
      updated = await ctx.agent.store.hosts.update({ ...host, hostId: existing.hostId });
    } catch (err) {
      return storeRefusal(err);
    }
    if (!updated) return { result: RESULT.ERROR, text: 'Host not updated (not found).' };
    await announce(ctx, 'reservation-update');
    return { result: RESULT.SUCCESS, text: 'Host updated.' };
  },
};

export const reservationDel: CommandDefinition = {
  name: 'reservation-del',
  description: 'Deletes a stored reservation of a subnet (0: global), by reserved address or prefix, or by identifier.',
  schema: HOST_SELECTOR_SCHEMA,
  argumentsRequired: true,
  argumentsText: 'Parameters missing or are not a map.',
  examples: RESERVATION_EXAMPLES['reservation-del'],
  async handle(args, ctx) {
    const sel = parseHostSelector(args);
    if (typeof sel === 'string') return { result: RESULT.ERROR, text: sel };
    const host = await findHost(ctx.agent.config(), ctx.agent.store.hosts, sel);
    if (!host) return { result: RESULT.EMPTY, text: 'Host not deleted (not found).' };
    if (host.source === SOURCE_CONFIG) return { result: RESULT.ERROR, text: `Host not deleted: it ${IN_CONFIG_FILE}.` };
    if (!(await ctx.agent.store.hosts.delete(host.hostId))) return { result: RESULT.EMPTY, text: 'Host not deleted (not found).' };
    await announce(ctx, 'reservation-del');
    return { result: RESULT.SUCCESS, text: 'Host deleted.' };
  },
};

export const RESERVATION_CHANGE_COMMANDS = [reservationAdd, reservationUpdate, reservationDel];
