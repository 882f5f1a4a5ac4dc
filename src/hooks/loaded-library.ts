// One loaded instance of a hook library: what the callout manager and the command
// processor need of it. A reconfiguration creates new instances; the old ones unload.

import type { Callout, CommandHandler, HookLogger, LibraryParameters } from './library-api.js';
import type { HookPoint } from './types.js';

/** A command a library registered, as the command processor sees it. */
export interface LibraryCommand {
  name: string;
  /** the `library` value of the library that registered it */
  library: string;
  /** never throws: a failing handler answers {result: 1, text} and is logged */
  handler: CommandHandler;
  /** JSON schema for `arguments` when the library gave one (already compiled once, so valid) */
  schema?: Record<string, unknown>;
}

export interface LoadedLibrary {
  /** position in hooks-libraries */
  readonly index: number;
  /** the `library` value as configured */
  readonly name: string;
  /** the file loaded, or builtin:<name> */
  readonly path: string;
  readonly parameters: LibraryParameters;
  readonly log: HookLogger;
  /** callouts per hook point, in registration order (exported one first) */
  readonly callouts: ReadonlyMap<HookPoint, readonly Callout<never>[]>;
  readonly commands: ReadonlyMap<string, LibraryCommand>;
  /** calls the library's unload(); never throws (failures are logged) */
  unload(): Promise<void>;
}
