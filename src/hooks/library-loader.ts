// Loads one configured hook library (Kea's LibraryManager): finds it (built-in, Kea name,
// or a file confined to the hooks directory), imports a fresh instance of its module,
// checks its shape and version, registers its exported callouts and runs its load().

import { statSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import { ConfigError, type HooksLibraryConfig } from '../config/types.js';
import { resolveBuiltin } from './builtin-libraries.js';
import { errorText } from './callout-manager.js';
import { confinePath, ConfinementError, HOOKS_DIR_ENV, LOG_DIR_ENV } from './hooks-directory.js';
import { isHookPoint } from './hook-points.js';
import {
  HOOKS_API_VERSION,
  type Callout, type CommandHandler, type CommandOptions, type HookLogger, type HooksLibraryModule,
  type LibraryContext,
} from './library-api.js';
import type { LibraryCommand, LoadedLibrary } from './loaded-library.js';
import { HOOK_POINTS, type HookPoint } from './types.js';

export interface LoaderEnvironment {
  hooksDirectory: string;
  logDirectory: string;
  log: HookLogger;
  /** names the command processor already answers (a library cannot take them over) */
  isReservedCommand(name: string): boolean;
  /** which library of the set being loaded already registered the command */
  commandOwner(name: string): string | undefined;
}

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.ts', '.mts']);
const COMMAND_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Each load imports a new module instance (Kea reloads the .so), so state and code are fresh. */
let generation = 0;

/** Loads the library at hooks-libraries[index]; null when it names commands the agent always has. */
export async function loadLibrary(config: HooksLibraryConfig, index: number, env: LoaderEnvironment): Promise<LoadedLibrary | null> {
  const where = `Dhcp6.hooks-libraries[${index}]`;
  if (config === null || typeof config !== 'object') throw new ConfigError(where, 'must be an object with "library"');
  const name = config.library;
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigError(`${where}.library`, 'must be a non-empty string');
  if (config.parameters !== undefined && (config.parameters === null || typeof config.parameters !== 'object' || Array.isArray(config.parameters))) {
    throw new ConfigError(`${where}.parameters`, 'must be an object');
  }

  let parameters: Record<string, unknown> = config.parameters ?? {};
  let file: string;
  let module: HooksLibraryModule;
  const builtin = resolveBuiltin(name);
  const log = env.log.child({ library: name });
  if (builtin?.kind === 'commands') {
    log.info(builtin.note);
    return null;
  }
  if (builtin) {
    if (builtin.note) log.info(builtin.note);
    if (builtin.mapParameters) parameters = builtin.mapParameters(parameters);
    file = `builtin:${builtin.builtin}`;
    module = await builtin.importModule();
  } else {
    file = locate(name, env.hooksDirectory, `${where}.library`);
    module = await importModule(file, `${where}.library`);
  }

  const shape = libraryShape(module, `${where}.library`, name);
  const frozen = deepFreeze(structuredClone(parameters));
  const callouts = new Map<HookPoint, Callout<never>[]>();
  const commands = new Map<string, LibraryCommand>();
  for (const point of HOOK_POINTS) {
    const callout = shape.callouts[point];
    if (callout) callouts.set(point, [callout]);
  }

  let loading = true;
  let unloaded = false;
  const unloadHandlers: (() => void | Promise<void>)[] = [];
  const ctx: LibraryContext = {
    name,
    path: file,
    parameters: frozen,
    log,
    hooksDirectory: env.hooksDirectory,
    logDirectory: env.logDirectory,
    confineToHooksDirectory: (p, what) => confinePath(env.hooksDirectory, p, what, { override: `--hooks-dir or ${HOOKS_DIR_ENV}` }),
    confineToLogDirectory: (p, what) => confinePath(env.logDirectory, p, what, { allowDirectoryItself: true, override: `--log-dir or ${LOG_DIR_ENV}` }),
    registerCallout(point, callout) {
      if (!loading) throw new Error('registerCallout() is only possible while load() runs');
      if (!isHookPoint(point)) throw new TypeError(`'${String(point)}' is not a hook point (${HOOK_POINTS.join(', ')})`);
      if (typeof callout !== 'function') throw new TypeError(`the callout for ${point} must be a function`);
      const list = callouts.get(point) ?? [];
      list.push(callout as Callout<never>);
      callouts.set(point, list);
    },
    registerCommand(commandName, handler, options) {
      if (!loading) throw new Error('registerCommand() is only possible while load() runs');
      commands.set(commandName, makeCommand(commandName, handler, options, name, log, commands, env));
    },
    onUnload(fn) {
      if (typeof fn !== 'function') throw new TypeError('onUnload() takes a function');
      unloadHandlers.push(fn);
    },
  };

  const library: LoadedLibrary = {
    index, name, path: file, parameters: frozen, log, callouts, commands,
    async unload() {
      if (unloaded) return;
      unloaded = true;
      const steps = [...(shape.unload ? [shape.unload] : []), ...unloadHandlers.reverse()];
      unloadHandlers.length = 0;
      for (const step of steps) {
        try {
          await step();
        } catch (err) {
          log.error({ err }, `unloading library ${name} failed: ${errorText(err)}`);
        }
      }
    },
  };

  if (shape.load) {
    try {
      await shape.load(ctx);
    } catch (err) {
      loading = false;
      // As Kea does after a failed load: let the library release what it opened.
      await library.unload();
      throw new ConfigError(where, `library '${name}' failed to load: ${errorText(err)}`);
    }
  }
  loading = false;
  return library;
}

function locate(name: string, hooksDirectory: string, where: string): string {
  let file: string;
  try {
    file = confinePath(hooksDirectory, name, 'library', { override: `--hooks-dir or ${HOOKS_DIR_ENV}` });
  } catch (err) {
    if (err instanceof ConfinementError) throw new ConfigError(where, err.message);
    throw err;
  }
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new ConfigError(where, `library '${name}' not found (looked for ${file})`);
  if (!stat.isFile()) throw new ConfigError(where, `library '${name}' is not a file (${file})`);
  if (!MODULE_EXTENSIONS.has(path.extname(file))) {
    throw new ConfigError(where, `library '${name}' must be an ES module file: .js, .mjs, .ts or .mts`);
  }
  return file;
}

let typescriptLoaderRegistered = false;

async function importModule(file: string, where: string): Promise<HooksLibraryModule> {
  // Run from compiled JavaScript, Node needs the loader hooks for .ts; run from the
  // TypeScript sources (tests, tsx), the runtime already transforms .ts itself.
  if (/\.m?ts$/.test(file) && !typescriptLoaderRegistered && import.meta.url.endsWith('.js')) {
    register(new URL('./typescript-loader.js', import.meta.url));
    typescriptLoaderRegistered = true;
  }
  const url = `${pathToFileURL(file).href}?generation=${++generation}`;
  try {
    return (await import(url)) as HooksLibraryModule;
  } catch (err) {
    throw new ConfigError(where, `cannot import '${file}': ${errorText(err)}`);
  }
}

interface LibraryShape {
  load?: (ctx: LibraryContext) => void | Promise<void>;
  unload?: () => void | Promise<void>;
  callouts: Partial<Record<HookPoint, Callout<never>>>;
}

function libraryShape(module: HooksLibraryModule, where: string, name: string): LibraryShape {
  const fromDefault = (module as { default?: unknown }).default;
  const source = (fromDefault !== null && typeof fromDefault === 'object' && 'version' in fromDefault
    ? fromDefault : module) as Record<string, unknown>;
  const version = source.version;
  if (version === undefined) throw new ConfigError(where, `library '${name}' exports no version (expected \`export const version = ${HOOKS_API_VERSION}\`)`);
  if (version !== HOOKS_API_VERSION) {
    throw new ConfigError(where, `library '${name}' was written for hooks API version ${String(version)}; this agent implements version ${HOOKS_API_VERSION}`);
  }
  for (const member of ['load', 'unload']) {
    if (source[member] !== undefined && typeof source[member] !== 'function') {
      throw new ConfigError(where, `library '${name}': export '${member}' must be a function`);
    }
  }
  const callouts: LibraryShape['callouts'] = {};
  for (const point of HOOK_POINTS) {
    const callout = source[point];
    if (callout === undefined) continue;
    if (typeof callout !== 'function') throw new ConfigError(where, `library '${name}': export '${point}' must be a callout function`);
    callouts[point] = callout as Callout<never>;
  }
  return {
    load: source.load as LibraryShape['load'],
    unload: source.unload as LibraryShape['unload'],
    callouts,
  };
}

function makeCommand(
  name: string, handler: CommandHandler, options: CommandOptions | undefined,
  library: string, log: HookLogger, own: Map<string, LibraryCommand>, env: LoaderEnvironment,
): LibraryCommand {
  if (typeof name !== 'string' || !COMMAND_NAME.test(name)) {
    throw new TypeError(`command name '${String(name)}' must be letters, digits, '-' or '_'`);
  }
  if (typeof handler !== 'function') throw new TypeError(`the handler of command '${name}' must be a function`);
  if (env.isReservedCommand(name)) throw new Error(`command '${name}' is built into the agent and cannot be replaced`);
  const owner = own.has(name) ? library : env.commandOwner(name);
  if (owner !== undefined) throw new Error(`command '${name}' is already registered by library ${owner}`);
  const schema = options?.schema;
  if (schema !== undefined) {
    try {
      new Ajv({ strict: false }).compile(schema);
    } catch (err) {
      throw new Error(`the schema of command '${name}' is invalid: ${errorText(err)}`);
    }
  }
  const safe: CommandHandler = async (args, request) => {
    try {
      const response = await handler(args, request);
      if (response === null || typeof response !== 'object' || typeof response.result !== 'number') {
        log.error({ command: name }, `command ${name} of library ${library} answered without a numeric result`);
        return { result: 1, text: `command ${name} (library ${library}) gave no answer` };
      }
      return response;
    } catch (err) {
      log.error({ command: name, err }, `command ${name} of library ${library} failed: ${errorText(err)}`);
      return { result: 1, text: errorText(err) };
    }
  };
  return { name, library, handler: safe, schema };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
