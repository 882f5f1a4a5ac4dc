// A command processor for transport tests: the real CommandProcessor with a few commands
// that need no database (echo, one finding nothing, a slow one, list-commands), so the tests are about framing,
// connections, TLS and authentication.

import { listCommands } from '../../src/commands/built-in.js';
import { CommandProcessor } from '../../src/commands/processor.js';
import type { AgentControl, CommandDefinition } from '../../src/commands/types.js';
import { NO_HOOKS } from '../../src/hooks/types.js';
import { recordingLog } from '../commands/test-agent.js';

const echo: CommandDefinition = {
  name: 'echo',
  description: 'answers its arguments',
  schema: { type: 'object' },
  async handle(args) {
    return { result: 0, text: 'echo', arguments: args };
  },
};

/** Kea's "empty" answer: the query ran and found nothing. */
const nothing: CommandDefinition = {
  name: 'nothing',
  description: 'finds nothing',
  schema: { type: 'object' },
  async handle() {
    return { result: 3, text: 'nothing found' };
  },
};

/** Answers after `ms` milliseconds (an answer in progress while the socket stops). */
const slow: CommandDefinition<{ ms: number }> = {
  name: 'slow',
  description: 'answers after a while',
  schema: { type: 'object', required: ['ms'], properties: { ms: { type: 'integer' } } },
  argumentsRequired: true,
  async handle(args) {
    await new Promise((resolve) => setTimeout(resolve, args.ms));
    return { result: 0, text: `slept ${args.ms} ms` };
  },
};

export function transportTestProcessor(): CommandProcessor {
  const agent: AgentControl = {
    config: () => {
      throw new Error('transport tests run no command that reads the configuration');
    },
    get store(): never {
      throw new Error('transport tests run no command that uses the database');
    },
    hooks: NO_HOOKS,
    statistics: { value: () => undefined },
  };
  return new CommandProcessor({ agent, log: recordingLog(), commands: [echo, nothing, slow, listCommands] });
}
