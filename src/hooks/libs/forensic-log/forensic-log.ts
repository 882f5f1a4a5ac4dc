// Built-in library forensic-log: Kea's legal_log for DHCPv6. Records leases given out
// (lease6_select for REQUEST, not SOLICIT), renewed (lease6_renew, lease6_rebind) and the
// administrator's lease6-add/-update/-del commands in path/base-name.CCYYMMDD.txt.
// Parameters as Kea's: "path" (inside the log directory; default the log directory) and
// "base-name" (default "kea-legal"). Docs: docs/hooks.md "forensic-log".

import { statSync } from 'node:fs';
import type { CalloutHandle, LibraryContext } from '../../library-api.js';
import type { HookPoint } from '../../types.js';
import { commandEntry } from './command-entry.js';
import { DailyFile } from './daily-file.js';
import { lease6Entry, type LeaseAction } from './lease6-entry.js';

export const version = 1;

const KNOWN = ['path', 'base-name'];
const BASE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function load(ctx: LibraryContext): void {
  const p = ctx.parameters;
  for (const key of Object.keys(p)) {
    if (!KNOWN.includes(key)) throw new Error(`unknown parameter '${key}' (forensic-log takes ${KNOWN.join(', ')})`);
  }
  if (p.path !== undefined && (typeof p.path !== 'string' || p.path === '')) throw new Error("parameter 'path' must be a directory name");
  const directory = ctx.confineToLogDirectory((p.path as string | undefined) ?? '.', "parameter 'path'");
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`parameter 'path': directory ${directory} does not exist`);
  }
  const baseName = p['base-name'] ?? 'kea-legal';
  if (typeof baseName !== 'string' || !BASE_NAME.test(baseName)) {
    throw new Error("parameter 'base-name' must be a file name (letters, digits, '.', '_', '-'; no '/')");
  }

  const file = new DailyFile(directory, baseName, ctx.log);
  const write = (entry: string) => {
    try {
      file.writeln(entry);
    } catch (err) {
      ctx.log.error({ err }, `forensic log: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  // An earlier library's SKIP or DROP means the lease is not handed out: nothing to record.
  const vetoed = (handle: CalloutHandle<HookPoint>) => handle.getStatus() === 'skip' || handle.getStatus() === 'drop';
  const leaseCallout = (action: LeaseAction) => (handle: CalloutHandle<'lease6_select' | 'lease6_renew' | 'lease6_rebind'>) => {
    if (vetoed(handle)) return;
    const { query6, lease6 } = handle.arguments;
    write(lease6Entry(query6, lease6, action));
  };

  ctx.registerCallout('lease6_select', (handle) => {
    if (handle.arguments.fake_allocation) return;
    leaseCallout('assigned')(handle);
  });
  ctx.registerCallout('lease6_renew', leaseCallout('renewed'));
  ctx.registerCallout('lease6_rebind', leaseCallout('renewed'));
  ctx.registerCallout('command_processed', (handle) => {
    const { name, arguments: args, response } = handle.arguments;
    const entry = commandEntry(name, args, response, Math.floor(Date.now() / 1000));
    if (entry !== null) write(entry);
  });
  ctx.onUnload(() => file.close());
}
