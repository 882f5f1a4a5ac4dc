// cb6_updated for agents sharing one database: when another agent's reservation or subnet
// change arrives on the config_audit channel, the callouts of this agent's hook libraries
// receive the audit entries (hooks contract: "executed when the server has completed a
// configuration update using the Config Backend"; its status is ignored). Reservations
// are reloaded first, so a callout sees the engine already serving the change.

import { SUBNET6_AUDIT_OBJECT } from './commands/subnet6-edit.js';
import type { AuditEntry, HooksRunner } from './hooks/types.js';
import { HOST6_AUDIT_OBJECT } from './store/host6-store.js';
import type { AuditRecord, Store } from './store/types.js';

/** The audit rows announced to hook libraries. */
const ANNOUNCED = new Set([HOST6_AUDIT_OBJECT, SUBNET6_AUDIT_OBJECT]);

/** Rows read per query while catching up. */
const READ_BATCH = 500;

export interface ConfigAuditListenerOptions {
  store: Store;
  hooks: HooksRunner;
  /** reloads the engine's reservations (called before the callouts when a reservation changed) */
  reloadReservations(): Promise<void>;
  log: { error(obj: object, msg: string): void };
}

export function auditEntry(row: AuditRecord): AuditEntry {
  const numeric = /^\d+$/.test(row.objectId) ? Number(row.objectId) : NaN;
  return {
    objectType: row.objectType,
    objectId: Number.isSafeInteger(numeric) ? numeric : row.objectId,
    modificationType: row.modificationType,
    modificationTime: row.at.toISOString(),
    logMessage: row.logMessage,
  };
}

export class ConfigAuditListener {
  private lastSeq = 0;
  private unlisten: (() => Promise<void>) | null = null;
  /** the catch-up in progress, and whether another wake-up arrived meanwhile */
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  private constructor(private readonly opts: ConfigAuditListenerOptions) {}

  /** Starts listening; changes committed before this call are not announced. */
  static async start(opts: ConfigAuditListenerOptions): Promise<ConfigAuditListener> {
    const listener = new ConfigAuditListener(opts);
    listener.lastSeq = await opts.store.audit.maxSeq();
    listener.unlisten = await opts.store.audit.listen(() => listener.wake());
    return listener;
  }

  /** Stops listening and waits for callouts in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten) await unlisten().catch(() => undefined);
    await this.running;
  }

  /** Resolves once every audit row committed so far has been read (tests, shutdown). */
  async settled(): Promise<void> {
    this.wake();
    while (this.running) await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.catchUp()
      .catch((err: unknown) => this.opts.log.error({ err }, 'cannot read configuration changes of other agents'))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async catchUp(): Promise<void> {
    const { store, hooks } = this.opts;
    for (;;) {
      const rows = await store.audit.readSince(this.lastSeq, READ_BATCH);
      if (rows.length === 0) return;
      this.lastSeq = rows[rows.length - 1].seq;
      const theirs = rows.filter((r) => r.agent !== store.agentId && ANNOUNCED.has(r.objectType));
      if (theirs.length > 0 && hooks.has('cb6_updated')) {
        if (theirs.some((r) => r.objectType === HOST6_AUDIT_OBJECT)) {
          await this.opts.reloadReservations().catch((err: unknown) => this.opts.log.error({ err }, 'cannot reload host reservations'));
        }
        await hooks.call('cb6_updated', { audit_entries: theirs.map(auditEntry) });
      }
      if (rows.length < READ_BATCH) return;
    }
  }
}
