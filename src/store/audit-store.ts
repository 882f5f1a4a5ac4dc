// The config audit trail: one row per configuration change (subnet, reservation, …), in
// commit order across agents, announced on the config_audit channel so other agents reload.

import { LOCK_AUDIT, LOCK_CLASS } from './advisory-locks.js';
import { listenForMaxSeq } from './seq-notifications.js';
import type { AuditModificationType, AuditRecord, AuditStore, SqlDriver } from './types.js';

export const CONFIG_AUDIT_CHANNEL = 'config_audit';

interface AuditRow {
  seq: number;
  at: Date;
  agent: string;
  object_type: string;
  object_id: string;
  modification_type: string;
  log_message: string;
  payload: unknown;
}

const AUDIT_COLUMNS = 'seq, at, agent, object_type, object_id, modification_type, log_message, payload';

// Like lease6_event: the lock taken just before the row gets its seq, held to COMMIT.
const APPEND = `
  WITH lk AS (SELECT pg_advisory_xact_lock($1, $2)),
  ins AS (
    INSERT INTO audit (agent, object_type, object_id, modification_type, log_message, payload)
    SELECT $3, $4, $5, $6, $7, $8::jsonb FROM lk
    RETURNING ${AUDIT_COLUMNS})
  SELECT ${AUDIT_COLUMNS}, pg_notify('${CONFIG_AUDIT_CHANNEL}', seq::text) AS notified FROM ins`;

const MODIFICATION_TYPES: readonly AuditModificationType[] = ['create', 'update', 'delete'];

function rowToRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    agent: row.agent,
    objectType: row.object_type,
    objectId: row.object_id,
    modificationType: row.modification_type as AuditModificationType,
    logMessage: row.log_message,
    payload: row.payload,
  };
}

export function createAuditStore(driver: SqlDriver, agentId: string): AuditStore {
  async function maxSeq(): Promise<number> {
    const r = await driver.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int8 AS seq FROM audit');
    return r.rows[0].seq;
  }

  return {
    async append(entry, tx) {
      if (!MODIFICATION_TYPES.includes(entry.modificationType)) {
        throw new Error(`modificationType: must be one of ${MODIFICATION_TYPES.join(', ')}`);
      }
      const r = await (tx ?? driver).query<AuditRow>(APPEND, [
        LOCK_CLASS,
        LOCK_AUDIT,
        agentId,
        entry.objectType,
        String(entry.objectId),
        entry.modificationType,
        entry.logMessage ?? '',
        entry.payload === undefined ? null : JSON.stringify(entry.payload),
      ]);
      return rowToRecord(r.rows[0]);
    },

    async readSince(afterSeq, limit) {
      const r = await driver.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit]);
      return r.rows.map(rowToRecord);
    },

    maxSeq,

    listen(onNewMaxSeq) {
      return listenForMaxSeq(driver, CONFIG_AUDIT_CHANNEL, maxSeq, onNewMaxSeq);
    },
  };
}
