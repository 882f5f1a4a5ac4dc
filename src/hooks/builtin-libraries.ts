// Library names that need no file from the hooks directory: the libraries built into the
// agent, and Kea's names for them so that operators' existing configurations keep working.
// Kea's names are matched on the file name alone (the directory of a .so path is ignored:
// nothing is loaded from it).

import path from 'node:path';
import type { HooksLibraryModule } from './library-api.js';

export type LibraryParametersMap = (parameters: Record<string, unknown>) => Record<string, unknown>;

export type BuiltinResolution =
  /** served by a built-in library module */
  | { kind: 'library'; builtin: string; importModule: () => Promise<HooksLibraryModule>; mapParameters?: LibraryParametersMap; note?: string }
  /** Kea's command libraries: the agent always has these commands; nothing to load */
  | { kind: 'commands'; note: string };

const BUILTIN_MODULES: Record<string, () => Promise<HooksLibraryModule>> = {
  'run-script': () => import('./libs/run-script/run-script.js'),
  'forensic-log': () => import('./libs/forensic-log/forensic-log.js'),
};

/**
 * ISC's libdhcp_run_script.so names its parameters `name` (the script) and `sync`
 * (default false); ours are `script` and `wait` (default true, as kea-hook-runscript).
 */
const fromIscRunScript: LibraryParametersMap = (parameters) => {
  const { name, sync, ...rest } = parameters;
  const mapped: Record<string, unknown> = { ...rest };
  if (name !== undefined && mapped.script === undefined) mapped.script = name;
  if (mapped.wait === undefined) mapped.wait = sync === undefined ? false : sync;
  return mapped;
};

const KEA_COMMAND_LIBRARIES: Record<string, string> = {
  'libdhcp_lease_cmds.so': 'lease6-* commands',
  'libdhcp_host_cmds.so': 'reservation-* commands',
  'libdhcp_subnet_cmds.so': 'subnet6-* commands',
  'libdhcp_stat_cmds.so': 'stat-lease6-get',
};

export function resolveBuiltin(library: string): BuiltinResolution | null {
  const direct = BUILTIN_MODULES[library];
  if (direct) return { kind: 'library', builtin: library, importModule: direct };

  const file = path.basename(library);
  const commands = KEA_COMMAND_LIBRARIES[file];
  if (commands !== undefined) {
    return { kind: 'commands', note: `${file}: the ${commands} are built into the agent; nothing to load` };
  }
  if (file === 'libdhcp_legal_log.so') {
    return {
      kind: 'library', builtin: 'forensic-log', importModule: BUILTIN_MODULES['forensic-log'],
      note: `${file} is served by the built-in forensic-log library`,
    };
  }
  if (file === 'libdhcp_run_script.so') {
    return {
      kind: 'library', builtin: 'run-script', importModule: BUILTIN_MODULES['run-script'], mapParameters: fromIscRunScript,
      note: `${file} is served by the built-in run-script library (parameters name→script, sync→wait); ` +
        'the script receives kea-hook-runscript\'s KEA_* variables, not ISC\'s',
    };
  }
  if (file === 'kea-hook-runscript.so') {
    return {
      kind: 'library', builtin: 'run-script', importModule: BUILTIN_MODULES['run-script'],
      note: `${file} is served by the built-in run-script library`,
    };
  }
  return null;
}
