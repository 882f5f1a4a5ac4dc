// What a hook library sees of the agent. Published for authors as `dhcp6-agent/hooks`:
//   import type { LibraryContext, CalloutHandle } from 'dhcp6-agent/hooks';
// docs/hooks.md explains each piece; the smallest library is
//   export const version = 1;
//   export function lease6_select(handle) { handle.getArgument('lease6').validLft = 600; }

import type { HookArgs, HookPoint, NextStep } from './types.js';

export type { HookArgs, HookPoint, NextStep, HookPacket, AuditEntry, NetworkState, CalloutOutcome } from './types.js';
export { HOOK_POINTS, SUPPORTED_STATUSES } from './types.js';
export type { Lease6, LeaseType, LeaseState } from '../store/types.js';
export type { Subnet6, Config } from '../config/types.js';
export type { Dhcp6Packet, Dhcp6Option, IaOption, PacketOrigin } from '../dhcp6/types.js';

/** The hooks API version this agent implements. A library exports the version it was written for. */
export const HOOKS_API_VERSION = 1;

/** pino-compatible logging: `log.info({ address }, 'text')` or `log.info('text')`. */
export interface HookLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): HookLogger;
}

/** What a library's parameters are: the JSON object given in the configuration (frozen). */
export type LibraryParameters = Readonly<Record<string, unknown>>;

/**
 * The handle a callout receives: one call of one hook point (Kea's CalloutHandle).
 * It is valid until the callout returns (or its promise settles).
 */
export interface CalloutHandle<P extends HookPoint = HookPoint> {
  readonly hookPoint: P;
  /** All arguments, to read (`const { lease6, query6 } = handle.arguments`); change them with setArgument(). */
  readonly arguments: Readonly<HookArgs[P]>;
  /** The argument as the server passed it, or as an earlier callout set it. */
  getArgument<K extends keyof HookArgs[P]>(name: K): HookArgs[P][K];
  /** Replaces an 'out' or 'in/out' argument; throws for an 'in' argument or an unknown name. */
  setArgument<K extends keyof HookArgs[P]>(name: K, value: HookArgs[P][K]): void;
  /** The status so far: 'continue' unless an earlier callout (this or another library) set one. */
  getStatus(): NextStep;
  /** Sets the next-step status. A status the hook point does not support counts as 'continue'. */
  setStatus(status: NextStep): void;
  /**
   * Parks the packet (leases6_committed only): sets the status to 'park' and returns the
   * function that releases it. The REPLY is held until every library that parked the
   * packet called its function; it is dropped when the parking lot is full or the library
   * is unloaded first. Calling the function again, or after a drop, does nothing.
   */
  park(): () => void;
  /** Per-library, per-packet values kept across the hook points of one client message. */
  getContext<T = unknown>(name: string): T | undefined;
  setContext(name: string, value: unknown): void;
  deleteContext(name: string): void;
  /** The library's configured parameters. */
  readonly parameters: LibraryParameters;
  /** A logger naming the library and hook point. */
  readonly log: HookLogger;
}

/** A callout: may be async; the packet waits for it, other packets do not. Its return value is ignored. */
export type Callout<P extends HookPoint = HookPoint> = (handle: CalloutHandle<P>) => void | Promise<void>;

/** Kea's command answer: result 0 success, 1 error, 2 unsupported, 3 empty (not found). */
export interface CommandResponse {
  result: number;
  text?: string;
  arguments?: unknown;
}

export interface CommandRequest {
  command: string;
  arguments?: unknown;
}

export type CommandHandler = (args: unknown, request: CommandRequest) => CommandResponse | Promise<CommandResponse>;

export interface CommandOptions {
  /** A JSON schema (ajv, draft-07) for `arguments`; the command processor validates before calling. */
  schema?: Record<string, unknown>;
}

/** What `load(ctx)` receives. Registering is possible only while `load` runs. */
export interface LibraryContext {
  /** the `library` value as configured */
  readonly name: string;
  /** the file that was loaded (or `builtin:<name>` for a library built into the agent) */
  readonly path: string;
  readonly parameters: LibraryParameters;
  readonly log: HookLogger;
  /** The directory libraries (and run-script's scripts) must live in. */
  readonly hooksDirectory: string;
  /** The directory log files written by libraries must live in. */
  readonly logDirectory: string;
  /**
   * Resolves `path` (relative: against the directory) and refuses it when it lies outside
   * the directory after following symbolic links and `..`. `what` names it in the error.
   */
  confineToHooksDirectory(path: string, what: string): string;
  confineToLogDirectory(path: string, what: string): string;
  /** Adds a callout after those already registered for the point (its exported one first). */
  registerCallout<P extends HookPoint>(point: P, callout: Callout<P>): void;
  /** Adds a command to the command channel (listed by list-commands) until the library unloads. */
  registerCommand(name: string, handler: CommandHandler, options?: CommandOptions): void;
  /**
   * Runs `fn` when this instance unloads (after the module's own unload()). During a
   * reconfiguration the new instance loads before the old one unloads, and a library may
   * be listed twice: state kept in load()'s closure and released here stays per instance.
   */
  onUnload(fn: () => void | Promise<void>): void;
}

/**
 * The shape of a library module. Callouts are exported under the hook point's name
 * (`export function lease6_select(handle) {}`), or registered from `load`.
 * A default export with the same members is accepted too.
 */
export interface HooksLibraryModule {
  /** the hooks API version the library was written for: HOOKS_API_VERSION */
  version: number;
  load?(ctx: LibraryContext): void | Promise<void>;
  unload?(): void | Promise<void>;
}

/** A library module including its exported callouts, for authors who want the whole shape typed. */
export type HooksLibrary = HooksLibraryModule & { [P in HookPoint]?: Callout<P> };
