// SqlDriver over PGlite: PostgreSQL compiled to WebAssembly, running in this process on one
// connection, its data in a directory (or in memory when none is given).

import { PGlite, types as pgliteTypes, type Transaction } from '@electric-sql/pglite';
import type { SqlDriver, SqlExecutor, SqlResult } from './types.js';

export interface PgliteDriverOptions {
  /** where the database lives; in memory when absent */
  dataDirectory?: string;
}

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(script: string): Promise<unknown>;
}

function executorOf(db: PgliteLike): SqlExecutor {
  return {
    async query<R>(sql: string, params?: unknown[]): Promise<SqlResult<R>> {
      const r = await db.query<R>(sql, params);
      // PGlite counts only rows written; a SELECT reports its rows instead
      return { rows: r.rows, rowCount: r.affectedRows || r.rows.length };
    },
    async exec(script: string): Promise<void> {
      await db.exec(script);
    },
  };
}

/**
 * PGlite has one connection: a query issued while a transaction is open would run inside
 * that transaction (seeing, and rolling back with, its uncommitted rows). Everything goes
 * through this queue so a transaction has the connection to itself.
 */
class ConnectionQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export async function createPgliteDriver(opts: PgliteDriverOptions = {}): Promise<SqlDriver> {
  const db = await PGlite.create(opts.dataDirectory, {
    // bytea as Buffer, as node-postgres returns it
    parsers: { [pgliteTypes.BYTEA]: (text: string) => Buffer.from(text.slice(2), 'hex') },
  });
  const queue = new ConnectionQueue();
  const direct = executorOf(db as unknown as PgliteLike);
  let closing: Promise<void> | null = null;

  return {
    kind: 'pglite',
    query<R>(sql: string, params?: unknown[]): Promise<SqlResult<R>> {
      return queue.run(() => direct.query<R>(sql, params));
    },
    exec(script: string): Promise<void> {
      return queue.run(() => direct.exec(script));
    },
    // fn must use only `tx`: a query on the driver itself would wait for this transaction to end
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return queue.run(() => db.transaction((tx: Transaction) => fn(executorOf(tx as unknown as PgliteLike))));
    },
    async listen(channel: string, onNotify: (payload: string) => void) {
      const unlisten = await queue.run(() => db.listen(channel, onNotify));
      return () => queue.run(() => unlisten());
    },
    close() {
      closing ??= queue.run(() => db.close());
      return closing;
    },
  };
}
