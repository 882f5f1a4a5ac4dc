import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testLease } from '../helpers/stores.js';
import { openStore, postgresUrl } from '../../src/store/open-store.js';

const skipPg = process.env.DHCP6_AGENT_SKIP_PG === '1';

describe('openStore', () => {
  it('opens an in-memory PGlite, migrated and answering, and closes it', async () => {
    const store = await openStore({ type: 'pglite-memory' }, { agentId: 'mem' });
    try {
      expect(store.driver.kind).toBe('pglite');
      expect(store.agentId).toBe('mem');
      expect(await store.ping()).toBe(true);
      expect((await store.driver.query("SELECT 1 FROM schema_migrations WHERE version = '0001'")).rowCount).toBe(1);
    } finally {
      await store.close();
    }
    expect(await store.ping()).toBe(false);
  }, 60_000);

  it('keeps leases in an embedded data directory across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dhcp6-agent-store-'));
    try {
      const dataDirectory = join(dir, 'db');
      const first = await openStore({ type: 'embedded', dataDirectory }, { agentId: 'a' });
      const lease = testLease();
      await first.leases.apply([{ op: 'insert', lease, event: 'allocated' }]);
      await first.close();
      const second = await openStore({ type: 'embedded', dataDirectory }, { agentId: 'a' });
      try {
        expect(await second.leases.get(lease.address)).toEqual(lease);
        expect(await second.events.maxSeq()).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses an empty agent id', async () => {
    await expect(openStore({ type: 'pglite-memory' }, { agentId: '' })).rejects.toThrow(/agentId/);
  });

  describe.skipIf(skipPg)('with a PostgreSQL server', () => {
    it('opens the server the postgresql config names', async () => {
      const db = await createTestDatabase();
      try {
        const url = new URL(db.url);
        const store = await openStore(
          { type: 'postgresql', host: url.hostname, port: Number(url.port || 5432), name: url.pathname.slice(1), user: decodeURIComponent(url.username) || undefined },
          { agentId: 'pg-agent' },
        );
        try {
          expect(store.driver.kind).toBe('pg');
          expect(await store.ping()).toBe(true);
        } finally {
          await store.close();
        }
      } finally {
        await db.drop();
      }
    });

    it('lets DATABASE_URL override the configured database', async () => {
      const db = await createTestDatabase();
      try {
        const store = await openStore({ type: 'embedded', dataDirectory: '/nonexistent/never-created' }, { agentId: 'env-agent', env: { DATABASE_URL: db.url } });
        try {
          expect(store.driver.kind).toBe('pg');
          expect((await store.driver.query("SELECT 1 FROM schema_migrations WHERE version = '0001'")).rowCount).toBe(1);
        } finally {
          await store.close();
        }
      } finally {
        await db.drop();
      }
    });

    it('fails to open when the server does not answer', async () => {
      await expect(openStore({ type: 'postgresql', host: '127.0.0.1', port: 1, name: 'none' }, { agentId: 'x', env: {} })).rejects.toThrow(/ECONNREFUSED|connect/);
    });
  });
});

describe('postgresUrl', () => {
  it('builds a connection string from the config fields, escaping them', () => {
    expect(postgresUrl({ type: 'postgresql', host: 'db.example.org', port: 5433, name: 'kea', user: 'kea', password: 'p@ss/word' })).toBe(
      'postgres://kea:p%40ss%2Fword@db.example.org:5433/kea',
    );
    expect(postgresUrl({ type: 'postgresql', host: '::1', port: 5432, name: 'leases' })).toBe('postgres://[::1]:5432/leases');
  });

  it('prefers an explicit connection string', () => {
    expect(postgresUrl({ type: 'postgresql', host: 'x', port: 1, name: 'y', connectionString: 'postgres://a@b/c' })).toBe('postgres://a@b/c');
  });
});
