// Reading the lease event stream: what changed since a seq, the stored seq range, pruning,
// a LISTEN on the lease6_event channel for the new highest seq, and this agent's own events
// straight from its lease writer (LocalEventFeed).

import type { CommittedEvent } from './lease6-batch.js';
import { lease6ToJson } from './lease6-json.js';
import { storedAddressText } from './lease6-row.js';
import { LEASE6_EVENT_CHANNEL } from './lease6-event-sql.js';
import { listenForMaxSeq } from './seq-notifications.js';
import type { EventStore, LeaseEvent, LeaseEventType, LocalEventBatch, SqlDriver } from './types.js';

interface EventRow {
  seq: number;
  at: Date;
  agent: string;
  event: string;
  address: string;
  prefix_len: number;
  subnet_id: number;
  duid: Buffer | null;
  lease: Record<string, unknown>;
}

/** jsonb keeps keys in its own order; Kea answers with them sorted, and so do we. */
function keaKeyOrder(json: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(json).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function rowToEvent(row: EventRow): LeaseEvent {
  return {
    seq: row.seq,
    at: row.at,
    agent: row.agent,
    event: row.event as LeaseEventType,
    address: storedAddressText(row.address),
    prefixLen: row.prefix_len,
    subnetId: row.subnet_id,
    duid: row.duid,
    lease: keaKeyOrder(row.lease),
  };
}

/**
 * The events this agent's lease writer commits, passed to listeners as they commit. Building
 * them is left to the listener (LocalEventBatch.events), so with nobody listening for them a
 * batch costs nothing more.
 */
export class LocalEventFeed {
  private readonly listeners = new Set<(batch: LocalEventBatch) => void>();

  constructor(private readonly agentId: string) {}

  publish(committed: CommittedEvent[]): void {
    if (this.listeners.size === 0 || committed.length === 0) return;
    let built: LeaseEvent[] | null = null;
    const batch: LocalEventBatch = {
      firstSeq: committed[0].seq,
      lastSeq: committed[committed.length - 1].seq,
      events: () => (built ??= committed.map((c) => this.leaseEvent(c))),
    };
    for (const l of this.listeners) l(batch);
  }

  subscribe(listener: (batch: LocalEventBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The event as readSince returns its row (test/store/lease6-events.test.ts holds them equal). */
  private leaseEvent(c: CommittedEvent): LeaseEvent {
    const l = c.lease;
    return {
      seq: c.seq,
      at: new Date(c.atMs),
      agent: this.agentId,
      event: c.event,
      address: l.address,
      prefixLen: l.prefixLen,
      subnetId: l.subnetId,
      duid: l.duid,
      lease: lease6ToJson(l),
    };
  }
}

export function createEventStore(driver: SqlDriver, local?: LocalEventFeed): EventStore {
  async function maxSeq(): Promise<number> {
    const r = await driver.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int8 AS seq FROM lease6_event');
    return r.rows[0].seq;
  }

  return {
    async readSince(afterSeq, limit, filter) {
      const params: unknown[] = [afterSeq, limit];
      const where = ['seq > $1'];
      const add = (cond: (n: string) => string, value: unknown) => {
        params.push(value);
        where.push(cond(`$${params.length}`));
      };
      if (filter?.subnetIds) add((p) => `subnet_id = ANY(${p}::bigint[])`, filter.subnetIds);
      if (filter?.events) add((p) => `event = ANY(${p}::text[])`, filter.events);
      if (filter?.address !== undefined) add((p) => `address = ${p}::inet`, filter.address);
      if (filter?.duid !== undefined) add((p) => `duid = ${p}`, filter.duid);
      if (filter?.agent !== undefined) add((p) => `agent = ${p}`, filter.agent);
      const r = await driver.query<EventRow>(
        `SELECT seq, at, agent, event, host(address) AS address, prefix_len, subnet_id, duid, lease
         FROM lease6_event WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
        params,
      );
      return r.rows.map(rowToEvent);
    },

    maxSeq,

    async minSeq() {
      const r = await driver.query<{ seq: number }>('SELECT coalesce(min(seq), 0)::int8 AS seq FROM lease6_event');
      return r.rows[0].seq;
    },

    async prune({ maxAgeSeconds, maxCount }) {
      let removed = 0;
      if (maxAgeSeconds !== undefined) {
        const r = await driver.query("DELETE FROM lease6_event WHERE at < now() - $1 * interval '1 second'", [maxAgeSeconds]);
        removed += r.rowCount;
      }
      if (maxCount !== undefined) {
        // keep exactly the newest maxCount rows, whatever gaps the seq has
        const r = await driver.query(
          'DELETE FROM lease6_event WHERE seq <= (SELECT seq FROM lease6_event ORDER BY seq DESC OFFSET $1 LIMIT 1)',
          [maxCount],
        );
        removed += r.rowCount;
      }
      return removed;
    },

    onLocalCommit: local ? (listener) => local.subscribe(listener) : undefined,

    listen(onNewMaxSeq) {
      return listenForMaxSeq(driver, LEASE6_EVENT_CHANNEL, maxSeq, onNewMaxSeq);
    },
  };
}
