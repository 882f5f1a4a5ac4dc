// Group commit: callers' change lists queue up while a batch commits and are then written
// together in one transaction. Each caller's promise settles only after that COMMIT, so a
// REPLY built on a result never goes out before its lease is durable.

import { applyChanges, type CommittedEvent, type PreparedChange } from './lease6-batch.js';
import { SILENT_LOGGER, type StoreLogger } from './store-logger.js';
import type { MutationResult, SqlDriver } from './types.js';

export interface GroupCommitOptions {
  agentId: string;
  /**
   * Batches committing at once, each on its own connection. Batches in flight never share an
   * address, so changes to one address commit in the order they were submitted.
   */
  maxInFlight: number;
  /** a batch takes callers until it holds this many changes (a larger single call goes alone) */
  maxBatchChanges: number;
  /** attempts of a batch the database aborted for a deadlock or serialization failure */
  maxAttempts?: number;
  logger?: StoreLogger;
  /**
   * Called with each committed batch and its results before its callers hear of it and before
   * the next batch starts (the embedded database's lease mirror is updated here, in commit order).
   */
  onCommitted?: (changes: PreparedChange[], results: MutationResult[]) => void;
  /** Called with the events each committed batch wrote, in seq order (the hub's fast path). */
  onEvents?: (events: CommittedEvent[]) => void;
  /**
   * When a batch starts once changes are queued: 'microtask' (default) right after the current
   * callback, so the callers of one tick share it; 'io' after the pending I/O callbacks (the
   * packets already received) have run. PGlite executes a statement synchronously on this
   * thread, so no packet is read while a batch runs: starting on a microtask would commit each
   * REQUEST alone, ~4 ms apiece.
   */
  batchStart?: 'microtask' | 'io';
}

interface Pending {
  changes: PreparedChange[];
  resolve(results: MutationResult[]): void;
  reject(err: unknown): void;
}

// deadlock_detected, serialization_failure: the transaction was rolled back and may simply be run again
const RETRYABLE = new Set(['40P01', '40001']);

export class StoreClosedError extends Error {
  constructor() {
    super('the lease store is closed');
    this.name = 'StoreClosedError';
  }
}

export class GroupCommitWriter {
  private queue: Pending[] = [];
  private readonly inFlight = new Set<Set<string>>();
  private pumpScheduled = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private exclusiveJobs: (() => Promise<void>)[] = [];
  private exclusiveRunning = false;
  private readonly log: StoreLogger;

  constructor(private readonly driver: SqlDriver, private readonly opts: GroupCommitOptions) {
    this.log = opts.logger ?? SILENT_LOGGER;
  }

  submit(changes: PreparedChange[]): Promise<MutationResult[]> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    if (changes.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ changes, resolve, reject });
      this.schedulePump();
    });
  }

  /** Starts batches later, so that callers submitting meanwhile share them (see batchStart). */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    const go = () => {
      this.pumpScheduled = false;
      this.pump();
    };
    if (this.opts.batchStart === 'io') setImmediate(go);
    else queueMicrotask(go);
  }

  /** Stops taking changes and resolves once everything queued and in flight has committed (or failed). */
  close(): Promise<void> {
    this.closed = true;
    return this.idle();
  }

  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Runs fn with no batch in flight and none starting until it settles: a statement that
   * changes leases outside apply() (wipe, flush) stays in order with the batches around it.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return new Promise<T>((resolve, reject) => {
      this.exclusiveJobs.push(() => fn().then(resolve, reject));
      this.pump();
    });
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight.size === 0 && this.exclusiveJobs.length === 0 && !this.exclusiveRunning;
  }

  private wakeIdleWaiters(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (this.exclusiveRunning) return;
    if (this.exclusiveJobs.length > 0) {
      // batches in flight finish first (each run() pumps again when done); none start meanwhile
      if (this.inFlight.size > 0) return;
      const job = this.exclusiveJobs.shift()!;
      this.exclusiveRunning = true;
      void job().finally(() => {
        this.exclusiveRunning = false;
        this.pump();
        this.wakeIdleWaiters();
      });
      return;
    }
    while (this.inFlight.size < this.opts.maxInFlight && this.queue.length > 0) {
      // Addresses a batch in flight holds, plus those of callers left waiting: a later caller
      // touching one of them must wait too, or it could overtake an earlier change.
      const blocked = new Set<string>();
      for (const addresses of this.inFlight) for (const a of addresses) blocked.add(a);
      const take: Pending[] = [];
      const keep: Pending[] = [];
      const batchAddresses = new Set<string>();
      let size = 0;
      for (const p of this.queue) {
        const full = take.length > 0 && size + p.changes.length > this.opts.maxBatchChanges;
        if (full || p.changes.some((c) => blocked.has(c.address))) {
          keep.push(p);
          for (const c of p.changes) blocked.add(c.address);
          continue;
        }
        take.push(p);
        size += p.changes.length;
        for (const c of p.changes) batchAddresses.add(c.address);
      }
      if (take.length === 0) break;
      this.queue = keep;
      this.inFlight.add(batchAddresses);
      void this.run(take, batchAddresses);
    }
  }

  private async run(batch: Pending[], addresses: Set<string>): Promise<void> {
    const changes = batch.length === 1 ? batch[0].changes : batch.flatMap((p) => p.changes);
    try {
      const { results, events } = await this.commit(changes);
      this.observe('onCommitted', () => this.opts.onCommitted?.(changes, results));
      if (events.length > 0) this.observe('onEvents', () => this.opts.onEvents?.(events));
      let offset = 0;
      for (const p of batch) {
        p.resolve(results.slice(offset, offset + p.changes.length));
        offset += p.changes.length;
      }
    } catch (err) {
      this.log.error({ err: (err as Error).message, changes: changes.length, callers: batch.length }, 'lease batch failed');
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight.delete(addresses);
      if (this.opts.batchStart === 'io') this.schedulePump();
      else this.pump();
      this.wakeIdleWaiters();
    }
  }

  /** An observer's bug must not fail the callers of a batch that committed. */
  private observe(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err: (err as Error).message, observer: name }, 'lease batch committed but an observer of it failed');
    }
  }

  private async commit(changes: PreparedChange[]): Promise<{ results: MutationResult[]; events: CommittedEvent[] }> {
    const attempts = this.opts.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        return await applyChanges(this.driver, this.opts.agentId, changes);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= attempts || code === undefined || !RETRYABLE.has(code)) throw err;
        this.log.warn({ code, attempt }, 'lease batch aborted by the database; retrying');
      }
    }
  }
}
