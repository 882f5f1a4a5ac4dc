// The one entry point of the command channel: both transports hand it a parsed request and
// send back what it answers. It rejects malformed requests in Kea's words, dispatches to a
// hook library's command or a built-in one, checks `arguments` against the command's
// schema, never lets a handler's exception reach the transport, and runs the
// command_processed hook point (Kea: a callout may replace the response).

import { argumentCheck } from './argument-check.js';
import { BUILTIN_COMMANDS } from './registry.js';
import {
  RESULT,
  type AgentControl,
  type AnyCommandDefinition,
  type CommandAnswer,
  type CommandContext,
  type CommandLogger,
  type ExtraCommand,
  type ExtraCommandSource,
} from './types.js';

export interface CommandProcessorOptions {
  agent: AgentControl;
  log: CommandLogger;
  /** the built-in commands; registry.ts's list by default */
  commands?: readonly AnyCommandDefinition[];
  /** commands registered by hook libraries (Kea: a library's handler is used before a built-in one) */
  libraryCommands?: ExtraCommandSource;
}

/** Kea's answers to requests that are not a command at all (kea-2.2/048, 051). */
const NOT_A_MAP = 'Error during command processing: Invalid command Element specified, expected map';
const NO_COMMAND = "Error during command processing: Invalid answer specified, does not contain mandatory 'command'";
const COMMAND_NOT_STRING = "Error during command processing: 'command' element in command message is not a string";

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isAnswer(v: unknown): v is CommandAnswer {
  return isMap(v) && Number.isInteger(v.result) && (v.text === undefined || typeof v.text === 'string');
}

export function errorAnswer(text: string, result: number = RESULT.ERROR): CommandAnswer {
  return { result, text };
}

export class CommandProcessor {
  private readonly builtins = new Map<string, AnyCommandDefinition>();
  private readonly builtinNames: string[];
  private readonly libraryCommands?: ExtraCommandSource;
  private readonly log: CommandLogger;
  private readonly agent: AgentControl;
  private readonly context: CommandContext;

  constructor(opts: CommandProcessorOptions) {
    this.agent = opts.agent;
    this.log = opts.log;
    this.libraryCommands = opts.libraryCommands;
    for (const def of opts.commands ?? BUILTIN_COMMANDS) {
      if (this.builtins.has(def.name)) throw new Error(`command ${def.name} is defined twice`);
      // Compile now: a broken schema shows at startup, not on the first request.
      argumentCheck(def.schema);
      this.builtins.set(def.name, def);
    }
    this.builtinNames = [...this.builtins.keys()].sort();
    this.context = { agent: opts.agent, log: opts.log, commandNames: () => this.commandNames() };
  }

  /** Every command that can be dispatched now, sorted (list-commands). */
  commandNames(): string[] {
    if (!this.libraryCommands) return [...this.builtinNames];
    const names = new Set(this.builtinNames);
    for (const c of this.libraryCommands.list()) names.add(c.name);
    return [...names].sort();
  }

  /** The built-in definitions, in registry order. */
  definitions(): AnyCommandDefinition[] {
    return [...this.builtins.values()];
  }

  /** The library-registered commands now loaded. */
  extraCommands(): ExtraCommand[] {
    return this.libraryCommands ? [...this.libraryCommands.list()] : [];
  }

  /** Answers one request (any parsed JSON value). Never throws. */
  async handle(request: unknown): Promise<CommandAnswer> {
    if (!isMap(request)) return errorAnswer(NOT_A_MAP);
    if (!('command' in request)) return errorAnswer(NO_COMMAND);
    const name = request.command;
    if (typeof name !== 'string') return errorAnswer(COMMAND_NOT_STRING);
    const args = request.arguments;
    let answer = await this.dispatch(name, args);
    if (this.agent.hooks.has('command_processed')) answer = await this.commandProcessed(name, args, answer);
    return answer;
  }

  private async dispatch(name: string, args: unknown): Promise<CommandAnswer> {
    const extra = this.libraryCommands?.get(name);
    if (extra) return this.runExtra(extra, args);
    const def = this.builtins.get(name);
    if (!def) return errorAnswer(`'${name}' command not supported.`, RESULT.UNSUPPORTED);
    let checked: Record<string, unknown>;
    if (args === undefined) {
      // The schema describes arguments that were given; a command that can run without any gets {}.
      if (def.argumentsRequired) return errorAnswer(def.argumentsText ?? 'no parameters specified for the command');
      checked = {};
    } else if (!isMap(args)) {
      return errorAnswer(def.argumentsText ?? "invalid type specified for parameter 'arguments': it must be a map");
    } else {
      const problem = argumentCheck(def.schema)(args);
      if (problem !== null) return errorAnswer(problem);
      checked = args;
    }
    try {
      const answer = await def.handle(checked, this.context);
      this.log.debug({ command: name, result: answer.result }, 'command processed');
      return answer;
    } catch (err) {
      this.log.error({ command: name, err }, 'command handler failed');
      return errorAnswer(`Error during command processing: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async runExtra(cmd: ExtraCommand, args: unknown): Promise<CommandAnswer> {
    try {
      if (cmd.schema) {
        const problem = argumentCheck(cmd.schema)(args ?? {});
        if (problem !== null) return errorAnswer(problem);
      }
      const answer = await cmd.handler(args, args === undefined ? { command: cmd.name } : { command: cmd.name, arguments: args });
      if (isAnswer(answer)) return answer;
      this.log.error({ command: cmd.name, library: cmd.library }, 'library command returned something that is not a command answer');
      return errorAnswer(`the handler of '${cmd.name}' returned an invalid answer`);
    } catch (err) {
      this.log.error({ command: cmd.name, library: cmd.library, err }, 'library command failed');
      return errorAnswer(`Error during command processing: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  /** Kea's command_processed: `response` is in/out; what the callouts leave is what the client gets. */
  private async commandProcessed(name: string, args: unknown, answer: CommandAnswer): Promise<CommandAnswer> {
    try {
      const outcome = await this.agent.hooks.call('command_processed', { name, arguments: args, response: answer });
      const response: unknown = outcome.args.response;
      if (isAnswer(response)) return response;
      this.log.error({ command: name }, 'a command_processed callout set a response that is not a command answer; sending the original');
    } catch (err) {
      this.log.error({ command: name, err }, 'command_processed failed; sending the original response');
    }
    return answer;
  }
}
