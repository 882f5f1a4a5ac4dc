// Writes lease6_event rows inside the transaction that made the changes, in commit order
// across agents, and announces the new highest seq on the lease6_event channel at commit.

import { LOCK_CLASS, LOCK_LEASE6_EVENTS } from './advisory-locks.js';
import { lease6ToJson } from './lease6-json.js';
import type { Lease6, LeaseEventType, SqlExecutor } from './types.js';

export const LEASE6_EVENT_CHANNEL = 'lease6_event';

export interface PendingLeaseEvent {
  event: LeaseEventType;
  lease: Lease6;
}

// The advisory lock is taken in the same statement, just before the rows get their seq, and
// held until COMMIT: a transaction holding it never waits for a row lock, so it cannot deadlock
// with one that holds row locks and waits for it. NOTIFY is delivered only at COMMIT.
const INSERT_EVENTS = `
  WITH lk AS (SELECT pg_advisory_xact_lock($2, $3)),
  ev AS (
    INSERT INTO lease6_event (agent, event, address, prefix_len, subnet_id, duid, lease)
    SELECT $4, x.event, x.address, x.prefix_len, x.subnet_id, decode(x.duid, 'hex'), x.lease
    FROM lk, json_to_recordset($1::json)
      AS x(n int, event text, address inet, prefix_len smallint, subnet_id bigint, duid text, lease jsonb)
    ORDER BY x.n
    RETURNING seq)
  SELECT max(seq) AS max_seq, pg_notify('${LEASE6_EVENT_CHANNEL}', max(seq)::text) AS notified FROM ev`;

/** Inserts the events in the given order; returns the highest seq written (0 when none). */
export async function writeLeaseEvents(tx: SqlExecutor, agentId: string, events: PendingLeaseEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const records = events.map((e, n) => ({
    n,
    event: e.event,
    address: e.lease.address,
    prefix_len: e.lease.prefixLen,
    subnet_id: e.lease.subnetId,
    duid: Buffer.from(e.lease.duid.buffer, e.lease.duid.byteOffset, e.lease.duid.byteLength).toString('hex'),
    lease: lease6ToJson(e.lease),
  }));
  const r = await tx.query<{ max_seq: number }>(INSERT_EVENTS, [JSON.stringify(records), LOCK_CLASS, LOCK_LEASE6_EVENTS, agentId]);
  return r.rows[0].max_seq;
}
