// Opens the database the configuration names (PGlite in a directory, or a PostgreSQL server;
// DATABASE_URL overrides either), brings its schema up to date and assembles the Store.

import { mkdir } from 'node:fs/promises';
import type { LeaseDatabaseConfig } from '../config/types.js';
import { createAuditStore } from './audit-store.js';
import { createEventStore, LocalEventFeed } from './event-store.js';
import { createHostStore } from './host6-store.js';
import { createLeaseStore } from './lease6-store.js';
import { LeaseMirror } from './lease6-mirror.js';
import { migrate, type Migration } from './migrate.js';
import { createPgDriver } from './pg-driver.js';
import { createPgliteDriver } from './pglite-driver.js';
import { createStateStore } from './server-state-store.js';
import { SILENT_LOGGER, type StoreLogger } from './store-logger.js';
import type { SqlDriver, Store } from './types.js';

/** What to open: the configured lease database, or an in-memory PGlite (tests). */
export type StoreTarget = LeaseDatabaseConfig | { type: 'pglite-memory' };

export interface OpenStoreOptions {
  /** this agent's id: recorded with every event and audit row it writes */
  agentId: string;
  logger?: StoreLogger;
  /** where DATABASE_URL is read; process.env by default */
  env?: Record<string, string | undefined>;
  /** the migrations to apply; migrations/*.sql by default */
  migrations?: Migration[];
  /** lease batches committing at once (pg only; PGlite has one connection) */
  maxInFlight?: number;
  /**
   * Embedded (PGlite) only: answer hot-path lease reads from an in-process copy of the table
   * (lease6-mirror.ts). On by default; a PostgreSQL server is never mirrored (other agents write it).
   */
  leaseMirror?: boolean;
}

export interface CreateStoreOptions extends Omit<OpenStoreOptions, 'env'> {
  /** close the driver with the store (false when several stores share one driver, as in tests) */
  ownsDriver?: boolean;
}

const PING_TIMEOUT_MS = 5000;

/** The connection string for a `postgresql` lease database entry. */
export function postgresUrl(db: Extract<LeaseDatabaseConfig, { type: 'postgresql' }>): string {
  if (db.connectionString) return db.connectionString;
  const auth = db.user ? `${encodeURIComponent(db.user)}${db.password ? `:${encodeURIComponent(db.password)}` : ''}@` : '';
  const host = db.host.includes(':') ? `[${db.host}]` : db.host;
  return `postgres://${auth}${host}:${db.port}/${encodeURIComponent(db.name)}`;
}

function checkAgentId(agentId: unknown): void {
  if (typeof agentId !== 'string' || agentId === '') throw new Error('agentId: must be a non-empty string');
}

export async function openStore(db: StoreTarget, opts: OpenStoreOptions): Promise<Store> {
  checkAgentId(opts.agentId);
  const log = opts.logger ?? SILENT_LOGGER;
  const env = opts.env ?? process.env;
  let driver: SqlDriver;
  // An explicit in-memory PGlite is a test's choice; DATABASE_URL overrides only the configuration.
  const url = db.type === 'pglite-memory' ? undefined : env.DATABASE_URL;
  if (url) {
    log.info({}, 'lease database: PostgreSQL from DATABASE_URL');
    driver = createPgDriver({ connectionString: url, logger: log });
  } else if (db.type === 'postgresql') {
    log.info({ host: db.host, port: db.port, name: db.name }, 'lease database: PostgreSQL');
    driver = createPgDriver({ connectionString: postgresUrl(db), logger: log });
  } else if (db.type === 'embedded') {
    log.info({ dataDirectory: db.dataDirectory }, 'lease database: embedded PGlite');
    await mkdir(db.dataDirectory, { recursive: true });
    driver = await createPgliteDriver({ dataDirectory: db.dataDirectory });
  } else {
    driver = await createPgliteDriver();
  }
  try {
    return await createStore(driver, { ...opts, ownsDriver: true });
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
}

/** Assembles a Store on an open driver, migrating the schema first. */
export async function createStore(driver: SqlDriver, opts: CreateStoreOptions): Promise<Store> {
  checkAgentId(opts.agentId);
  const log = opts.logger ?? SILENT_LOGGER;
  await migrate(driver, { agentId: opts.agentId, migrations: opts.migrations, logger: log });
  const mirror = driver.kind === 'pglite' && opts.leaseMirror !== false ? new LeaseMirror() : undefined;
  const localEvents = new LocalEventFeed(opts.agentId);
  const leases = createLeaseStore(driver, {
    agentId: opts.agentId,
    maxInFlight: opts.maxInFlight,
    logger: log,
    mirror,
    onEvents: (events) => localEvents.publish(events),
  });
  if (mirror) {
    mirror.fill(await leases.getAll());
    log.info({ leases: mirror.size }, 'lease table mirrored in memory (embedded database)');
  }
  const audit = createAuditStore(driver, opts.agentId);
  let closed: Promise<void> | null = null;
  return {
    driver,
    agentId: opts.agentId,
    leases,
    hosts: createHostStore(driver, audit),
    events: createEventStore(driver, localEvents),
    audit,
    state: createStateStore(driver),
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
      });
      try {
        return await Promise.race([driver.query('SELECT 1').then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      closed ??= (async () => {
        await leases.close();
        if (opts.ownsDriver !== false) await driver.close();
        log.info({}, 'lease database closed (DB flushed)');
      })();
      return closed;
    },
  };
}
