// The one list of built-in commands: the processor dispatches from it, list-commands lists
// it, and the OpenAPI document (openapi.ts) is generated from it, so they cannot drift.

import { BUILT_IN_COMMANDS } from './built-in.js';
import { configGet, configHashGet, configReload, configSet, configTest } from './config-commands.js';
import { configWrite } from './config-write.js';
import { lease6BulkApply } from './lease6-bulk-apply.js';
import { LEASE6_CHANGE_COMMANDS } from './lease6-change.js';
import { LEASE6_GET_COMMANDS } from './lease6-get.js';
import { LIFECYCLE_COMMANDS } from './lifecycle-commands.js';
import { RESERVATION_CHANGE_COMMANDS } from './reservation-change.js';
import { RESERVATION_GET_COMMANDS } from './reservation-get.js';
import { statLease6Get } from './stat-lease6.js';
import { STATISTIC_COMMANDS } from './statistic-commands.js';
import { SUBNET6_COMMANDS } from './subnet6-commands.js';
import type { AnyCommandDefinition } from './types.js';

export const BUILTIN_COMMANDS: readonly AnyCommandDefinition[] = [
  ...BUILT_IN_COMMANDS,
  ...LEASE6_CHANGE_COMMANDS,
  lease6BulkApply,
  ...LEASE6_GET_COMMANDS,
  ...RESERVATION_CHANGE_COMMANDS,
  ...RESERVATION_GET_COMMANDS,
  statLease6Get,
  configGet,
  configHashGet,
  configTest,
  configSet,
  configReload,
  configWrite,
  ...SUBNET6_COMMANDS,
  ...STATISTIC_COMMANDS,
  ...LIFECYCLE_COMMANDS,
];

const BUILTIN_NAMES = new Set(BUILTIN_COMMANDS.map((c) => c.name));

/** For HooksLibraries' isReservedCommand: a hook library may not take over a built-in command. */
export function isBuiltinCommand(name: string): boolean {
  return BUILTIN_NAMES.has(name);
}
