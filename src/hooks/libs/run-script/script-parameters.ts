// run-script's parameters: checked at load, each error naming the parameter.

import { accessSync, constants, statSync } from 'node:fs';
import type { LibraryContext } from '../../library-api.js';
import { SUPPORTED_STATUSES, type NextStep } from '../../types.js';
import { SCRIPT_HOOK_POINTS, type ScriptHookPoint } from './script-variables.js';

export interface RunScriptParameters {
  /** the script's real path, inside the hooks directory */
  script: string;
  /** true: the packet waits for the script (other packets do not); false: fire and forget */
  wait: boolean;
  hookPoints: ScriptHookPoint[];
  timeoutMs: number;
  maxConcurrent: number;
  /** per hook point: the status set when the script fails (non-zero exit, timeout, not run) */
  exitStatus: Partial<Record<ScriptHookPoint, NextStep>>;
  /** also run the script with argv[1] "load" at load (failure fails the configuration) and "unload" */
  callOnLoadUnload: boolean;
}

const KNOWN = ['script', 'wait', 'hook-points', 'timeout', 'max-concurrent', 'exit-status', 'call-on-load-unload'];
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_CONCURRENT = 16;

export function parseRunScriptParameters(ctx: LibraryContext): RunScriptParameters {
  const p = ctx.parameters;
  for (const key of Object.keys(p)) {
    if (!KNOWN.includes(key)) throw new Error(`unknown parameter '${key}' (run-script takes ${KNOWN.join(', ')})`);
  }

  if (typeof p.script !== 'string' || p.script === '') throw new Error("parameter 'script' is required: the path of the script");
  const script = ctx.confineToHooksDirectory(p.script, "parameter 'script'");
  const stat = statSync(script, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new Error(`parameter 'script': ${script} is not a file`);
  try {
    accessSync(script, constants.X_OK);
  } catch {
    throw new Error(`parameter 'script': ${script} is not executable`);
  }

  const wait = p.wait ?? true;
  if (typeof wait !== 'boolean') throw new Error("parameter 'wait' must be true or false");

  let hookPoints: ScriptHookPoint[] = [...SCRIPT_HOOK_POINTS];
  if (p['hook-points'] !== undefined) {
    const list = p['hook-points'];
    if (!Array.isArray(list) || list.length === 0) throw new Error("parameter 'hook-points' must be a non-empty list of hook point names");
    hookPoints = list.map((name) => scriptPoint(name, "parameter 'hook-points'"));
  }

  const timeoutMs = positiveInteger(p.timeout, 'timeout', DEFAULT_TIMEOUT_MS);
  const maxConcurrent = positiveInteger(p['max-concurrent'], 'max-concurrent', DEFAULT_MAX_CONCURRENT);

  const exitStatus: RunScriptParameters['exitStatus'] = {};
  const mapping = p['exit-status'];
  if (mapping !== undefined) {
    if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
      throw new Error(`parameter 'exit-status' must map hook points to a status, e.g. {"lease6_select": "skip"}`);
    }
    if (!wait) throw new Error("parameter 'exit-status' needs 'wait': true — without waiting there is no exit code to act on");
    for (const [name, status] of Object.entries(mapping)) {
      const point = scriptPoint(name, "parameter 'exit-status'");
      if (!hookPoints.includes(point)) throw new Error(`parameter 'exit-status': the script is not called at ${point} (see 'hook-points')`);
      const supported: readonly NextStep[] = SUPPORTED_STATUSES[point].filter((s) => s !== 'park');
      if (typeof status !== 'string' || !supported.includes(status as NextStep)) {
        throw new Error(`parameter 'exit-status': ${point} can map a failure to ${supported.map((s) => `"${s}"`).join(' or ')}, not ${JSON.stringify(status)}`);
      }
      exitStatus[point] = status as NextStep;
    }
  }

  const callOnLoadUnload = p['call-on-load-unload'] ?? false;
  if (typeof callOnLoadUnload !== 'boolean') throw new Error("parameter 'call-on-load-unload' must be true or false");

  return { script, wait, hookPoints, timeoutMs, maxConcurrent, exitStatus, callOnLoadUnload };
}

function scriptPoint(name: unknown, where: string): ScriptHookPoint {
  if (typeof name === 'string' && (SCRIPT_HOOK_POINTS as readonly string[]).includes(name)) return name as ScriptHookPoint;
  throw new Error(`${where}: ${JSON.stringify(name)} is not one of ${SCRIPT_HOOK_POINTS.join(', ')}`);
}

function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new Error(`parameter '${name}' must be a positive integer`);
  return value;
}
