// Dhcp6.lease-events retention: the event table keeps events younger than retention-age
// seconds and at most retention-count of them; older ones are deleted in the background.
// Every agent sharing the database prunes; the deletes are idempotent.

import type { LeaseEventsConfig } from '../config/types.js';
import type { EventStore } from '../store/types.js';

export interface RetentionLimits {
  maxAgeSeconds?: number;
  maxCount?: number;
}

/** 0 turns a limit off (keep events regardless of age, or of count). Null: nothing to prune. */
export function retentionLimits(config: Pick<LeaseEventsConfig, 'retentionAge' | 'retentionCount'>): RetentionLimits | null {
  const limits: RetentionLimits = {};
  if (config.retentionAge > 0) limits.maxAgeSeconds = config.retentionAge;
  if (config.retentionCount > 0) limits.maxCount = config.retentionCount;
  return limits.maxAgeSeconds === undefined && limits.maxCount === undefined ? null : limits;
}

export class RetentionPruner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly events: EventStore,
    private limits: RetentionLimits | null,
    private readonly intervalMs: number,
    private readonly log: { debug(obj: object, msg: string): void; warn(obj: object, msg: string): void },
  ) {}

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.prune(), this.intervalMs);
    this.timer.unref();
    void this.prune();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
    await this.queued;
    await this.running;
  }

  setLimits(limits: RetentionLimits | null): void {
    this.limits = limits;
  }

  /**
   * Prunes now, one run at a time; resolves with how many events were deleted. Never rejects.
   * A run already going may have read its limits before what the caller wants pruned
   * committed, so the caller gets one more run after it (shared by callers meanwhile).
   */
  prune(): Promise<number> {
    if (!this.running) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = null;
      return this.prune();
    });
    return this.queued;
  }

  private async run(): Promise<number> {
    if (!this.limits || this.stopped) return 0;
    try {
      const removed = await this.events.prune(this.limits);
      if (removed > 0) this.log.debug({ removed, ...this.limits }, 'pruned lease events past retention');
      this.failing = false;
      return removed;
    } catch (err) {
      // one warning per outage, not one per interval
      if (!this.failing) this.log.warn({ err: (err as Error).message }, 'pruning lease events failed; retrying at the next interval');
      this.failing = true;
      return 0;
    }
  }
}
