// Runs a block of store tests against both drivers: PGlite in memory (one instance per test
// file, since it takes seconds to start) and a PostgreSQL server (a fresh database per block,
// dropped afterwards). Tables are emptied before each test.
//
// The server is 127.0.0.1:5432 as user postgres unless TEST_PG_URL names another (its database
// is only used to create and drop the test database). An unreachable server fails the tests
// unless DHCP6_AGENT_SKIP_PG=1.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { createStore } from '../../src/store/open-store.js';
import { createPgDriver } from '../../src/store/pg-driver.js';
import { createPgliteDriver } from '../../src/store/pglite-driver.js';
import type { Lease6, SqlDriver, Store } from '../../src/store/types.js';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const RESET = `TRUNCATE lease6, lease6_event, host6, host6_reservation, audit, server_state RESTART IDENTITY CASCADE`;

export interface DriverTestContext {
  readonly kind: 'pg' | 'pglite';
  /**
   * Another Store on the same database, as a second agent would have (its own connections on
   * pg; the same PGlite instance otherwise). `wrap` may interpose on its driver. Closed after the block.
   * On PGlite it also replaces getStore()'s store with one that reads the table instead of its
   * in-memory mirror (two writers on one PGlite exist only in tests): call getStore() after it.
   */
  openAgent(agentId: string, opts?: { wrap?: (driver: SqlDriver) => SqlDriver; maxInFlight?: number }): Promise<Store>;
}

let sharedPglite: Promise<SqlDriver> | null = null;
let pgliteCloseRegistered = false;

function pgliteDriver(): Promise<SqlDriver> {
  sharedPglite ??= createPgliteDriver();
  return sharedPglite;
}

/** A fresh empty database on the test server; `drop()` removes it. Throws loudly when the server is unreachable. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_PG_URL || DEFAULT_ADMIN_URL;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL for the store tests is unreachable at ${adminUrl}: ${(err as Error).message}. ` +
        'Start it, point TEST_PG_URL at a server, or set DHCP6_AGENT_SKIP_PG=1 to skip the pg half of these tests.',
    );
  }
  const name = `dhcp6agent_t_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Declares `describe(name [pglite])` and `describe(name [pg])`, each calling `fn` with a getter
 * for a migrated, emptied Store (agent id "test-agent"). Call it at a test file's top level.
 */
export function forEachDriver(name: string, fn: (getStore: () => Store, ctx: DriverTestContext) => void): void {
  if (!pgliteCloseRegistered) {
    pgliteCloseRegistered = true;
    afterAll(async () => {
      if (sharedPglite) await (await sharedPglite).close();
      sharedPglite = null;
    });
  }

  describe(`${name} [pglite]`, () => {
    let store: Store | null = null;
    const extra: Store[] = [];
    // The store mirrors the lease table in memory (as the agent does on PGlite), so emptying
    // the tables behind its back needs a new store: it fills its mirror from the empty table.
    beforeEach(async () => {
      await store?.close();
      const driver = await pgliteDriver();
      await driver.query(RESET).catch(() => undefined); // before the first migration there is nothing to empty
      store = await createStore(driver, { agentId: 'test-agent', ownsDriver: false });
    });
    afterAll(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store?.close();
    });
    fn(() => store!, {
      kind: 'pglite',
      async openAgent(agentId, opts) {
        const base = await pgliteDriver();
        // A second store on the same PGlite is a test's stand-in for another agent: it writes
        // rows behind the first store's back, which a real embedded agent never has, so neither
        // may answer reads from a mirror.
        await store!.close();
        store = await createStore(base, { agentId: 'test-agent', ownsDriver: false, leaseMirror: false });
        const s = await createStore(opts?.wrap ? opts.wrap(base) : base, { agentId, ownsDriver: false, leaseMirror: false });
        extra.push(s);
        return s;
      },
    });
  });

  describe.skipIf(process.env.DHCP6_AGENT_SKIP_PG === '1')(`${name} [pg]`, () => {
    let store: Store | null = null;
    let database: { url: string; drop(): Promise<void> } | null = null;
    const extra: Store[] = [];
    beforeAll(async () => {
      database = await createTestDatabase();
      store = await createStore(createPgDriver({ connectionString: database.url, maxConnections: 4 }), { agentId: 'test-agent' });
    });
    beforeEach(async () => {
      await store!.driver.query(RESET);
    });
    afterAll(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store?.close();
      await database?.drop();
    });
    fn(() => store!, {
      kind: 'pg',
      async openAgent(agentId, opts) {
        const base = createPgDriver({ connectionString: database!.url, maxConnections: 4 });
        const s = await createStore(opts?.wrap ? opts.wrap(base) : base, { agentId, maxInFlight: opts?.maxInFlight });
        extra.push(s);
        return s;
      },
    });
  });
}

/** A plausible IA_NA lease; override what the test is about. */
export function testLease(overrides: Partial<Lease6> = {}): Lease6 {
  return {
    type: 'IA_NA',
    address: '2001:db8:1::100',
    prefixLen: 128,
    subnetId: 1,
    duid: Buffer.from('000300011a2b3c4d5e6f', 'hex'),
    iaid: 1,
    preferredLft: 3000,
    validLft: 4000,
    cltt: Math.floor(Date.now() / 1000),
    hwaddr: null,
    hwtype: null,
    hwaddrSource: null,
    hostname: '',
    fqdnFwd: false,
    fqdnRev: false,
    state: 0,
    userContext: null,
    ...overrides,
  };
}
