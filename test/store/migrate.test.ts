import { afterEach, expect, it } from 'vitest';
import { forEachDriver } from '../helpers/stores.js';
import { loadMigrations, migrate, type Migration } from '../../src/store/migrate.js';

const probe: Migration = {
  version: '9001',
  name: '9001_probe.sql',
  sql: 'CREATE TABLE migration_probe (n int);\nINSERT INTO migration_probe VALUES (1);',
};

forEachDriver('migrations', (getStore, ctx) => {
  afterEach(async () => {
    await getStore().driver.exec("DROP TABLE IF EXISTS migration_probe; DELETE FROM schema_migrations WHERE version >= '9000';");
  });

  it('finds migrations/*.sql in version order', async () => {
    const migrations = await loadMigrations();
    expect(migrations[0]).toMatchObject({ version: '0001', name: '0001_init.sql' });
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort());
  });

  it('records every applied migration in schema_migrations', async () => {
    const r = await getStore().driver.query<{ version: string; name: string; agent: string }>('SELECT version, name, agent FROM schema_migrations ORDER BY version');
    expect(r.rows.map((m) => m.version)).toEqual((await loadMigrations()).map((m) => m.version));
    expect(r.rows[0]).toMatchObject({ version: '0001', name: '0001_init.sql' });
  });

  it('does nothing when the schema is up to date', async () => {
    expect(await migrate(getStore().driver, { agentId: 'again' })).toEqual([]);
  });

  it('applies a new migration once and records it', async () => {
    const all = [...(await loadMigrations()), probe];
    expect(await migrate(getStore().driver, { agentId: 'a', migrations: all })).toEqual(['9001']);
    expect(await migrate(getStore().driver, { agentId: 'a', migrations: all })).toEqual([]);
    expect((await getStore().driver.query('SELECT n FROM migration_probe')).rows).toEqual([{ n: 1 }]);
  });

  it('applies a migration once when two agents start at the same time', async () => {
    const all = [...(await loadMigrations()), probe];
    const other = await ctx.openAgent('agent-b');
    const [a, b] = await Promise.all([
      migrate(getStore().driver, { agentId: 'agent-a', migrations: all }),
      migrate(other.driver, { agentId: 'agent-b', migrations: all }),
    ]);
    expect([...a, ...b]).toEqual(['9001']);
    expect((await getStore().driver.query('SELECT n FROM migration_probe')).rows).toEqual([{ n: 1 }]);
    const recorded = await getStore().driver.query("SELECT agent FROM schema_migrations WHERE version = '9001'");
    expect(recorded.rowCount).toBe(1);
  });

  it('rolls back a failing migration and leaves it unrecorded', async () => {
    const broken: Migration = { version: '9002', name: '9002_broken.sql', sql: 'CREATE TABLE migration_probe (n int);\nSELECT 1/0;' };
    await expect(migrate(getStore().driver, { agentId: 'a', migrations: [...(await loadMigrations()), broken] })).rejects.toThrow(/division by zero/);
    expect((await getStore().driver.query("SELECT to_regclass('migration_probe')::text AS t")).rows[0]).toEqual({ t: null });
    expect((await getStore().driver.query("SELECT 1 FROM schema_migrations WHERE version = '9002'")).rowCount).toBe(0);
  });

  it('warns about migrations in the database that this agent does not know', async () => {
    await migrate(getStore().driver, { agentId: 'newer', migrations: [...(await loadMigrations()), probe] });
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (obj: object) => warnings.push(obj) };
    expect(await migrate(getStore().driver, { agentId: 'older', logger })).toEqual([]);
    expect(warnings).toEqual([{ versions: ['9001'] }]);
  });
});
