// The configured hook libraries of the running agent (Kea's HooksManager). A
// reconfiguration loads a new set beside the running one — prepare() — and the agent then
// either commits it (the old set unloads) or discards it (the old set keeps running), so a
// library failing to load never leaves the agent without hooks. As Kea does, libraries are
// reloaded on every successful reconfiguration, even when the list did not change.

import type { HooksLibraryConfig } from '../config/types.js';
import { CalloutManager, DEFAULT_PARKED_PACKET_LIMIT } from './callout-manager.js';
import type { HookLogger } from './library-api.js';
import { loadLibrary } from './library-loader.js';
import type { LibraryCommand, LoadedLibrary } from './loaded-library.js';
import type { HooksRunner } from './types.js';

export interface HooksLibrariesOptions {
  /** from resolveHooksDirectory(): only the command line or environment sets it */
  hooksDirectory: string;
  /** from resolveLogDirectory() */
  logDirectory: string;
  log: HookLogger;
  /** commands the agent answers itself; a library may not register them */
  isReservedCommand?: (name: string) => boolean;
}

export interface PrepareOptions {
  /** Kea's parked-packet-limit (default 256) */
  parkedPacketLimit?: number;
}

/** A loaded but not yet running set of libraries. */
export interface PreparedHooks {
  /** Calls the new set's callouts: run dhcp6_srv_configured on it before commit(). */
  readonly runner: HooksRunner;
  readonly libraries: readonly { name: string; path: string }[];
}

interface PreparedSet extends PreparedHooks {
  readonly manager: CalloutManager;
  state: 'prepared' | 'committed' | 'discarded';
}

export class HooksLibraries {
  private current: CalloutManager;
  private readonly prepared = new WeakSet<PreparedSet>();
  private readonly listeners = new Set<(commands: ReadonlyMap<string, LibraryCommand>) => void>();
  private commandMap: ReadonlyMap<string, LibraryCommand> = new Map();

  /**
   * The runner the engine and the command processor keep for the agent's lifetime: it
   * always calls the committed set. has() is a property lookup and an array length.
   */
  readonly runner: HooksRunner = {
    has: (point) => this.current.has(point),
    call: (point, args) => this.current.call(point, args),
  };

  constructor(private readonly options: HooksLibrariesOptions) {
    this.current = new CalloutManager([], options.log);
  }

  /**
   * Loads the libraries in order. When one fails (not found, outside the hooks directory,
   * wrong version, load() threw) the ones already loaded unload and a ConfigError naming
   * Dhcp6.hooks-libraries[i] is thrown; the running set is untouched either way.
   */
  async prepare(configs: readonly HooksLibraryConfig[] | undefined, options: PrepareOptions = {}): Promise<PreparedHooks> {
    const limit = options.parkedPacketLimit ?? DEFAULT_PARKED_PACKET_LIMIT;
    if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`parked-packet-limit must be a non-negative integer, not ${limit}`);
    const loaded: LoadedLibrary[] = [];
    const owners = new Map<string, string>();
    try {
      for (const [index, config] of (configs ?? []).entries()) {
        const library = await loadLibrary(config, index, {
          hooksDirectory: this.options.hooksDirectory,
          logDirectory: this.options.logDirectory,
          log: this.options.log,
          isReservedCommand: this.options.isReservedCommand ?? (() => false),
          commandOwner: (name) => owners.get(name),
        });
        if (library === null) continue;
        loaded.push(library);
        for (const name of library.commands.keys()) owners.set(name, library.name);
      }
    } catch (err) {
      await unloadAll(loaded);
      throw err;
    }
    const manager = new CalloutManager(loaded, this.options.log, limit);
    const set: PreparedSet = {
      runner: manager,
      libraries: loaded.map((l) => ({ name: l.name, path: l.path })),
      manager,
      state: 'prepared',
    };
    this.prepared.add(set);
    return set;
  }

  /** Makes the prepared set the running one; the previous set's parked packets are dropped and it unloads. */
  async commit(next: PreparedHooks): Promise<void> {
    const set = this.claim(next, 'committed');
    const old = this.current;
    this.current = set.manager;
    this.commandMap = collectCommands(set.manager.libraries);
    this.notify();
    old.close();
    await unloadAll(old.libraries);
  }

  /** Unloads a prepared set that will not run (the rest of the configuration failed). */
  async discard(next: PreparedHooks): Promise<void> {
    const set = this.claim(next, 'discarded');
    set.manager.close();
    await unloadAll(set.manager.libraries);
  }

  /** Unloads every running library (shutdown, or a configuration without hooks-libraries). */
  async unloadAll(): Promise<void> {
    const old = this.current;
    this.current = new CalloutManager([], this.options.log);
    if (this.commandMap.size !== 0) {
      this.commandMap = new Map();
      this.notify();
    }
    old.close();
    await unloadAll(old.libraries);
  }

  /** The running libraries, in order. */
  libraries(): readonly { name: string; path: string }[] {
    return this.current.libraries.map((l) => ({ name: l.name, path: l.path }));
  }

  /** Commands registered by the running libraries, by name. */
  commands(): ReadonlyMap<string, LibraryCommand> {
    return this.commandMap;
  }

  /** Called with the new command map whenever the running libraries change; returns an unsubscribe function. */
  onCommandsChanged(listener: (commands: ReadonlyMap<string, LibraryCommand>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private claim(next: PreparedHooks, state: 'committed' | 'discarded'): PreparedSet {
    const set = next as PreparedSet;
    if (!this.prepared.has(set)) throw new Error('these hooks were not prepared by this HooksLibraries');
    if (set.state !== 'prepared') throw new Error(`these hooks were already ${set.state}`);
    set.state = state;
    return set;
  }

  private notify(): void {
    for (const listener of this.listeners) {
      try {
        listener(this.commandMap);
      } catch (err) {
        this.options.log.error({ err }, 'a commands-changed listener failed');
      }
    }
  }
}

function collectCommands(libraries: readonly LoadedLibrary[]): ReadonlyMap<string, LibraryCommand> {
  const map = new Map<string, LibraryCommand>();
  for (const library of libraries) for (const [name, command] of library.commands) map.set(name, command);
  return map;
}

/** Kea unloads in reverse order of loading. */
async function unloadAll(libraries: readonly LoadedLibrary[]): Promise<void> {
  for (let i = libraries.length - 1; i >= 0; i--) await libraries[i].unload();
}
