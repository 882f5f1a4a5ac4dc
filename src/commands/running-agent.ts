// The commands that drive the running agent (config-*, subnet6-*, statistic-*, status-get,
// shutdown, dhcp-*, leases-reclaim) need more of it than the database: RunningAgentControl.
// A processor built on a Store-only AgentControl answers them with an error instead of
// failing inside the handler.

import {
  RESULT,
  type AgentControl,
  type CommandAnswer,
  type CommandContext,
  type CommandDefinition,
  type RunningAgentControl,
} from './types.js';

export function isRunningAgent(agent: AgentControl): agent is RunningAgentControl {
  const a = agent as Partial<RunningAgentControl>;
  return typeof a.reconfigure === 'function' && typeof a.status === 'function' && a.service !== undefined;
}

export interface RunningCommandDefinition<A> extends Omit<CommandDefinition<A>, 'handle' | 'runningAgent'> {
  handle(args: A, agent: RunningAgentControl, ctx: CommandContext): Promise<CommandAnswer>;
}

/** A command definition whose handler receives the running agent. */
export function runningCommand<A = Record<string, unknown>>(def: RunningCommandDefinition<A>): CommandDefinition<A> {
  const { handle, ...rest } = def;
  return {
    ...rest,
    runningAgent: true,
    async handle(args, ctx) {
      if (!isRunningAgent(ctx.agent)) {
        return { result: RESULT.ERROR, text: `'${def.name}' needs the running agent; this command channel serves only the database` };
      }
      return handle(args, ctx.agent, ctx);
    },
  };
}
