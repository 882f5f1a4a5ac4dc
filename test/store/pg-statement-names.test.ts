// The pg driver prepares a statement marked `prepare` once per connection (a named statement)
// instead of parsing and planning it on every call; other statements stay unnamed (their best
// plan may depend on the parameters).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDriver } from '../../src/store/pg-driver.js';
import type { SqlDriver } from '../../src/store/types.js';
import { createTestDatabase } from '../helpers/stores.js';

describe.skipIf(process.env.DHCP6_AGENT_SKIP_PG === '1')('pg driver: named statements', () => {
  let database: { url: string; drop(): Promise<void> };
  let driver: SqlDriver;
  beforeAll(async () => {
    database = await createTestDatabase();
    driver = createPgDriver({ connectionString: database.url, maxConnections: 2 });
  });
  afterAll(async () => {
    await driver.close();
    await database.drop();
  });

  it('prepares a statement marked prepare once per connection and reuses it, and no other', async () => {
    const prepared = await driver.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) {
        const r = await tx.query<{ n: number }>('SELECT $1::int8 + 1 AS n', [i], { prepare: true });
        expect(r.rows[0].n).toBe(i + 1);
        await tx.query('SELECT $1::int8 + 2 AS n', [i]);
      }
      await tx.query('SELECT 42');
      const r = await tx.query<{ name: string; statement: string }>(
        'SELECT name, statement FROM pg_prepared_statements WHERE statement <> $1 ORDER BY name',
        ['SELECT name, statement FROM pg_prepared_statements WHERE statement <> $1 ORDER BY name'],
      );
      return r.rows;
    });
    // one entry for the three calls; none for the unmarked statements
    expect(prepared).toEqual([{ name: expect.stringMatching(/^d6a_\d+$/), statement: 'SELECT $1::int8 + 1 AS n' }]);
  });
});
