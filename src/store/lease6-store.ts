// LeaseStore over the lease6 table. Reads are single indexed queries; writes go through the
// group-commit writer (apply) or their own transaction (wipe, flushReclaimed).

import {
  checkedAddress,
  checkedLease,
  leaseColumns,
  LEASE_TYPE_CODE,
  LEASE_TYPE_OF_CODE,
  rowToLease,
  storedAddressText,
  type LeaseRow,
} from './lease6-row.js';
import { AddressReads } from './lease6-address-reads.js';
import { GroupCommitWriter } from './lease6-group-commit.js';
import type { CommittedEvent, PreparedChange } from './lease6-batch.js';
import { mirroredReads, type LeaseMirror } from './lease6-mirror.js';
import { LOCK_CLASS, LOCK_LEASE6_EVENTS } from './advisory-locks.js';
import { WRITE_EVENTS_SQL } from './lease6-event-sql.js';
import type { StoreLogger } from './store-logger.js';
import {
  LEASE_STATE,
  StoreInputError,
  type Lease6,
  type LeaseMutation,
  type LeaseQuery,
  type LeaseState,
  type LeaseStore,
  type LeaseType,
  type MutationResult,
  type QueryOptions,
  type SqlDriver,
} from './types.js';

const COLUMNS = leaseColumns('');

export interface LeaseStoreOptions {
  agentId: string;
  /** batches committing at once; 1 on PGlite (one connection) */
  maxInFlight?: number;
  maxBatchChanges?: number;
  logger?: StoreLogger;
  /**
   * Embedded database only (its sole writer is this process): kept equal to the table from
   * each commit and used for the hot-path reads. The caller fills it after creating the store.
   */
  mirror?: LeaseMirror;
  /** receives the events each committed batch wrote (LocalEventFeed.publish) */
  onEvents?: (events: CommittedEvent[]) => void;
}

/** LeaseStore plus what the Store needs to shut it down cleanly. */
export interface ClosableLeaseStore extends LeaseStore {
  /** resolves when every queued and in-flight batch has committed */
  idle(): Promise<void>;
  /** refuses further apply() calls and waits for idle() */
  close(): Promise<void>;
}

function checkedType(type: unknown, field: string): number {
  if (typeof type !== 'string' || !Object.hasOwn(LEASE_TYPE_CODE, type)) {
    throw new StoreInputError(field, `unknown lease type ${String(type)}`);
  }
  return LEASE_TYPE_CODE[type as LeaseType];
}

function checkedCount(n: unknown, field: string): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new StoreInputError(field, 'must be a non-negative integer');
  return n;
}

function prepare(changes: LeaseMutation[]): PreparedChange[] {
  if (!Array.isArray(changes)) throw new StoreInputError('changes', 'must be an array');
  return changes.map((c, n): PreparedChange => {
    const path = `changes[${n}]`;
    if (c === null || typeof c !== 'object') throw new StoreInputError(path, 'must be a change object');
    if (typeof c.event !== 'string' || (c.event as string) === '') throw new StoreInputError(`${path}.event`, 'must name the event type');
    switch (c.op) {
      case 'insert': {
        const lease = checkedLease(c.lease, `${path}.lease`);
        return { op: 'insert', address: lease.address, lease, event: c.event, reuseExpired: c.reuseExpired === true };
      }
      case 'update': {
        const lease = checkedLease(c.lease, `${path}.lease`);
        const e = c.expect;
        if (e !== undefined) {
          if (!(e.duid instanceof Uint8Array)) throw new StoreInputError(`${path}.expect.duid`, 'must be a Buffer');
          if (!Number.isInteger(e.iaid) || e.iaid < 0) throw new StoreInputError(`${path}.expect.iaid`, 'must be a non-negative integer');
          if (e.cltt !== undefined && (!Number.isInteger(e.cltt) || e.cltt < 0)) {
            throw new StoreInputError(`${path}.expect.cltt`, 'must be unix seconds');
          }
        }
        return { op: 'update', address: lease.address, lease, event: c.event, expect: e };
      }
      case 'delete':
        return { op: 'delete', address: checkedAddress(c.address, `${path}.address`), event: c.event };
      default:
        throw new StoreInputError(`${path}.op`, `unknown operation ${String((c as { op: unknown }).op)}`);
    }
  });
}

export function createLeaseStore(driver: SqlDriver, opts: LeaseStoreOptions): ClosableLeaseStore {
  const writer = new GroupCommitWriter(driver, {
    agentId: opts.agentId,
    maxInFlight: opts.maxInFlight ?? (driver.kind === 'pg' ? 2 : 1),
    maxBatchChanges: opts.maxBatchChanges ?? 1000,
    logger: opts.logger,
    onCommitted: opts.mirror ? (changes, results) => opts.mirror!.applyCommitted(changes, results) : undefined,
    batchStart: driver.kind === 'pglite' ? 'io' : 'microtask',
    onEvents: opts.onEvents,
  });
  const mirror = opts.mirror;
  /** A set-based change outside apply(): with a mirror it runs between batches and updates it. */
  function setChange<T>(run: () => Promise<T>, gone: (l: Lease6) => boolean): Promise<T> {
    if (mirror === undefined) return run();
    return writer.exclusive(async () => {
      const r = await run();
      mirror.removeWhere(gone);
      return r;
    });
  }

  async function select(where: string, params: unknown[], opts?: QueryOptions): Promise<Lease6[]> {
    const r = await driver.query<LeaseRow>(`SELECT ${COLUMNS} FROM lease6 ${where}`, params, opts);
    return r.rows.map(rowToLease);
  }

  const addressReads = new AddressReads(
    (addresses) => select('WHERE address = ANY($1::inet[])', [addresses], { prepare: true }),
    driver.kind === 'pg' ? 2 : 1,
  );

  const store: ClosableLeaseStore = {
    async get(address, type) {
      const a = checkedAddress(address, 'address');
      const typeCode = type === undefined ? undefined : checkedType(type, 'type');
      const lease = await addressReads.get(a);
      return lease !== null && (typeCode === undefined || LEASE_TYPE_CODE[lease.type] === typeCode) ? lease : null;
    },

    getByClient(duid, iaid, type, subnetId) {
      const params: unknown[] = [duid, iaid, checkedType(type, 'type')];
      let where = 'WHERE duid = $1 AND iaid = $2 AND lease_type = $3';
      if (subnetId !== undefined) {
        params.push(subnetId);
        where += ' AND subnet_id = $4';
      }
      return select(`${where} ORDER BY lease6.address`, params);
    },

    getByDuid(duid) {
      return select('WHERE duid = $1 ORDER BY lease6.address', [duid]);
    },

    getByDuids(duids) {
      if (duids.length === 0) return Promise.resolve([]);
      // hex texts, decoded in SQL: both drivers pass a text[] alike
      const hexes = duids.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex'));
      return select("WHERE duid = ANY(ARRAY(SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)) ORDER BY lease6.address", [hexes]);
    },

    getByHostname(hostname) {
      // Kea's lease backends compare host names without regard to case
      return select("WHERE lower(hostname) = lower($1) AND hostname <> '' ORDER BY lease6.address", [hostname]);
    },

    getAll(query) {
      if (query?.subnetIds !== undefined) return select('WHERE subnet_id = ANY($1::bigint[]) ORDER BY lease6.address', [query.subnetIds]);
      return select('ORDER BY lease6.address', []);
    },

    getPage(after, limit) {
      checkedCount(limit, 'limit');
      if (after === null) return select('ORDER BY lease6.address LIMIT $1', [limit]);
      return select('WHERE address > $1::inet ORDER BY lease6.address LIMIT $2', [checkedAddress(after, 'after'), limit]);
    },

    async apply(changes): Promise<MutationResult[]> {
      return writer.submit(prepare(changes));
    },

    async wipe(subnetId) {
      // one statement: the rows, their 'wiped' events (in address order) and the NOTIFY
      const where = subnetId === undefined ? '' : 'WHERE subnet_id = $4';
      const r = await setChange(() => driver.query<{ wiped: number }>(
        `WITH w AS (DELETE FROM lease6 ${where} RETURNING *),
         done AS (SELECT row_number() OVER (ORDER BY w.address) AS i, 'wiped' AS event,
           NULL::text AS duid_colon, NULL::text AS hwaddr_colon, w.* FROM w),
         ${WRITE_EVENTS_SQL}
         SELECT (SELECT count(*) FROM done)::int8 AS wiped FROM notified`,
        subnetId === undefined ? [LOCK_CLASS, LOCK_LEASE6_EVENTS, opts.agentId] : [LOCK_CLASS, LOCK_LEASE6_EVENTS, opts.agentId, subnetId],
      ), (l) => subnetId === undefined || l.subnetId === subnetId);
      return r.rows[0].wiped;
    },

    getExpired(now, limit) {
      return select('WHERE state = 0 AND expire < $1 ORDER BY lease6.expire, lease6.address LIMIT $2', [now, checkedCount(limit, 'limit')]);
    },

    getExpiredDeclined(now, limit) {
      return select('WHERE state = 1 AND expire < $1 ORDER BY lease6.expire, lease6.address LIMIT $2', [now, checkedCount(limit, 'limit')]);
    },

    async flushReclaimed(now, holdSeconds) {
      // Kea's flush of reclaimed leases is housekeeping: the 'expired' event was written when
      // the lease was reclaimed into this state, so removing the row writes none.
      const before = now - holdSeconds;
      const r = await setChange(
        () => driver.query('DELETE FROM lease6 WHERE state = 2 AND expire < $1', [before]),
        (l) => l.state === LEASE_STATE.EXPIRED_RECLAIMED && l.cltt + l.validLft < before,
      );
      return r.rowCount;
    },

    async taken(addresses) {
      if (addresses.length === 0) return new Set();
      const canonical = addresses.map((a, i) => checkedAddress(a, `addresses[${i}]`));
      const r = await driver.query<{ address: string }>(
        'SELECT host(address) AS address FROM lease6 WHERE address = ANY($1::inet[]) AND state <> 2',
        [canonical],
      );
      const held = new Set(r.rows.map((row) => storedAddressText(row.address)));
      // answer in the caller's spelling of each address
      const out = new Set<string>();
      canonical.forEach((c, i) => {
        if (held.has(c)) out.add(addresses[i]);
      });
      return out;
    },

    async countBySubnet() {
      const r = await driver.query<{ subnet_id: number; lease_type: number; state: number; count: number }>(
        'SELECT subnet_id, lease_type, state, count(*)::int8 AS count FROM lease6 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
      );
      return r.rows.map((row) => ({
        subnetId: row.subnet_id,
        type: LEASE_TYPE_OF_CODE[row.lease_type],
        state: row.state as LeaseState,
        count: row.count,
      }));
    },

    idle: () => writer.idle(),
    close: () => writer.close(),
  };
  return mirror === undefined ? store : mirroredReads(store, mirror, checkedAddress);
}
