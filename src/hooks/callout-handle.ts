// The handle one callout receives (Kea's CalloutHandle): the call's arguments, its
// next-step status shared by all callouts of the call, the library's per-packet context
// and the library's parameters.

import { ARGUMENT_DIRECTIONS } from './hook-points.js';
import type { CalloutHandle, HookLogger, LibraryParameters } from './library-api.js';
import type { LoadedLibrary } from './loaded-library.js';
import { ParkTicket } from './parking-lot.js';
import type { HookArgs, HookPoint, NextStep } from './types.js';

const NEXT_STEPS: ReadonlySet<string> = new Set(['continue', 'skip', 'drop', 'park']);

/** State shared by the handles of one call. */
export interface CallState {
  status: NextStep;
  ticket: ParkTicket | null;
}

/** Per-library values of one packet; keyed by the packet object, so they go with it. */
export type ContextStore = WeakMap<object, Map<LoadedLibrary, Map<string, unknown>>>;

export class CalloutHandleImpl<P extends HookPoint> implements CalloutHandle<P> {
  private active = true;
  private readonly taken: (() => void)[] = [];
  private childLog: HookLogger | null = null;

  constructor(
    readonly hookPoint: P,
    private readonly args: HookArgs[P],
    private readonly library: LoadedLibrary,
    private readonly state: CallState,
    private readonly contexts: ContextStore,
    private readonly contextKey: object,
  ) {}

  get arguments(): Readonly<HookArgs[P]> {
    return this.args;
  }

  get parameters(): LibraryParameters {
    return this.library.parameters;
  }

  get log(): HookLogger {
    this.childLog ??= this.library.log.child({ hookPoint: this.hookPoint });
    return this.childLog;
  }

  /** The callout returned: later changes through this handle are ignored (and logged). */
  close(): void {
    this.active = false;
  }

  getArgument<K extends keyof HookArgs[P]>(name: K): HookArgs[P][K] {
    return this.args[name];
  }

  setArgument<K extends keyof HookArgs[P]>(name: K, value: HookArgs[P][K]): void {
    const directions = ARGUMENT_DIRECTIONS[this.hookPoint] as Record<PropertyKey, string>;
    const direction = directions[name];
    if (direction === undefined) {
      throw new TypeError(`${this.hookPoint} has no argument '${String(name)}'`);
    }
    if (direction === 'in') {
      throw new TypeError(`argument '${String(name)}' of ${this.hookPoint} is in-only: the server ignores a new value`);
    }
    if (!this.usable('setArgument')) return;
    this.args[name] = value;
  }

  getStatus(): NextStep {
    return this.state.status;
  }

  setStatus(status: NextStep): void {
    if (!NEXT_STEPS.has(status)) {
      throw new TypeError(`'${String(status)}' is not a next-step status (continue, skip, drop, park)`);
    }
    if (!this.usable('setStatus')) return;
    this.state.status = status;
  }

  park(): () => void {
    if (!this.usable('park')) return () => {};
    this.state.ticket ??= new ParkTicket();
    this.state.status = 'park';
    const unpark = this.state.ticket.reference();
    this.taken.push(unpark);
    return unpark;
  }

  /** The callout failed: the packet must not wait for releases it will never make. */
  releaseParks(): void {
    for (const unpark of this.taken.splice(0)) unpark();
  }

  getContext<T = unknown>(name: string): T | undefined {
    return this.libraryContext(false)?.get(name) as T | undefined;
  }

  setContext(name: string, value: unknown): void {
    this.libraryContext(true)!.set(name, value);
  }

  deleteContext(name: string): void {
    this.libraryContext(false)?.delete(name);
  }

  private libraryContext(create: boolean): Map<string, unknown> | undefined {
    let perLibrary = this.contexts.get(this.contextKey);
    if (!perLibrary) {
      if (!create) return undefined;
      perLibrary = new Map();
      this.contexts.set(this.contextKey, perLibrary);
    }
    let values = perLibrary.get(this.library);
    if (!values && create) {
      values = new Map();
      perLibrary.set(this.library, values);
    }
    return values;
  }

  private usable(what: string): boolean {
    if (this.active) return true;
    this.log.warn(`${what}() after the callout returned is ignored: the server has moved on`);
    return false;
  }
}
