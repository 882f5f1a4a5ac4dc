// Kea's configuration commands: config-get, config-hash-get, config-test, config-set,
// config-reload (config-write is in config-write.ts). A new configuration is applied all or
// nothing (Agent.reconfigure): when it does not parse, a hook library fails to load, or a
// dhcp6_srv_configured callout drops it, the running configuration stays as it was.

import { configHash } from '../config/config-hash.js';
import { CONFIG_EXAMPLES } from './config-examples.js';
import { runningCommand } from './running-agent.js';
import { RESULT, type CommandAnswer, type JsonSchema, type RunningAgentControl } from './types.js';

const NO_ARGUMENTS: JsonSchema = { type: 'object', description: 'No arguments are needed; any given are ignored.' };

/** config-set and config-test take a whole configuration: {"Dhcp6": {…}}. */
const CONFIGURATION_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['Dhcp6'],
  properties: {
    Dhcp6: { type: 'object', description: "Kea's Dhcp6 map, as in the configuration file" },
    hash: { type: 'string', description: "ignored: config-get's answer can be sent back as it is" },
  },
  description: 'A whole configuration, as in the configuration file.',
};

/**
 * config-get's answer carries the configuration's `hash` beside Dhcp6; an operator who
 * sends that answer back (edited) through config-set or config-test means the configuration.
 */
function configurationOf(args: Record<string, unknown>): Record<string, unknown> {
  if (typeof args.hash !== 'string') return args;
  const { hash: _hash, ...configuration } = args;
  return configuration;
}

/** Kea ≥ 2.4 answers a successful config-set / config-reload with the new configuration's hash. */
function configured(agent: RunningAgentControl): CommandAnswer {
  return { result: RESULT.SUCCESS, text: 'Configuration successful.', arguments: { hash: configHash(agent.config().raw) } };
}

export const configGet = runningCommand({
  name: 'config-get',
  description:
    'Returns the running configuration as {"Dhcp6": …} — as the file or the last config-set gave it, with the changes subnet6-* commands made since — and its `hash` (Kea ≥ 2.4).',
  schema: NO_ARGUMENTS,
  examples: CONFIG_EXAMPLES['config-get'],
  async handle(_args, agent) {
    const raw = agent.config().raw;
    return { result: RESULT.SUCCESS, arguments: { ...structuredClone(raw), hash: configHash(raw) } };
  },
});

export const configHashGet = runningCommand({
  name: 'config-hash-get',
  description: "Returns the running configuration's hash (SHA-256 of its canonical JSON): compare it with an earlier one to learn whether the configuration changed.",
  schema: NO_ARGUMENTS,
  examples: CONFIG_EXAMPLES['config-hash-get'],
  async handle(_args, agent) {
    return { result: RESULT.SUCCESS, arguments: { hash: configHash(agent.config().raw) } };
  },
});

export const configTest = runningCommand<{ Dhcp6: Record<string, unknown> }>({
  name: 'config-test',
  description:
    'Checks a configuration as config-set would (parse, then load its hook libraries beside the running ones and unload them) without applying anything.',
  schema: CONFIGURATION_SCHEMA,
  argumentsRequired: true,
  examples: CONFIG_EXAMPLES['config-test'],
  async handle(args, agent) {
    const error = await agent.testConfig(configurationOf(args));
    if (error !== null) return { result: RESULT.ERROR, text: error };
    return {
      result: RESULT.SUCCESS,
      text: 'Configuration seems sane. Control-socket, hook-libraries, and D2 configuration were sanity checked, but not applied.',
    };
  },
});

export const configSet = runningCommand<{ Dhcp6: Record<string, unknown> }>({
  name: 'config-set',
  description:
    'Replaces the running configuration, all or nothing: hook libraries reload, sockets whose configuration changed reopen; on any error the previous configuration keeps running. Not written to the file (see config-write).',
  schema: CONFIGURATION_SCHEMA,
  argumentsRequired: true,
  examples: CONFIG_EXAMPLES['config-set'],
  async handle(args, agent, ctx) {
    const error = await agent.reconfigure(configurationOf(args), 'full');
    if (error !== null) {
      ctx.log.warn({ error }, 'config-set refused; the running configuration is unchanged');
      return { result: RESULT.ERROR, text: error };
    }
    ctx.log.info({}, 'config-set applied');
    return configured(agent);
  },
});

export const configReload = runningCommand({
  name: 'config-reload',
  description: 'Reads the configuration file again and applies it as config-set does; on any error the running configuration stays.',
  schema: NO_ARGUMENTS,
  examples: CONFIG_EXAMPLES['config-reload'],
  async handle(_args, agent, ctx) {
    const error = await agent.reload();
    if (error !== null) {
      ctx.log.warn({ error, file: agent.configFile }, 'config-reload refused; the running configuration is unchanged');
      return { result: RESULT.ERROR, text: `Config reload failed: ${error}` };
    }
    ctx.log.info({ file: agent.configFile }, 'config-reload applied');
    return configured(agent);
  },
});
