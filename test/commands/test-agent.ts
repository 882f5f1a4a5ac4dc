// An AgentControl built from real pieces: a Store from forEachDriver, a Config parsed from
// Kea JSON, a hooks runner, and the statistics the engine would keep (a plain map here).

import { parseConfig } from '../../src/config/parse-config.js';
import type { Config } from '../../src/config/types.js';
import { EXAMPLE_CONFIG } from '../../src/commands/example-config.js';
import { CommandProcessor } from '../../src/commands/processor.js';
import type { AgentControl, CommandAnswer, CommandLogger, ExtraCommandSource } from '../../src/commands/types.js';
import { NO_HOOKS, type HooksRunner } from '../../src/hooks/types.js';
import type { Store } from '../../src/store/types.js';

export function exampleConfig(): Config {
  return parseConfig(structuredClone(EXAMPLE_CONFIG));
}

export interface TestAgent extends AgentControl {
  setConfig(config: Config): void;
  readonly stats: Map<string, number>;
  /** how often reservationsChanged() was called */
  readonly reservationRefreshes: { count: number };
}

export function testAgent(getStore: () => Store, opts: { config?: Config; hooks?: HooksRunner } = {}): TestAgent {
  let config = opts.config ?? exampleConfig();
  const stats = new Map<string, number>();
  const reservationRefreshes = { count: 0 };
  return {
    config: () => config,
    setConfig(c) {
      config = c;
    },
    get store() {
      return getStore();
    },
    hooks: opts.hooks ?? NO_HOOKS,
    statistics: { value: (name) => stats.get(name) },
    stats,
    reservationRefreshes,
    async reservationsChanged() {
      reservationRefreshes.count++;
    },
  };
}

export interface LogLine {
  level: string;
  obj: object;
  msg: string;
}

/** A logger keeping what was logged. */
export function recordingLog(lines: LogLine[] = []): CommandLogger & { lines: LogLine[] } {
  const at = (level: string) => (obj: object, msg: string) => void lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function testProcessor(agent: AgentControl, libraryCommands?: ExtraCommandSource): CommandProcessor {
  return new CommandProcessor({ agent, log: recordingLog(), libraryCommands });
}

/** Runs commands that must succeed (test setup). */
export async function runAll(processor: CommandProcessor, requests: { command: string; arguments?: unknown }[]): Promise<void> {
  for (const r of requests) {
    const answer: CommandAnswer = await processor.handle(r);
    if (answer.result !== 0) throw new Error(`setup ${r.command} answered ${JSON.stringify(answer)}`);
  }
}
