// What a command is, what it answers, and what of the running agent its handler may use.
// Both transports hand requests to the one CommandProcessor (processor.ts); a command is
// its schema and its handler side by side, in the file of its family.

import type { Config } from '../config/types.js';
import type { HooksRunner } from '../hooks/types.js';
import type { Store } from '../store/types.js';

/** Kea's control result codes (Kea: CONTROL_RESULT_*). */
export const RESULT = {
  SUCCESS: 0,
  ERROR: 1,
  /** "'x' command not supported." */
  UNSUPPORTED: 2,
  /** the query ran but found nothing */
  EMPTY: 3,
  /** the change lost a race with a concurrent one; a retry may succeed */
  CONFLICT: 4,
} as const;

/** Kea's answer: {"result": 0, "text": "...", "arguments": {...}}. */
export interface CommandAnswer {
  result: number;
  text?: string;
  arguments?: unknown;
}

/** A JSON schema (draft-07) as a plain object. */
export type JsonSchema = Record<string, unknown>;

export interface CommandExample {
  summary: string;
  /** the request's `arguments`; absent: the request has none */
  arguments?: Record<string, unknown>;
  response: CommandAnswer;
  /**
   * Commands to run first, on an empty database with EXAMPLE_CONFIG (examples.ts), so that
   * the example produces exactly `response`. Absent: the example is documentation only.
   */
  setup?: { command: string; arguments?: Record<string, unknown> }[];
  /** argument keys (dot paths) whose values differ from run to run, e.g. a timestamp */
  varies?: string[];
}

/** Where counters the engine keeps (Kea's statistics) are read. */
export interface StatisticsReader {
  /** A statistic's current value ("subnet[1].cumulative-assigned-nas"); undefined when never set. */
  value(name: string): number | undefined;
}

/** Kea's sample: [value, "YYYY-MM-DD HH:MM:SS.ffffff"], newest first. */
export type StatisticSample = [number, string];

/** The statistics manager as the statistic-* commands drive it (engine/statistics.ts implements it). */
export interface StatisticsControl extends StatisticsReader {
  /** undefined when there is no such statistic */
  get(name: string): StatisticSample[] | undefined;
  /** every statistic by name */
  getAll(): Record<string, StatisticSample[]>;
  /** samples cleared, value back to 0; false when unknown */
  reset(name: string): boolean;
  resetAll(): void;
  /** false when unknown */
  remove(name: string): boolean;
  removeAll(): void;
}

/**
 * What command handlers may use of the running agent. agent.ts implements it; tests build
 * one from a real Store and a parsed Config. Commands that drive the agent's lifecycle use
 * RunningAgentControl (below).
 */
export interface AgentControl {
  /** the configuration the agent runs on now; read it once per command (it is replaced, not mutated) */
  config(): Config;
  readonly store: Store;
  readonly hooks: HooksRunner;
  readonly statistics: StatisticsReader;
  /**
   * Called after reservation-add/-update/-del committed, so that the engine's reservation
   * index holds the change before the command answers (engine.reservations.refresh()).
   * Other agents learn of it through the audit channel.
   */
  reservationsChanged?(): Promise<void>;
}

/**
 * What the commands that drive the running agent use (config-*, subnet6-*, statistic-*,
 * status-get, shutdown, dhcp-disable/-enable, leases-reclaim). agent.ts implements it; an
 * AgentControl built only from a Store (tests of the lease and reservation commands) does
 * not, and those commands are not dispatched to it.
 */
export interface RunningAgentControl extends AgentControl {
  readonly statistics: StatisticsControl;
  /** the file the agent was started with: config-reload reads it, config-write writes it by default */
  readonly configFile: string;
  /** counts the configurations that replaced the running one whole (start, config-set, config-reload); subnet6-* edits do not */
  readonly configGeneration: number;
  /** Parses a candidate configuration as reconfigure() would; throws ConfigError (path + problem). */
  parse(raw: unknown): Config;
  /**
   * config-test: parses `raw` and loads its hook libraries beside the running ones, then
   * unloads them; nothing is applied. Resolves with null when sane, else the error text.
   */
  testConfig(raw: unknown): Promise<string | null>;
  /**
   * Replaces the running configuration (all or nothing). With `basedOn`, refuses with
   * CONFIG_REPLACED when the running configuration is no longer that one (an edit computed
   * from it would undo a change made meanwhile). Resolves with null when applied, else the error text.
   */
  reconfigure(raw: unknown, kind?: ReconfigureKind, basedOn?: Config): Promise<string | null>;
  /** config-reload: the configuration file as it is now on disk; null when applied, else the error text */
  reload(): Promise<string | null>;
  status(): Promise<AgentStatus>;
  /** Answers first, then stops the agent and hands `exitValue` to whoever started it. */
  shutdown(exitValue: number): void;
  /** leases-reclaim: reclaims every expired lease now; resolves with how many */
  reclaim(remove: boolean): Promise<number>;
  /** dhcp-disable / dhcp-enable */
  readonly service: DhcpServiceControl;
}

/** reconfigure(…, basedOn)'s refusal when another change replaced the configuration first. */
export const CONFIG_REPLACED = 'the running configuration was replaced while this change was prepared';

/** Kea 2.2's origins of dhcp-disable / dhcp-enable. */
export const SERVICE_ORIGINS = ['user', 'ha-partner'] as const;
export type ServiceOrigin = (typeof SERVICE_ORIGINS)[number];

/**
 * Kea's network state as commands see it: the DHCP service is disabled while any origin
 * holds it disabled; a max-period re-enables that origin by itself.
 */
export interface DhcpServiceControl {
  isEnabled(): boolean;
  disable(origin: ServiceOrigin, maxPeriodSeconds?: number): void;
  enable(origin: ServiceOrigin): void;
  /** the origins holding the service disabled now */
  disabledBy(): ServiceOrigin[];
}

/** The subset of a pino logger the command layer uses. */
export interface CommandLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What one command invocation sees. */
export interface CommandContext {
  readonly agent: AgentControl;
  readonly log: CommandLogger;
  /** every command that can be dispatched now, built-in and library-registered, sorted */
  commandNames(): string[];
}

export interface CommandDefinition<A = Record<string, unknown>> {
  name: string;
  /** one or two sentences for list-commands' readers and the OpenAPI document */
  description: string;
  /** the JSON schema of `arguments`; compiled once, checked before handle() is called */
  schema: JsonSchema;
  /** the command cannot run without arguments (Kea: "no parameters specified for the command") */
  argumentsRequired?: boolean;
  /** Kea's own text when `arguments` is missing (if required) or is not a map */
  argumentsText?: string;
  examples?: CommandExample[];
  /**
   * The command drives the running agent (RunningAgentControl; running-agent.ts): its
   * examples run against a real Agent (test/helpers/agent.ts), not an AgentControl built
   * only from a Store.
   */
  runningAgent?: boolean;
  /** Receives `arguments` after validation ({} when the request had none). Must not throw on bad input. */
  handle(args: A, ctx: CommandContext): Promise<CommandAnswer>;
}

/** A command a hook library registered (hooks/loaded-library.ts LibraryCommand fits this). */
export interface ExtraCommand {
  name: string;
  handler(args: unknown, request: { command: string; arguments?: unknown }): CommandAnswer | Promise<CommandAnswer>;
  schema?: JsonSchema;
  /** the library that registered it, for the OpenAPI document */
  library?: string;
}

/** The commands hook libraries registered; read on every dispatch, so a library reload shows at once. */
export interface ExtraCommandSource {
  get(name: string): ExtraCommand | undefined;
  list(): Iterable<ExtraCommand>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandDefinition = CommandDefinition<any>;

// ---- what the agent offers the lifecycle commands (config-*, status-get, shutdown, …) ----

/** 'full': config-set / config-reload (hook libraries reload, sockets reopen as needed);
 *  'subnets': subnet6-* commands (only what the engine serves changes). */
export type ReconfigureKind = 'full' | 'subnets';

export interface AgentStatus {
  pid: number;
  /** seconds since start */
  uptime: number;
  /** seconds since the last successful (re)configuration */
  reload: number;
  databaseReachable: boolean;
  databaseType: 'postgresql' | 'embedded';
  /** interfaces the DHCPv6 sockets serve */
  interfaces: string[];
  dhcpEnabled: boolean;
}
