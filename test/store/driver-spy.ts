// A SqlDriver wrapper for tests: sees every statement (top level and inside transactions) and
// may delay or fail it, to count batches and provoke failures and reordering.

import type { SqlDriver, SqlExecutor } from '../../src/store/types.js';

export interface Statement {
  sql: string;
  params: unknown[];
  inTransaction: boolean;
}

export interface DriverSpy {
  driver: SqlDriver;
  statements: Statement[];
  transactions: number;
  /** lease batches seen: statements writing lease6_event at top level, plus transactions */
  batches(): number;
}

/** Runs before each statement; may throw to fail it or return a promise to delay it. */
export type BeforeStatement = (s: Statement) => void | Promise<void>;

export function spyDriver(inner: SqlDriver, before: BeforeStatement = () => undefined): DriverSpy {
  const spy: DriverSpy = {
    driver: undefined as unknown as SqlDriver,
    statements: [],
    transactions: 0,
    batches: () =>
      spy.transactions + spy.statements.filter((s) => !s.inTransaction && s.sql.includes('INSERT INTO lease6_event')).length,
  };
  const wrap = (exec: SqlExecutor, inTransaction: boolean): SqlExecutor => ({
    async query(sql, params) {
      const s = { sql, params: params ?? [], inTransaction };
      spy.statements.push(s);
      await before(s);
      return exec.query(sql, params);
    },
    exec: (script) => exec.exec(script),
  });
  const top = wrap(inner, false);
  spy.driver = {
    kind: inner.kind,
    query: top.query,
    exec: top.exec,
    transaction(fn) {
      spy.transactions++;
      return inner.transaction((tx) => fn(wrap(tx, true)));
    },
    listen: (channel, onNotify) => inner.listen(channel, onNotify),
    close: () => inner.close(),
  };
  return spy;
}

/** True for the statement a lease batch (or one round of it) is written with. */
export const isLeaseBatch = (s: Statement) => s.sql.includes('INSERT INTO lease6_event');
