// One transaction applying the lease changes of many callers with set-based SQL: each kind of
// change (insert, insert reusing an expired lease, update, delete) is one statement over a
// JSON array of rows, whatever the number of callers.

import { LEASE_RECORD_COLUMNS, leaseColumns, leaseRecord, rowToLease, storedAddressText, type LeaseRow } from './lease6-row.js';
import { writeLeaseEvents, type PendingLeaseEvent } from './lease6-event-writer.js';
import type { Lease6, LeaseEventType, MutationResult, SqlExecutor } from './types.js';

/** A validated change, its address in canonical text. */
export type PreparedChange =
  | { op: 'insert'; address: string; lease: Lease6; event: LeaseEventType; reuseExpired: boolean }
  | { op: 'update'; address: string; lease: Lease6; event: LeaseEventType; expect?: { duid: Buffer; iaid: number; cltt?: number } }
  | { op: 'delete'; address: string; event: LeaseEventType };

const INSERT_TARGET = `INSERT INTO lease6 (address, prefix_len, lease_type, subnet_id, duid, iaid, preferred_lft,
    valid_lft, cltt, hwaddr, hwtype, hwaddr_source, hostname, fqdn_fwd, fqdn_rev, state, user_context)`;

// Rows go in address order so two agents inserting overlapping sets lock them in the same order.
const INSERT_SOURCE = `SELECT x.address, x.prefix_len, x.lease_type, x.subnet_id, decode(x.duid, 'hex'), x.iaid,
    x.preferred_lft, x.valid_lft, x.cltt, decode(x.hwaddr, 'hex'), x.hwtype, x.hwaddr_source, x.hostname,
    x.fqdn_fwd, x.fqdn_rev, x.state, x.user_context
  FROM json_to_recordset($1::json) AS x(${LEASE_RECORD_COLUMNS})
  ORDER BY x.address`;

const INSERT = `${INSERT_TARGET} ${INSERT_SOURCE}
  ON CONFLICT (address) DO NOTHING
  RETURNING host(address) AS address`;

// RFC 8415 §7.6/§18.3: an expired lease's address may go to another client. Expiry is judged by
// the database clock, the one clock all agents sharing it agree on.
const INSERT_REUSING_EXPIRED = `${INSERT_TARGET} ${INSERT_SOURCE}
  ON CONFLICT (address) DO UPDATE SET
    prefix_len = excluded.prefix_len, lease_type = excluded.lease_type, subnet_id = excluded.subnet_id,
    duid = excluded.duid, iaid = excluded.iaid, preferred_lft = excluded.preferred_lft,
    valid_lft = excluded.valid_lft, cltt = excluded.cltt, hwaddr = excluded.hwaddr, hwtype = excluded.hwtype,
    hwaddr_source = excluded.hwaddr_source, hostname = excluded.hostname, fqdn_fwd = excluded.fqdn_fwd,
    fqdn_rev = excluded.fqdn_rev, state = excluded.state, user_context = excluded.user_context
  WHERE lease6.state = 2 OR lease6.expire < floor(extract(epoch FROM now()))
  RETURNING host(address) AS address`;

const UPDATE = `UPDATE lease6 AS l SET
    prefix_len = x.prefix_len, lease_type = x.lease_type, subnet_id = x.subnet_id, duid = decode(x.duid, 'hex'),
    iaid = x.iaid, preferred_lft = x.preferred_lft, valid_lft = x.valid_lft, cltt = x.cltt,
    hwaddr = decode(x.hwaddr, 'hex'), hwtype = x.hwtype, hwaddr_source = x.hwaddr_source, hostname = x.hostname,
    fqdn_fwd = x.fqdn_fwd, fqdn_rev = x.fqdn_rev, state = x.state, user_context = x.user_context
  FROM json_to_recordset($1::json) AS x(${LEASE_RECORD_COLUMNS}, expect_duid text, expect_iaid bigint, expect_cltt bigint)
  WHERE l.address = x.address
    AND (x.expect_duid IS NULL
         OR (l.duid = decode(x.expect_duid, 'hex') AND l.iaid = x.expect_iaid
             AND (x.expect_cltt IS NULL OR l.cltt = x.expect_cltt)))
  RETURNING x.i`;

const EXISTING = `SELECT x.i FROM json_to_recordset($1::json) AS x(i int, address inet)
  JOIN lease6 AS l ON l.address = x.address`;

const DELETE = `DELETE FROM lease6 AS l USING json_to_recordset($1::json) AS x(i int, address inet)
  WHERE l.address = x.address
  RETURNING x.i, ${leaseColumns('l')}`;

const CONFLICT: MutationResult = { ok: false, reason: 'conflict' };
const MISSING: MutationResult = { ok: false, reason: 'missing' };

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/**
 * Splits the changes into rounds holding each address at most once (a set-based statement
 * cannot change one row twice): the k-th change to an address goes to round k, so changes to
 * one address still apply in the order they were submitted.
 */
function rounds(changes: PreparedChange[]): number[][] {
  const seen = new Map<string, number>();
  const out: number[][] = [];
  changes.forEach((c, i) => {
    const k = seen.get(c.address) ?? 0;
    seen.set(c.address, k + 1);
    (out[k] ??= []).push(i);
  });
  return out;
}

async function applyInserts(tx: SqlExecutor, changes: PreparedChange[], idx: number[], sql: string, results: MutationResult[]) {
  if (idx.length === 0) return;
  const records = idx.map((i) => leaseRecord((changes[i] as { lease: Lease6 }).lease, i));
  const r = await tx.query<{ address: string }>(sql, [JSON.stringify(records)]);
  const written = new Set(r.rows.map((row) => storedAddressText(row.address)));
  for (const i of idx) {
    const c = changes[i] as { address: string; lease: Lease6 };
    results[i] = written.has(c.address) ? { ok: true, lease: c.lease } : CONFLICT;
  }
}

async function applyUpdates(tx: SqlExecutor, changes: PreparedChange[], idx: number[], results: MutationResult[]) {
  if (idx.length === 0) return;
  const records = idx.map((i) => {
    const c = changes[i] as Extract<PreparedChange, { op: 'update' }>;
    return {
      ...leaseRecord(c.lease, i),
      expect_duid: c.expect ? hex(c.expect.duid) : null,
      expect_iaid: c.expect ? c.expect.iaid : null,
      expect_cltt: c.expect?.cltt ?? null,
    };
  });
  const r = await tx.query<{ i: number }>(UPDATE, [JSON.stringify(records)]);
  const updated = new Set(r.rows.map((row) => row.i));
  const notUpdated = idx.filter((i) => !updated.has(i));
  for (const i of idx) if (updated.has(i)) results[i] = { ok: true, lease: (changes[i] as { lease: Lease6 }).lease };
  if (notUpdated.length === 0) return;
  const e = await tx.query<{ i: number }>(EXISTING, [JSON.stringify(notUpdated.map((i) => ({ i, address: changes[i].address })))]);
  const existing = new Set(e.rows.map((row) => row.i));
  for (const i of notUpdated) results[i] = existing.has(i) ? CONFLICT : MISSING;
}

async function applyDeletes(tx: SqlExecutor, changes: PreparedChange[], idx: number[], results: MutationResult[]) {
  if (idx.length === 0) return;
  const r = await tx.query<LeaseRow & { i: number }>(DELETE, [JSON.stringify(idx.map((i) => ({ i, address: changes[i].address })))]);
  for (const i of idx) results[i] = MISSING;
  for (const row of r.rows) results[row.i] = { ok: true, lease: rowToLease(row) };
}

/**
 * Applies the changes in `tx` and writes one event per applied change; returns the results in
 * the order of `changes`. The caller commits.
 */
export async function applyChanges(tx: SqlExecutor, agentId: string, changes: PreparedChange[]): Promise<MutationResult[]> {
  const results = new Array<MutationResult>(changes.length);
  for (const round of rounds(changes)) {
    const inserts: number[] = [];
    const reusing: number[] = [];
    const updates: number[] = [];
    const deletes: number[] = [];
    for (const i of round) {
      const c = changes[i];
      if (c.op === 'insert') (c.reuseExpired ? reusing : inserts).push(i);
      else if (c.op === 'update') updates.push(i);
      else deletes.push(i);
    }
    // within a round every address appears once, so the statements do not interact
    await applyInserts(tx, changes, inserts, INSERT, results);
    await applyInserts(tx, changes, reusing, INSERT_REUSING_EXPIRED, results);
    await applyUpdates(tx, changes, updates, results);
    await applyDeletes(tx, changes, deletes, results);
  }
  const events: PendingLeaseEvent[] = [];
  changes.forEach((c, i) => {
    const r = results[i];
    if (r.ok && r.lease) events.push({ event: c.event, lease: r.lease });
  });
  await writeLeaseEvents(tx, agentId, events);
  return results;
}
