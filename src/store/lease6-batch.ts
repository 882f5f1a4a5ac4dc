// The lease changes of many callers written by ONE SQL statement: a CTE per kind of change
// (insert, insert reusing an expired lease, update, delete), each set-based over a JSON array,
// then the advisory lock, the event rows and the NOTIFY. A single statement is its own
// transaction, so the common batch costs one round trip; a batch that changes one address
// twice needs several statements (one per round) inside an explicit transaction.

import { LOCK_CLASS, LOCK_LEASE6_EVENTS } from './advisory-locks.js';
import { WRITE_EVENTS_SQL } from './lease6-event-sql.js';
import { colonHex } from './lease6-json.js';
import { LEASE_RECORD_COLUMNS, leaseRecord, LEASE_TYPE_OF_CODE, storedAddressText } from './lease6-row.js';
import type { Lease6, LeaseEventType, LeaseState, MutationResult, SqlDriver, SqlExecutor } from './types.js';

/** A validated change, its address in canonical text. */
export type PreparedChange =
  | { op: 'insert'; address: string; lease: Lease6; event: LeaseEventType; reuseExpired: boolean }
  | { op: 'update'; address: string; lease: Lease6; event: LeaseEventType; expect?: { duid: Buffer; iaid: number; cltt?: number } }
  | { op: 'delete'; address: string; event: LeaseEventType };

export type Kind = 'ins' | 'reu' | 'upd' | 'del';

const COLUMNS = `address, prefix_len, lease_type, subnet_id, duid, iaid, preferred_lft, valid_lft, cltt, hwaddr,
  hwtype, hwaddr_source, hostname, fqdn_fwd, fqdn_rev, state, user_context`;
const qualified = (alias: string) => COLUMNS.split(',').map((c) => `${alias}.${c.trim()}`).join(', ');

// Each input array is parsed once (parsing JSON is a large part of a batch's cost) into a
// materialized CTE the statements below read.
const INPUT_COLUMNS: Record<Kind, string> = {
  ins: `${LEASE_RECORD_COLUMNS}, event text, duid_colon text, hwaddr_colon text`,
  reu: `${LEASE_RECORD_COLUMNS}, event text, duid_colon text, hwaddr_colon text`,
  upd: `${LEASE_RECORD_COLUMNS}, event text, duid_colon text, hwaddr_colon text, expect_duid text, expect_iaid bigint, expect_cltt bigint`,
  del: 'i int, address inet, event text',
};
const input = (kind: Kind, p: string) =>
  `${kind}_in AS MATERIALIZED (SELECT * FROM json_to_recordset(${p}::json) AS x(${INPUT_COLUMNS[kind]}))`;

// Rows go in address order so two agents inserting overlapping sets lock them in the same order.
const insertFrom = (source: string) => `INSERT INTO lease6 (${COLUMNS})
    SELECT x.address, x.prefix_len, x.lease_type, x.subnet_id, decode(x.duid, 'hex'), x.iaid, x.preferred_lft,
      x.valid_lft, x.cltt, decode(x.hwaddr, 'hex'), x.hwtype, x.hwaddr_source, x.hostname, x.fqdn_fwd,
      x.fqdn_rev, x.state, x.user_context
    FROM ${source} AS x
    ORDER BY x.address`;

// The input CTE is estimated at 100 rows whatever it holds, and a join with lease6 on that
// estimate may become a sequential scan of the whole table; filtering lease6 by the array of
// addresses keeps every lookup on the primary key.
const addressesIn = (source: string) => `ANY(ARRAY(SELECT y.address FROM ${source} AS y))`;

const CTE_INSERT = `ins AS (
    ${insertFrom('ins_in')}
    ON CONFLICT (address) DO NOTHING
    RETURNING ${COLUMNS})`;

// RFC 8415 §7.6/§18.3: an expired lease's address may go to another client. Expiry is judged
// by the database clock, the one clock all agents sharing it agree on.
const CTE_REUSE = `reu AS (
    ${insertFrom('reu_in')}
    ON CONFLICT (address) DO UPDATE SET
      prefix_len = excluded.prefix_len, lease_type = excluded.lease_type, subnet_id = excluded.subnet_id,
      duid = excluded.duid, iaid = excluded.iaid, preferred_lft = excluded.preferred_lft,
      valid_lft = excluded.valid_lft, cltt = excluded.cltt, hwaddr = excluded.hwaddr, hwtype = excluded.hwtype,
      hwaddr_source = excluded.hwaddr_source, hostname = excluded.hostname, fqdn_fwd = excluded.fqdn_fwd,
      fqdn_rev = excluded.fqdn_rev, state = excluded.state, user_context = excluded.user_context
    WHERE lease6.state = 2 OR lease6.expire < floor(extract(epoch FROM now()))
    RETURNING ${COLUMNS})`;

const CTE_UPDATE = `upd AS (
    UPDATE lease6 AS l SET
      prefix_len = x.prefix_len, lease_type = x.lease_type, subnet_id = x.subnet_id, duid = decode(x.duid, 'hex'),
      iaid = x.iaid, preferred_lft = x.preferred_lft, valid_lft = x.valid_lft, cltt = x.cltt,
      hwaddr = decode(x.hwaddr, 'hex'), hwtype = x.hwtype, hwaddr_source = x.hwaddr_source, hostname = x.hostname,
      fqdn_fwd = x.fqdn_fwd, fqdn_rev = x.fqdn_rev, state = x.state, user_context = x.user_context
    FROM upd_in AS x
    WHERE l.address = x.address AND l.address = ${addressesIn('upd_in')}
      AND (x.expect_duid IS NULL
           OR (l.duid = decode(x.expect_duid, 'hex') AND l.iaid = x.expect_iaid
               AND (x.expect_cltt IS NULL OR l.cltt = x.expect_cltt)))
    RETURNING x.i, x.event, false AS del, x.duid_colon, x.hwaddr_colon, ${qualified('l')}),
  -- updates whose row exists (as of the statement's start): not updated means 'conflict', not 'missing'
  ex AS (SELECT x.i FROM upd_in AS x JOIN lease6 AS l ON l.address = x.address AND l.address = ${addressesIn('upd_in')})`;

const CTE_DELETE = `del AS (
    DELETE FROM lease6 AS l USING del_in AS x
    WHERE l.address = x.address AND l.address = ${addressesIn('del_in')}
    RETURNING x.i, x.event, true AS del, NULL::text AS duid_colon, NULL::text AS hwaddr_colon, ${qualified('l')})`;

const doneFromInserted = (kind: 'ins' | 'reu') => `SELECT m.i, m.event, false AS del, m.duid_colon, m.hwaddr_colon, ${qualified('r')}
    FROM ${kind} AS r JOIN ${kind}_in AS m ON m.address = r.address`;

// a deleted row travels back as a JSON array (the result has one shape for every kind of change)
const DELETED_ROW = `json_build_array(host(d.address), d.prefix_len, d.lease_type, d.subnet_id, encode(d.duid, 'hex'),
    d.iaid, d.preferred_lft, d.valid_lft, d.cltt, encode(d.hwaddr, 'hex'), d.hwtype, d.hwaddr_source, d.hostname,
    d.fqdn_fwd, d.fqdn_rev, d.state, d.user_context)`;

const KINDS: Kind[] = ['ins', 'reu', 'upd', 'del'];

const statements = new Map<string, string>();

/** The statement for the kinds present in a round ($1..$3 are the event parameters). */
export function roundStatement(kinds: Kind[]): string {
  const key = kinds.join(',');
  const cached = statements.get(key);
  if (cached) return cached;
  const ctes: string[] = [];
  const done: string[] = [];
  kinds.forEach((kind, k) => {
    ctes.push(input(kind, `$${4 + k}`));
    if (kind === 'ins') {
      ctes.push(CTE_INSERT);
      done.push(doneFromInserted('ins'));
    } else if (kind === 'reu') {
      ctes.push(CTE_REUSE);
      done.push(doneFromInserted('reu'));
    } else if (kind === 'upd') {
      ctes.push(CTE_UPDATE);
      done.push('SELECT * FROM upd');
    } else {
      ctes.push(CTE_DELETE);
      done.push('SELECT * FROM del');
    }
  });
  const results = [`SELECT d.i, true AS ok, CASE WHEN d.del THEN ${DELETED_ROW} END AS deleted FROM done d`];
  if (kinds.includes('upd')) results.push('SELECT e.i, false, NULL FROM ex e');
  // one row with the events' seqs and times, then one per result
  const sql = `WITH ${ctes.join(',\n  ')},
  done AS (${done.join('\n    UNION ALL ')}),
  ${WRITE_EVENTS_SQL}
  SELECT s.seqs, s.at_ms, NULL::int AS i, NULL::bool AS ok, NULL::json AS deleted FROM notified s
  UNION ALL SELECT NULL, NULL, r.i, r.ok, r.deleted FROM (${results.join(' UNION ALL ')}) r`;
  statements.set(key, sql);
  return sql;
}

// host(address), prefix_len, lease_type, subnet_id, hex duid, iaid, preferred_lft, valid_lft, cltt,
// hex hwaddr, hwtype, hwaddr_source, hostname, fqdn_fwd, fqdn_rev, state, user_context
type DeletedLease = [
  string, number, number, number, string, number, number, number, number,
  string | null, number | null, number | null, string, boolean, boolean, number, Record<string, unknown> | null,
];

function deletedLease(a: DeletedLease): Lease6 {
  return {
    address: storedAddressText(a[0]),
    prefixLen: a[1],
    type: LEASE_TYPE_OF_CODE[a[2]],
    subnetId: a[3],
    duid: Buffer.from(a[4], 'hex'),
    iaid: a[5],
    preferredLft: a[6],
    validLft: a[7],
    cltt: a[8],
    hwaddr: a[9] === null ? null : Buffer.from(a[9], 'hex'),
    hwtype: a[10],
    hwaddrSource: a[11],
    hostname: a[12],
    fqdnFwd: a[13],
    fqdnRev: a[14],
    state: a[15] as LeaseState,
    userContext: a[16],
  };
}

/** What the event row needs besides the lease columns. */
function eventTexts(c: { event: string; lease: Lease6 }) {
  return { event: c.event, duid_colon: colonHex(c.lease.duid), hwaddr_colon: c.lease.hwaddr ? colonHex(c.lease.hwaddr) : null };
}

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** An event a batch wrote, known without reading it back: its change, the lease it carries, seq and time. */
export interface CommittedEvent {
  seq: number;
  /** ms since the epoch, as the table's `at` reads back */
  atMs: number;
  event: LeaseEventType;
  /** the lease as the event row holds it (for a deletion: as it was) */
  lease: Lease6;
}

/**
 * Applies changes `idx` (each address at most once) with one statement; fills `results` and
 * appends the events it wrote to `events`.
 */
async function applyRound(
  db: SqlExecutor,
  agentId: string,
  changes: PreparedChange[],
  idx: number[],
  results: MutationResult[],
  events: CommittedEvent[],
) {
  const byKind: Record<Kind, Record<string, unknown>[]> = { ins: [], reu: [], upd: [], del: [] };
  for (const i of idx) {
    const c = changes[i];
    if (c.op === 'insert') byKind[c.reuseExpired ? 'reu' : 'ins'].push({ ...leaseRecord(c.lease, i), ...eventTexts(c) });
    else if (c.op === 'update') {
      byKind.upd.push({
        ...leaseRecord(c.lease, i),
        ...eventTexts(c),
        expect_duid: c.expect ? hex(c.expect.duid) : null,
        expect_iaid: c.expect ? c.expect.iaid : null,
        expect_cltt: c.expect?.cltt ?? null,
      });
    } else byKind.del.push({ i, address: c.address, event: c.event });
  }
  const kinds = KINDS.filter((k) => byKind[k].length > 0);
  const params: unknown[] = [LOCK_CLASS, LOCK_LEASE6_EVENTS, agentId, ...kinds.map((k) => JSON.stringify(byKind[k]))];
  const r = await db.query<{ seqs: number[] | null; at_ms: number[] | null; i: number | null; ok: boolean; deleted: DeletedLease | null }>(
    roundStatement(kinds),
    params,
    { prepare: true },
  );
  const existing = new Set<number>();
  let seqs: number[] = [];
  let atMs: number[] = [];
  for (const row of r.rows) {
    if (row.i === null) {
      seqs = row.seqs ?? [];
      atMs = row.at_ms ?? [];
      continue;
    }
    if (!row.ok) {
      existing.add(row.i);
      continue;
    }
    const c = changes[row.i];
    results[row.i] = { ok: true, lease: c.op === 'delete' ? deletedLease(row.deleted!) : c.lease };
  }
  // idx ascends (rounds() builds it in order), as the event rows' seqs do
  let k = 0;
  for (const i of idx) {
    const res = results[i];
    if (res !== undefined && res.ok && k < seqs.length) {
      events.push({ seq: Number(seqs[k]), atMs: Number(atMs[k]), event: changes[i].event, lease: res.lease! });
      k++;
    }
  }
  for (const i of idx) {
    if (results[i] !== undefined) continue;
    const op = changes[i].op;
    results[i] = { ok: false, reason: op === 'insert' || (op === 'update' && existing.has(i)) ? 'conflict' : 'missing' };
  }
}

/**
 * Splits the changes into rounds holding each address at most once (a statement cannot change
 * one row twice): the k-th change to an address goes to round k, so changes to one address
 * still apply in the order they were submitted.
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

/**
 * Applies the changes atomically, one event row per applied change, and returns the results in
 * the order of `changes` once committed, with the events written (in seq order).
 */
export async function applyChanges(
  driver: SqlDriver,
  agentId: string,
  changes: PreparedChange[],
): Promise<{ results: MutationResult[]; events: CommittedEvent[] }> {
  const results = new Array<MutationResult>(changes.length);
  const events: CommittedEvent[] = [];
  const split = rounds(changes);
  if (split.length === 1) {
    await applyRound(driver, agentId, changes, split[0], results, events);
  } else {
    await driver.transaction(async (tx) => {
      for (const round of split) await applyRound(tx, agentId, changes, round, results, events);
    });
  }
  return { results, events };
}
