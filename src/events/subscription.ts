// One subscriber of the lease event stream: its filter, how far it has got (cursor), the
// replay from the table when it asked for `since`, the switch to live events without gap or
// duplicate, and the bound on what may wait in memory for it.

import type { EventStore, LeaseEventFilter } from '../store/types.js';
import { compileFilter, PreparedEvent, storeFilterOf, type EventMatcher } from './event-filter.js';
import { CLOSE_CODE, errorMessage, heartbeatMessage, liveMessage, resumeReason, closeReason } from './stream-messages.js';
import type { SubscriptionRequest } from './subscription-request.js';

/** Where a subscription's messages go: a WebSocket, or anything else that sends text in order. */
export interface SubscriberSink {
  /** Queues one text message; `written` runs once it has left our memory (or could not be sent). */
  send(message: string, written: (err?: Error) => void): void;
  /** Ends the stream with a close code and a reason of at most 123 bytes. */
  close(code: number, reason: string): void;
}

/** What a subscription needs of its hub. */
export interface SubscriptionHost {
  readonly events: EventStore;
  /** highest seq the hub has read and fanned out */
  readonly position: number;
  readonly batchSize: number;
  readonly maxBuffered: number;
  readonly log: { warn(obj: object, msg: string): void };
  /** from now on, hand this subscription every event with seq above `position` */
  goLive(sub: Subscription): void;
  forget(sub: Subscription): void;
}

type State = 'starting' | 'replaying' | 'live' | 'closed';

let nextId = 1;

export class Subscription {
  readonly id = nextId++;
  /**
   * Every matching event with seq <= cursor has been handed to the sink; events at or below
   * it are never sent again. Heartbeats and close reasons carry it as the resume point.
   */
  cursor = 0;
  private state: State = 'starting';
  /** messages handed to the sink and not yet written out */
  private pending = 0;
  private drained: (() => void) | null = null;
  private readonly matches: EventMatcher;
  private readonly storeFilter: LeaseEventFilter | undefined;

  constructor(private readonly host: SubscriptionHost, readonly request: SubscriptionRequest, private readonly sink: SubscriberSink) {
    this.matches = compileFilter(request.filter);
    this.storeFilter = storeFilterOf(request.filter);
  }

  get isLive(): boolean {
    return this.state === 'live';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Starts live from the hub's position, or replays from `since` first. Never rejects. */
  async start(): Promise<void> {
    const { since } = this.request;
    if (since === undefined) {
      this.cursor = this.host.position;
      this.switchToLive();
      return;
    }
    this.cursor = since;
    this.state = 'replaying';
    try {
      await this.replay();
    } catch (err) {
      if (this.isClosed) return;
      this.host.log.warn({ err: (err as Error).message, subscription: this.id }, 'lease event replay failed');
      this.end(CLOSE_CODE.INTERNAL_ERROR, `the lease events could not be read: ${(err as Error).message}`, resumeReason('events could not be read', this.cursor));
    }
  }

  private async replay(): Promise<void> {
    const { events } = this.host;
    if (this.cursor > this.host.position) {
      // Ahead of this hub: fine when another agent already delivered it (the hub will catch
      // up), not when the table no longer reaches that far (reset, or emptied by retention).
      const newest = await events.maxSeq();
      if (this.state !== 'replaying') return;
      if (this.cursor > newest) {
        this.resync(`since=${this.cursor} is beyond the newest stored event (${newest}): the event table was reset or emptied; resync with lease6-get-all`);
        return;
      }
    }
    for (;;) {
      // A subscriber joins the live stream (and the replay reads on) only with room in its buffer.
      await this.waitUntilDrained();
      if (this.state !== 'replaying') return;
      // Checked and acted on in one synchronous step: the hub cannot fan out in between.
      if (this.cursor >= this.host.position) {
        this.switchToLive();
        return;
      }
      // Every event up to `target` has committed, so a read that returns less than it asked
      // for has seen all of them.
      const target = this.host.position;
      const limit = Math.max(1, Math.min(this.host.batchSize, this.host.maxBuffered - this.pending));
      const rows = await events.readSince(this.cursor, limit, this.storeFilter);
      if (this.state !== 'replaying') return;
      // Retention deletes from the oldest up: if nothing after the cursor was missing at this
      // check, nothing was missing when the rows were read either.
      const oldest = await events.minSeq();
      if (this.state !== 'replaying') return;
      if (oldest === 0 ? this.cursor < target : oldest > this.cursor + 1) {
        this.resync(`events after since=${this.cursor} are no longer stored (the oldest kept is ${oldest === 0 ? 'none' : oldest}); resync with lease6-get-all`);
        return;
      }
      for (const row of rows) {
        const e = new PreparedEvent(row);
        if (this.matches(e)) this.send(e.frame);
        this.cursor = row.seq;
      }
      if (rows.length < limit && this.cursor < target) this.cursor = target;
    }
  }

  private switchToLive(): void {
    this.state = 'live';
    this.host.goLive(this);
    this.send(liveMessage(this.cursor));
  }

  /** A live event from the hub, in seq order. */
  offer(e: PreparedEvent): void {
    if (e.seq <= this.cursor || this.state !== 'live') return;
    if (this.matches(e)) {
      if (this.pending >= this.host.maxBuffered) {
        this.end(
          CLOSE_CODE.SLOW_CONSUMER,
          `more than ${this.host.maxBuffered} messages waited for this subscriber (lease-events.max-buffered); events up to seq ${this.cursor} were sent`,
          resumeReason('slow consumer', this.cursor),
        );
        return;
      }
      this.send(e.frame);
    }
    this.cursor = e.seq;
  }

  heartbeat(): void {
    // a subscriber that is behind has messages queued already; it is not idle
    if (this.state === 'closed' || this.state === 'starting' || this.pending >= this.host.maxBuffered) return;
    this.send(heartbeatMessage(this.cursor));
  }

  /** Ends the stream: an error message first for 4xxx/1011 codes, then the close. */
  end(code: number, text: string, reason: string): void {
    if (this.state === 'closed') return;
    this.detach();
    if (code !== CLOSE_CODE.GOING_AWAY) this.sink.send(errorMessage(code, text, code === CLOSE_CODE.RESYNC_REQUIRED ? null : this.cursor), () => undefined);
    this.sink.close(code, reason);
  }

  /** The subscriber went away: stop without sending anything. */
  detach(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.host.forget(this);
    this.drained?.();
    this.drained = null;
  }

  private resync(text: string): void {
    this.end(CLOSE_CODE.RESYNC_REQUIRED, text, closeReason(`since=${this.request.since} is too old or unknown; resync with lease6-get-all`));
  }

  private send(message: string): void {
    this.pending++;
    this.sink.send(message, () => {
      this.pending--;
      if (this.drained && this.pending < this.host.maxBuffered) {
        const resolve = this.drained;
        this.drained = null;
        resolve();
      }
    });
  }

  private waitUntilDrained(): Promise<void> {
    if (this.pending < this.host.maxBuffered || this.state === 'closed') return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }
}
