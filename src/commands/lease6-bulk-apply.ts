// lease6-bulk-apply (Kea lease_cmds): deletes and adds-or-updates many leases in one command,
// as HA partners use it. Every entry is parsed before anything is written (a malformed one
// fails the whole command); then each change succeeds or fails on its own and the failures
// are listed, as Kea does.

import { colonHex } from '../dhcp6/hex-text.js';
import type { Lease6, LeaseMutation, LeaseType } from '../store/types.js';
import { nowSeconds, updateFailedText } from './lease6-change.js';
import { LEASE6_EXAMPLES } from './lease6-examples.js';
import { LEASE6_SCHEMA, parseLease6 } from './lease6-parser.js';
import { findLease6, LEASE6_SELECTOR_SCHEMA, parseLease6Selector, type Lease6Selector } from './lease6-selector.js';
import { argumentCheck } from './argument-check.js';
import { RESULT, type CommandDefinition } from './types.js';

interface FailedLease {
  'error-message': string;
  'ip-address'?: string;
  duid?: string;
  result: number;
  type: LeaseType;
}

function failed(sel: Lease6Selector | Lease6, result: number, message: string): FailedLease {
  const where = 'by' in sel && sel.by === 'duid' ? { duid: colonHex(sel.duid) } : { 'ip-address': (sel as { address: string }).address };
  return { 'error-message': message, ...where, result, type: sel.type };
}

interface BulkArgs {
  'deleted-leases'?: Record<string, unknown>[];
  leases?: Record<string, unknown>[];
}

const checkSelector = argumentCheck(LEASE6_SELECTOR_SCHEMA);
const checkLease = argumentCheck(LEASE6_SCHEMA);

export const lease6BulkApply: CommandDefinition<BulkArgs> = {
  name: 'lease6-bulk-apply',
  description:
    "Needs 'deleted-leases' or 'leases' (or both). Deletes the leases in 'deleted-leases' (as lease6-del selects them), then adds or updates those in 'leases' (as lease6-update with force-create). The answer lists the entries that failed.",
  schema: {
    type: 'object',
    properties: {
      'deleted-leases': { type: 'array', items: { type: 'object' }, description: 'lease6-del arguments, one per lease' },
      leases: { type: 'array', items: { type: 'object' }, description: 'lease6-add arguments, one per lease' },
    },
  },
  argumentsRequired: true,
  argumentsText: 'Command arguments missing or a not a map.',
  examples: LEASE6_EXAMPLES['lease6-bulk-apply'],
  async handle(args, ctx) {
    if (args['deleted-leases'] === undefined && args.leases === undefined) {
      return { result: RESULT.ERROR, text: "neither 'deleted-leases' nor 'leases' parameter specified" };
    }
    const config = ctx.agent.config();
    const store = ctx.agent.store.leases;

    // Parse everything first: nothing is written when one entry is malformed.
    const selectors: Lease6Selector[] = [];
    for (const [i, entry] of (args['deleted-leases'] ?? []).entries()) {
      const problem = checkSelector(entry);
      if (problem) return { result: RESULT.ERROR, text: `deleted-leases[${i}]: ${problem}` };
      const sel = parseLease6Selector(entry, 'Delete');
      if (typeof sel === 'string') return { result: RESULT.ERROR, text: `deleted-leases[${i}]: ${sel}` };
      selectors.push(sel);
    }
    const now = nowSeconds();
    const leases: Lease6[] = [];
    for (const [i, entry] of (args.leases ?? []).entries()) {
      const problem = checkLease(entry);
      if (problem) return { result: RESULT.ERROR, text: `leases[${i}]: ${problem}` };
      const parsed = parseLease6(config, entry, now);
      if ('error' in parsed) return { result: RESULT.ERROR, text: `leases[${i}]: ${parsed.error}` };
      leases.push(parsed.lease);
    }

    let successes = 0;
    const failedDeleted: FailedLease[] = [];
    const found = await Promise.all(selectors.map((sel) => findLease6(store, sel)));
    const deletions: { sel: Lease6Selector; address: string }[] = [];
    found.forEach((lease, i) => {
      if (typeof lease === 'string') failedDeleted.push(failed(selectors[i], RESULT.ERROR, lease));
      else if (!lease) failedDeleted.push(failed(selectors[i], RESULT.EMPTY, 'lease not found'));
      else deletions.push({ sel: selectors[i], address: lease.address });
    });
    if (deletions.length > 0) {
      const results = await store.apply(deletions.map((d): LeaseMutation => ({ op: 'delete', address: d.address, event: 'deleted' })));
      results.forEach((r, i) => {
        if (r.ok) successes++;
        else failedDeleted.push(failed(deletions[i].sel, RESULT.EMPTY, 'lease not found'));
      });
    }

    // Deletions are committed before the lookups, so a lease deleted and given again is added anew.
    const failedLeases: FailedLease[] = [];
    if (leases.length > 0) {
      const existing = await Promise.all(leases.map((l) => store.get(l.address, l.type)));
      const changes = leases.map((lease, i): LeaseMutation => {
        const old = existing[i];
        return old
          ? { op: 'update', lease, event: 'updated', expect: { duid: old.duid, iaid: old.iaid, cltt: old.cltt } }
          : { op: 'insert', lease, event: 'added' };
      });
      const results = await store.apply(changes);
      results.forEach((r, i) => {
        if (r.ok) successes++;
        else if (changes[i].op === 'insert') {
          failedLeases.push(failed(leases[i], RESULT.CONFLICT, `lost race between calls to get and add for address ${leases[i].address}`));
        } else failedLeases.push(failed(leases[i], RESULT.CONFLICT, updateFailedText(leases[i].address)));
      });
    }

    const out: Record<string, unknown> = {};
    if (failedDeleted.length > 0) out['failed-deleted-leases'] = failedDeleted;
    if (failedLeases.length > 0) out['failed-leases'] = failedLeases;
    return {
      result: successes > 0 ? RESULT.SUCCESS : RESULT.EMPTY,
      text: `Bulk apply of ${successes} IPv6 leases completed.`,
      ...(Object.keys(out).length > 0 ? { arguments: out } : {}),
    };
  },
};
