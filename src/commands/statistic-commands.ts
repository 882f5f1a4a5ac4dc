// Kea's statistic-* commands on the engine's statistics (engine/statistics.ts): Kea's names
// ("pkt6-received", "subnet[1].assigned-nas"), each with its recent samples as
// [[value, "YYYY-MM-DD HH:MM:SS.ffffff"], …], newest first.

import { runningCommand } from './running-agent.js';
import { STATISTIC_EXAMPLES } from './statistic-examples.js';
import { RESULT, type JsonSchema } from './types.js';

const NO_ARGUMENTS: JsonSchema = { type: 'object', description: 'No arguments are needed; any given are ignored.' };

const NAME_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, description: 'a statistic\'s name, e.g. "pkt6-received" or "subnet[1].assigned-nas"' } },
};

function noSuchStatistic(name: string) {
  return { result: RESULT.ERROR, text: `No '${name}' statistic found` };
}

export const statisticGet = runningCommand<{ name: string }>({
  name: 'statistic-get',
  description: "Returns one statistic's samples, newest first. An unknown name answers an empty map, as in Kea.",
  schema: NAME_SCHEMA,
  argumentsRequired: true,
  examples: STATISTIC_EXAMPLES['statistic-get'],
  async handle(args, agent) {
    const samples = agent.statistics.get(args.name);
    return { result: RESULT.SUCCESS, arguments: samples === undefined ? {} : { [args.name]: samples } };
  },
});

export const statisticGetAll = runningCommand({
  name: 'statistic-get-all',
  description: 'Returns every statistic with its samples, by name.',
  schema: NO_ARGUMENTS,
  examples: STATISTIC_EXAMPLES['statistic-get-all'],
  async handle(_args, agent) {
    return { result: RESULT.SUCCESS, arguments: agent.statistics.getAll() };
  },
});

export const statisticReset = runningCommand<{ name: string }>({
  name: 'statistic-reset',
  description: "Sets one statistic back to 0 and drops its samples. Statistics the engine derives from the database (assigned-nas, …) are set again on its next refresh.",
  schema: NAME_SCHEMA,
  argumentsRequired: true,
  examples: STATISTIC_EXAMPLES['statistic-reset'],
  async handle(args, agent) {
    if (!agent.statistics.reset(args.name)) return noSuchStatistic(args.name);
    return { result: RESULT.SUCCESS, text: `Statistic '${args.name}' reset.` };
  },
});

export const statisticResetAll = runningCommand({
  name: 'statistic-reset-all',
  description: 'Sets every statistic back to 0 and drops their samples.',
  schema: NO_ARGUMENTS,
  examples: STATISTIC_EXAMPLES['statistic-reset-all'],
  async handle(_args, agent) {
    agent.statistics.resetAll();
    return { result: RESULT.SUCCESS, text: 'All statistics reset to neutral values.' };
  },
});

export const statisticRemove = runningCommand<{ name: string }>({
  name: 'statistic-remove',
  description: 'Removes one statistic; the engine creates it again when it next counts it.',
  schema: NAME_SCHEMA,
  argumentsRequired: true,
  examples: STATISTIC_EXAMPLES['statistic-remove'],
  async handle(args, agent) {
    if (!agent.statistics.remove(args.name)) return noSuchStatistic(args.name);
    return { result: RESULT.SUCCESS, text: `Statistic '${args.name}' removed.` };
  },
});

export const statisticRemoveAll = runningCommand({
  name: 'statistic-remove-all',
  description: 'Removes every statistic; the engine creates each again when it next counts it.',
  schema: NO_ARGUMENTS,
  examples: STATISTIC_EXAMPLES['statistic-remove-all'],
  async handle(_args, agent) {
    agent.statistics.removeAll();
    return { result: RESULT.SUCCESS, text: 'All statistics removed.' };
  },
});

export const STATISTIC_COMMANDS = [statisticGet, statisticGetAll, statisticReset, statisticResetAll, statisticRemove, statisticRemoveAll];
