// Where libraries, scripts and library log files may live. As Kea does since its 2025
// advisories, a configuration (which a config-set command can send) cannot make the agent
// load code or write files elsewhere: the directories come from the command line or the
// environment only, and every configured path must lie inside after resolving symbolic
// links and `..`.

import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOOKS_DIR_ENV = 'DHCP6_AGENT_HOOKS_DIR';
export const LOG_DIR_ENV = 'DHCP6_AGENT_LOG_DIR';

/** The directory of the built-in libraries, beside this file: dist/hooks/libs once built. */
export function defaultHooksDirectory(): string {
  return fileURLToPath(new URL('./libs/', import.meta.url)).replace(/\/$/, '');
}

/** --hooks-dir, else $DHCP6_AGENT_HOOKS_DIR, else the built-ins' directory. */
export function resolveHooksDirectory(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag || env[HOOKS_DIR_ENV] || defaultHooksDirectory());
}

/** --log-dir, else $DHCP6_AGENT_LOG_DIR, else the data directory. */
export function resolveLogDirectory(dataDirectory: string, flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag || env[LOG_DIR_ENV] || dataDirectory);
}

export class ConfinementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfinementError';
  }
}

export interface ConfineOptions {
  /** the directory itself is an acceptable answer (a log directory), not only what is inside */
  allowDirectoryItself?: boolean;
  /** how to change the directory, for the error text */
  override?: string;
}

/**
 * Resolves `target` (relative: against `directory`) to its real location and returns it
 * when it lies inside `directory`'s real location; throws ConfinementError otherwise.
 * A target that does not exist yet is judged by its nearest existing ancestor.
 */
export function confinePath(directory: string, target: string, what: string, options: ConfineOptions = {}): string {
  if (typeof target !== 'string' || target === '') throw new ConfinementError(`${what} must be a non-empty string`);
  if (target.includes('\0')) throw new ConfinementError(`${what} '${target}' contains a NUL byte`);
  if (!existsSync(directory)) throw new ConfinementError(`${what} '${target}': the directory ${directory} does not exist`);
  const base = realpathSync(directory);
  const real = realLocation(path.resolve(base, target), what);
  const rel = path.relative(base, real);
  const inside = rel === '' ? options.allowDirectoryItself === true : !rel.startsWith('..') && !path.isAbsolute(rel);
  if (!inside) {
    const how = options.override ? ` (only ${options.override} can change that directory)` : '';
    const resolved = real === path.resolve(base, target) ? '' : ` (resolves to ${real})`;
    throw new ConfinementError(`${what} '${target}'${resolved} is outside ${base}${how}`);
  }
  return real;
}

function realLocation(absolute: string, what: string): string {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      // A dangling symbolic link would be followed when the file is created: refuse it.
      if (lstatSync(current, { throwIfNoEntry: false })?.isSymbolicLink()) {
        throw new ConfinementError(`${what}: ${current} is a symbolic link to a missing target`);
      }
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
