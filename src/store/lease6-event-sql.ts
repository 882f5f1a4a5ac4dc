// SQL pieces for writing lease6_event rows inside the statement that changes the leases.

export const LEASE6_EVENT_CHANNEL = 'lease6_event';

// Kea's colon-separated hex. The regular expression is costly on PGlite, so a batch passes the
// text it already made (duid_colon, hwaddr_colon); rows read back from the table (deletions) use it.
const colonHex = (given: string, col: string) =>
  `coalesce(${given}, rtrim(regexp_replace(encode(${col}, 'hex'), '(..)', '\\1:', 'g'), ':'))`;

/**
 * The lease row under `alias` (lease6's columns plus duid_colon and hwaddr_colon, which may be
 * NULL) as Kea 2.2's lease6-get object — the same keys and values lease6ToJson() gives
 * (test/store/lease6-events.test.ts holds them equal).
 */
export function keaLeaseJsonSql(alias: string): string {
  const a = alias;
  // one object with every key, then the optional ones dropped: cheaper than concatenating objects
  return `(jsonb_build_object(
      'cltt', ${a}.cltt, 'duid', ${colonHex(`${a}.duid_colon`, `${a}.duid`)}, 'fqdn-fwd', ${a}.fqdn_fwd, 'fqdn-rev', ${a}.fqdn_rev,
      'hostname', ${a}.hostname, 'hw-address', ${colonHex(`${a}.hwaddr_colon`, `${a}.hwaddr`)}, 'iaid', ${a}.iaid, 'ip-address', host(${a}.address),
      'preferred-lft', ${a}.preferred_lft, 'prefix-len', ${a}.prefix_len, 'state', ${a}.state, 'subnet-id', ${a}.subnet_id,
      'type', (ARRAY['IA_NA', 'IA_TA', 'IA_PD'])[${a}.lease_type + 1], 'user-context', ${a}.user_context,
      'valid-lft', ${a}.valid_lft)
    - array_remove(ARRAY[
        CASE WHEN length(${a}.hwaddr) > 0 THEN NULL ELSE 'hw-address' END,
        CASE WHEN ${a}.lease_type = 2 THEN NULL ELSE 'prefix-len' END,
        CASE WHEN ${a}.user_context IS NULL THEN 'user-context' END], NULL))`;
}

/**
 * CTEs `lk`, `ev` and `notified`, appended to a WITH whose CTE `done` lists the applied
 * changes (columns i, event, del, duid_colon, hwaddr_colon and lease6's columns). Parameters
 * $1 lock class, $2 lock id, $3 agent id. `notified` also gives the events' seqs and times
 * (ms, as the table's `at` reads back), ascending: the k-th belongs to the k-th change of
 * `done` in order of i, so the writer can hand its own events to the hub without reading them.
 *
 * The advisory lock is taken only after every row of `done` exists (count(*) consumes them
 * all), and before any event row gets its seq; it is held until COMMIT. So seq order is commit
 * order across agents, and a statement holding the lock never waits for a row lock (no
 * deadlock with one that holds row locks and waits for the lock). NOTIFY is delivered at COMMIT.
 * `at` is the clock when the row is written, under the lock and just before COMMIT, not the
 * transaction's start (now()): a batch that waited for another's lock would otherwise carry an
 * earlier time than events before it in seq order.
 */
export const WRITE_EVENTS_SQL = `
  lk AS (SELECT pg_advisory_xact_lock($1, $2) AS locked FROM (SELECT count(*) AS n FROM done) c WHERE c.n > 0),
  ev AS (
    INSERT INTO lease6_event (at, agent, event, address, prefix_len, subnet_id, duid, lease)
    SELECT clock_timestamp(), $3, d.event, d.address, d.prefix_len, d.subnet_id, d.duid, ${keaLeaseJsonSql('d')}
    FROM done d, lk
    ORDER BY d.i
    RETURNING seq, at),
  notified AS (
    SELECT max(seq) AS max_seq,
           CASE WHEN count(*) > 0 THEN pg_notify('${LEASE6_EVENT_CHANNEL}', max(seq)::text) END AS sent,
           array_agg(seq ORDER BY seq) AS seqs,
           array_agg(floor(extract(epoch FROM at) * 1000)::int8 ORDER BY seq) AS at_ms
    FROM ev)`;
