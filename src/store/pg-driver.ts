// SqlDriver over a PostgreSQL server through node-postgres: a pool for queries and
// transactions, and one dedicated connection for LISTEN that reconnects when it is lost.

import pg from 'pg';
import type { QueryOptions, SqlDriver, SqlExecutor, SqlResult } from './types.js';
import { SILENT_LOGGER, type StoreLogger } from './store-logger.js';

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
const RECONNECT_DELAY_MS = 1000;

// Every int8 we store (seq, ids, unix seconds, lifetimes) is far below 2^53: hand them out as
// numbers like PGlite does, instead of node-postgres' default strings.
const parseInt8 = (text: string): number => Number(text);
const parseInt8Array = (text: string): number[] =>
  text === '{}' ? [] : text.slice(1, -1).split(',').map((v) => Number(v));

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseInt8;
    if (oid === INT8_ARRAY_OID) return parseInt8Array;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

export interface PgDriverOptions {
  connectionString: string;
  /** pool size; group commit needs few connections */
  maxConnections?: number;
  logger?: StoreLogger;
}

/**
 * Names for the statements callers mark `prepare`, so that each connection parses and plans
 * one once and then only binds and executes it (node-postgres prepares a named statement on
 * first use per connection). The lease batch statement is large: parsing and planning it was
 * most of a single lease6-add's server time. Not every statement: with generic plans the
 * engine's array lookups (a batch of clients' DUIDs, candidate addresses) made the DHCP rate
 * drop by a third. Capped, so that a statement with literals in its text could never fill the
 * server's memory with prepared statements; beyond the cap, unnamed.
 */
class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max: number) {}

  nameOf(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < this.max) {
      name = `d6a_${this.names.size + 1}`;
      this.names.set(sql, name);
    }
    return name;
  }
}

const MAX_NAMED_STATEMENTS = 200;

function executorOf(client: pg.Pool | pg.PoolClient, names: StatementNames): SqlExecutor {
  return {
    async query<R>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<SqlResult<R>> {
      const name = opts?.prepare === true ? names.nameOf(sql) : undefined;
      const r = await client.query({ text: sql, values: params as unknown[] | undefined, name });
      return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(script: string): Promise<void> {
      // without parameters node-postgres uses the simple query protocol, which runs several statements
      await client.query(script);
    },
  };
}

type Listener = (payload: string) => void;

/** One connection carrying every LISTEN of this driver. */
class NotificationConnection {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly channels = new Map<string, Set<Listener>>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(private readonly connectionString: string, private readonly log: StoreLogger) {}

  async add(channel: string, listener: Listener): Promise<void> {
    let set = this.channels.get(channel);
    const isNew = !set;
    if (!set) {
      set = new Set();
      this.channels.set(channel, set);
    }
    set.add(listener);
    try {
      await this.ensureConnected();
      if (isNew && this.client) await this.client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (err) {
      set.delete(listener);
      if (set.size === 0) this.channels.delete(channel);
      throw err;
    }
  }

  async remove(channel: string, listener: Listener): Promise<void> {
    const set = this.channels.get(channel);
    if (!set) return;
    set.delete(listener);
    if (set.size > 0) return;
    this.channels.delete(channel);
    if (this.client) await this.client.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
    if (this.channels.size === 0) await this.disconnect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.channels.clear();
    await this.disconnect();
  }

  private async disconnect(): Promise<void> {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, types: typeParsers });
    client.on('notification', (n) => {
      for (const l of this.channels.get(n.channel) ?? []) l(n.payload ?? '');
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    await client.connect();
    for (const channel of this.channels.keys()) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.client = client;
  }

  private lost(client: pg.Client, err: Error): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.log.warn({ err: err.message }, 'database notification connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.channels.size === 0 || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.ensureConnected().then(
        () => {
          // Notifications sent while we were away are gone: an empty payload tells each
          // listener to re-read the current state.
          for (const set of this.channels.values()) for (const l of set) l('');
        },
        (err: Error) => {
          this.log.warn({ err: err.message }, 'database notification reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }
}

export function createPgDriver(opts: PgDriverOptions): SqlDriver {
  const log = opts.logger ?? SILENT_LOGGER;
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.maxConnections ?? 8,
    types: typeParsers,
  });
  // An idle pooled connection that dies (server restart) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection failed'));
  const notifications = new NotificationConnection(opts.connectionString, log);
  const names = new StatementNames(MAX_NAMED_STATEMENTS);
  const poolExecutor = executorOf(pool, names);
  let closing: Promise<void> | null = null;

  return {
    kind: 'pg',
    query: poolExecutor.query,
    exec: poolExecutor.exec,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(executorOf(client, names));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          // the connection is unusable: have the pool discard it
          broken = rollbackErr as Error;
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      await notifications.add(channel, onNotify);
      return () => notifications.remove(channel, onNotify);
    },
    close() {
      closing ??= notifications.close().then(() => pool.end());
      return closing;
    },
  };
}
