// One hub per agent: a single LISTEN on lease6_event wakes it, it reads the new rows once
// (in batches, in seq order) and hands each to every live subscriber, whose filter decides
// in memory. The table is the truth: a poll at a modest interval catches a missed NOTIFY,
// and subscribers asking for `since` replay from it before joining the live stream.
// Several agents on one database see one stream, since seq is commit order across them.

import type { LeaseEventsConfig } from '../config/types.js';
import type { EventStore, LocalEventBatch } from '../store/types.js';
import { PreparedEvent } from './event-filter.js';
import { RetentionPruner, retentionLimits } from './event-retention.js';
import { CLOSE_CODE, resumeReason } from './stream-messages.js';
import { Subscription, type SubscriberSink, type SubscriptionHost } from './subscription.js';
import type { SubscriptionRequest } from './subscription-request.js';

/** The subset of a pino logger the hub uses. */
export interface EventsLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface EventHubOptions {
  /** a Store, or anything with its event stream */
  store: { readonly events: EventStore };
  config: Pick<LeaseEventsConfig, 'retentionAge' | 'retentionCount' | 'maxBuffered'>;
  logger?: EventsLogger;
  /** ms between reads of the table when no NOTIFY came (default 1000) */
  pollInterval?: number;
  /** ms between heartbeat messages to every subscriber (default 15000) */
  heartbeatInterval?: number;
  /** ms between retention prunes (default 60000; one also runs at start) */
  pruneInterval?: number;
  /** most rows per read of the table (default 500) */
  batchSize?: number;
}

export interface EventHub {
  /** Listens, learns the current position and starts the timers. */
  start(): Promise<void>;
  /** Ends every subscription with 1001 and the seq to resume from, stops listening and timers. */
  stop(): Promise<void>;
  /**
   * Adds a subscriber; messages go to `sink` in order. Replays from `request.since` first when
   * given. Call `detach()` on the result when the subscriber goes away.
   */
  subscribe(request: SubscriptionRequest, sink: SubscriberSink): Subscription;
  /** New retention limits and max-buffered (config-set / config-reload). */
  reconfigure(config: Pick<LeaseEventsConfig, 'retentionAge' | 'retentionCount' | 'maxBuffered'>): void;
  /** Prunes the table now; resolves with how many events were deleted. */
  prune(): Promise<number>;
  /** Reads the table now instead of waiting for a NOTIFY or the poll. */
  wake(): void;
  /** highest seq read and fanned out */
  readonly position: number;
  readonly subscriberCount: number;
}

const SILENT: EventsLogger = { debug() {}, info() {}, warn() {} };

class LeaseEventHub implements EventHub, SubscriptionHost {
  readonly events: EventStore;
  readonly log: EventsLogger;
  readonly batchSize: number;
  maxBuffered: number;
  position = 0;
  private readonly all = new Set<Subscription>();
  private readonly live = new Set<Subscription>();
  private readonly pruner: RetentionPruner;
  private running = false;
  private ready = false;
  /** highest seq a NOTIFY announced */
  private notified = 0;
  private pumping: Promise<void> | null = null;
  /** wake() was called while a read was under way */
  private readAgain = false;
  private readFailing = false;
  private unlisten: (() => Promise<void>) | null = null;
  private unlocal: (() => void) | null = null;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: EventHubOptions) {
    this.events = opts.store.events;
    this.log = opts.logger ?? SILENT;
    this.batchSize = opts.batchSize ?? 500;
    this.maxBuffered = opts.config.maxBuffered;
    this.pruner = new RetentionPruner(this.events, retentionLimits(opts.config), opts.pruneInterval ?? 60_000, this.log);
  }

  get subscriberCount(): number {
    return this.all.size;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // Listen before reading the position: whatever commits after the read is then announced.
    this.unlisten = await this.events.listen((seq) => this.wakeFor(seq));
    this.unlocal = this.events.onLocalCommit?.((batch) => this.handOn(batch)) ?? null;
    try {
      this.position = await this.events.maxSeq();
    } catch (err) {
      this.running = false;
      await this.unlisten();
      this.unlisten = null;
      throw err;
    }
    this.notified = this.position;
    this.ready = true;
    this.every(this.opts.pollInterval ?? 1000, () => this.wake());
    this.every(this.opts.heartbeatInterval ?? 15_000, () => {
      for (const sub of this.all) sub.heartbeat();
    });
    this.pruner.start();
    this.log.info({ position: this.position }, 'lease event hub started');
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.ready = false;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    for (const sub of [...this.all]) sub.end(CLOSE_CODE.GOING_AWAY, 'agent stopping', resumeReason('agent stopping', sub.cursor));
    this.unlocal?.();
    this.unlocal = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    await Promise.all([unlisten?.().catch(() => undefined), this.pumping, this.pruner.stop()]);
  }

  subscribe(request: SubscriptionRequest, sink: SubscriberSink): Subscription {
    if (!this.ready) throw new Error('the lease event hub is not running');
    const sub = new Subscription(this, request, sink);
    this.all.add(sub);
    void sub.start();
    return sub;
  }

  reconfigure(config: Pick<LeaseEventsConfig, 'retentionAge' | 'retentionCount' | 'maxBuffered'>): void {
    this.maxBuffered = config.maxBuffered;
    this.pruner.setLimits(retentionLimits(config));
  }

  prune(): Promise<number> {
    return this.pruner.prune();
  }

  goLive(sub: Subscription): void {
    this.live.add(sub);
  }

  forget(sub: Subscription): void {
    this.all.delete(sub);
    this.live.delete(sub);
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private wakeFor(seq: number): void {
    if (!this.ready || seq <= this.position) return;
    if (seq > this.notified) this.notified = seq;
    // Nobody to hand the rows to: only move the position, so that a subscriber joining later
    // without `since` starts from now. Reading every commit's rows back cost the engine about
    // an eighth of its database time on the embedded database.
    if (this.all.size === 0 && !this.pumping) {
      this.position = this.notified;
      return;
    }
    // After the I/O and promise callbacks already due: when the NOTIFY is for this agent's own
    // batch (PGlite announces it before the batch's result reaches the writer), the writer has
    // handed the events on by then and there is nothing to read.
    setImmediate(() => {
      if (this.notified > this.position) this.read();
    });
  }

  /**
   * This agent's own batch, just committed: when its events follow the position without a gap
   * they go out now, without waiting for the NOTIFY and a read of the table (a database round
   * trip each, and a turn of a busy event loop). Otherwise (another agent's events, or a gap
   * a rolled-back transaction left) the table is read as for any NOTIFY.
   */
  private handOn(batch: LocalEventBatch): void {
    if (!this.ready) return;
    if (this.all.size === 0 || batch.firstSeq !== this.position + 1) {
      this.wakeFor(batch.lastSeq);
      return;
    }
    for (const row of batch.events()) {
      if (row.seq !== this.position + 1) {
        this.wakeFor(batch.lastSeq);
        return;
      }
      const e = new PreparedEvent(row);
      this.position = row.seq;
      for (const sub of this.live) sub.offer(e);
    }
    if (this.notified < this.position) this.notified = this.position;
  }

  wake(): void {
    if (!this.ready) return;
    // A read under way may have started before what the caller knows of committed: read again
    // after it (a NOTIFY needs no such flag: the read loops while `notified` is ahead).
    if (this.pumping) this.readAgain = true;
    else this.read();
  }

  private read(): void {
    if (!this.ready || this.pumping) return;
    this.readAgain = false;
    this.pumping = this.drain().finally(() => {
      this.pumping = null;
      if (this.readAgain) this.read();
    });
  }

  /** Reads until the table has nothing past the position (or a NOTIFY announces more). */
  private async drain(): Promise<void> {
    try {
      if (this.all.size === 0) {
        // The poll with nobody subscribed: learn the newest seq (a NOTIFY may have been missed).
        const newest = await this.events.maxSeq();
        if (this.all.size === 0) {
          this.position = Math.max(this.position, newest);
          this.notified = Math.max(this.notified, this.position);
          return;
        }
      }
      for (;;) {
        const announced = this.notified;
        const rows = await this.events.readSince(this.position, this.batchSize);
        if (!this.ready) return;
        for (const row of rows) {
          // handed on from this agent's writer while the read was under way
          if (row.seq <= this.position) continue;
          const e = new PreparedEvent(row);
          this.position = row.seq;
          for (const sub of this.live) sub.offer(e);
        }
        if (this.readFailing) this.log.info({ position: this.position }, 'reading lease events works again');
        this.readFailing = false;
        if (rows.length === this.batchSize) continue;
        // More was announced while reading: read again. An announcement the read could not
        // satisfy (rows pruned meanwhile) does not loop.
        if (this.notified > this.position && (rows.length > 0 || this.notified > announced)) continue;
        this.notified = Math.max(this.notified, this.position);
        return;
      }
    } catch (err) {
      // the poll retries; one warning per outage
      if (!this.readFailing) this.log.warn({ err: (err as Error).message }, 'reading lease events failed; retrying');
      this.readFailing = true;
    }
  }
}

/** The agent's lease event hub: `start()` it after the store opens, `stop()` it before closing the store. */
export function createEventHub(opts: EventHubOptions): EventHub {
  return new LeaseEventHub(opts);
}
