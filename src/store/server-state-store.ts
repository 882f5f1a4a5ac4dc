// Small JSON facts per key in server_state, and the server DUID kept there per agent
// (Kea keeps its generated DUID in a file; agents sharing a database keep it here).

import type { StateStore, SqlDriver } from './types.js';

export function createStateStore(driver: SqlDriver): StateStore {
  async function get(key: string): Promise<unknown | null> {
    const r = await driver.query<{ value: unknown }>('SELECT value FROM server_state WHERE key = $1', [key]);
    return r.rowCount > 0 ? r.rows[0].value : null;
  }

  return {
    get,
    async set(key, value) {
      await driver.query(
        `INSERT INTO server_state (key, value) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
        [key, JSON.stringify(value)],
      );
    },
    async setIfAbsent(key, value) {
      await driver.query('INSERT INTO server_state (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING', [
        key,
        JSON.stringify(value),
      ]);
      // a second statement, so it sees a row another agent committed while we waited on it
      return get(key);
    },
  };
}
