// Applies migrations/NNNN_name.sql in order, each in its own transaction, recording each in
// schema_migrations. Agents starting at once against one server serialise on an advisory lock,
// so every migration runs exactly once.

import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_CLASS, LOCK_MIGRATIONS } from './advisory-locks.js';
import { SILENT_LOGGER, type StoreLogger } from './store-logger.js';
import type { SqlDriver } from './types.js';

export interface Migration {
  /** the file's leading digits, e.g. "0001" */
  version: string;
  /** the file name */
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d+)_[\w-]+\.sql$/;

const CREATE_SCHEMA_MIGRATIONS = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version     text        PRIMARY KEY,
    name        text        NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    agent       text        NOT NULL
  )`;

/** The migrations folder sits at the package root, above src/store (sources) or dist/… (built). */
export async function findMigrationsDir(from = dirname(fileURLToPath(import.meta.url))): Promise<string> {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'migrations');
    if (await stat(join(candidate, '0001_init.sql')).then(() => true, () => false)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`no migrations/0001_init.sql found above ${from}`);
}

export async function loadMigrations(dir?: string): Promise<Migration[]> {
  const folder = dir ?? (await findMigrationsDir());
  const files = (await readdir(folder)).filter((f) => MIGRATION_FILE.test(f)).sort();
  const migrations: Migration[] = [];
  for (const name of files) {
    const version = MIGRATION_FILE.exec(name)![1];
    if (migrations.some((m) => m.version === version)) throw new Error(`two migrations with version ${version} in ${folder}`);
    migrations.push({ version, name, sql: await readFile(join(folder, name), 'utf8') });
  }
  return migrations;
}

async function appliedVersions(driver: SqlDriver): Promise<Set<string>> {
  const exists = await driver.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return new Set();
  const r = await driver.query<{ version: string }>('SELECT version FROM schema_migrations');
  return new Set(r.rows.map((row) => row.version));
}

export interface MigrateOptions {
  agentId: string;
  migrations?: Migration[];
  logger?: StoreLogger;
}

/** Brings the schema up to date; returns the versions this call applied (none when up to date). */
export async function migrate(driver: SqlDriver, opts: MigrateOptions): Promise<string[]> {
  const log = opts.logger ?? SILENT_LOGGER;
  const migrations = opts.migrations ?? (await loadMigrations());
  const known = new Set(migrations.map((m) => m.version));
  const before = await appliedVersions(driver);
  const unknown = [...before].filter((v) => !known.has(v));
  if (unknown.length > 0) {
    log.warn({ versions: unknown }, 'database has migrations this agent does not know (a newer agent applied them)');
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (before.has(m.version)) continue;
    const ran = await driver.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK_MIGRATIONS]);
      await tx.exec(CREATE_SCHEMA_MIGRATIONS);
      // another agent may have applied it while we waited for the lock
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (done.rowCount > 0) return false;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, agent) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        opts.agentId,
      ]);
      return true;
    });
    if (ran) {
      applied.push(m.version);
      log.info({ migration: m.name }, 'database migration applied');
    }
  }
  return applied;
}
