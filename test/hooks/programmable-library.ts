// Drives fixtures/hooks/programmable.js: tests say what each library's callouts do, load
// the libraries through HooksLibraries as the agent would, and read back what happened.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CalloutHandle, CommandResponse } from '../../src/hooks/library-api.js';
import { HooksLibraries } from '../../src/hooks/hooks-libraries.js';
import type { HookPoint } from '../../src/hooks/types.js';
import { RecordingLogger } from './recording-logger.js';

export const FIXTURE_HOOKS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'hooks');

type Behaviour = (handle: CalloutHandle<HookPoint>) => void | Promise<void>;

export interface CalloutRecord {
  tag: string;
  point: HookPoint;
  args: Record<string, unknown>;
}

export class ProgrammableLibraries {
  readonly events: string[] = [];
  readonly calls: CalloutRecord[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  commandAnswer: (tag: string, name: string, args: unknown) => CommandResponse | Promise<CommandResponse> =
    (tag, name) => ({ result: 0, text: `${name} answered by ${tag}` });

  constructor() {
    (globalThis as { __hooksTest?: unknown }).__hooksTest = this;
  }

  /** What the callout of library `tag` at `point` does (besides being recorded). */
  on(tag: string, point: HookPoint, behaviour: Behaviour): void {
    this.behaviours.set(`${tag} ${point}`, behaviour);
  }

  callout(tag: string, point: HookPoint, handle: CalloutHandle<HookPoint>): void | Promise<void> {
    this.calls.push({ tag, point, args: { ...handle.arguments } });
    return this.behaviours.get(`${tag} ${point}`)?.(handle);
  }

  command(tag: string, name: string, args: unknown): CommandResponse | Promise<CommandResponse> {
    return this.commandAnswer(tag, name, args);
  }
}

export function library(tag: string, points: readonly HookPoint[], extra: Record<string, unknown> = {}) {
  return { library: 'programmable.js', parameters: { tag, points, ...extra } };
}

export function newHooks(log = new RecordingLogger(), hooksDirectory = FIXTURE_HOOKS_DIR, logDirectory = hooksDirectory) {
  return { hooks: new HooksLibraries({ hooksDirectory, logDirectory, log }), log };
}
