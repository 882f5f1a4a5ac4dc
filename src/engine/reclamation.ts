// Reclamation of expired leases (Kea's expired-leases-processing):
// - every reclaim-timer-wait-time seconds, up to max-reclaim-leases leases whose valid
//   lifetime ran out are reclaimed within max-reclaim-time ms: lease6_expire is called, and the
//   lease either goes to state expired-reclaimed (kept for hold-reclaimed-time, so a returning
//   client can get its address back) or, when flush-reclaimed-timer-wait-time is 0, is removed;
// - declined addresses whose decline-probation-period is over are recovered the same way, after
//   lease6_recover;
// - every flush-reclaimed-timer-wait-time seconds, expired-reclaimed leases older than
//   hold-reclaimed-time are removed.
//
// Lease events written here, for a lease whose valid lifetime ran out: 'expired' when it is kept
// in state expired-reclaimed (for hold-reclaimed-time), 'reclaimed' when reclamation removes it
// (leases-reclaim with "remove": true, or the reclaim timer when
// flush-reclaimed-timer-wait-time is 0); and 'recovered' for a declined address returned to the
// pool, kept or removed. lease6_expire's remove_lease is an input (as in Kea): a callout does not
// change which of the two happens. Flushing expired-reclaimed rows later writes no event. Several agents sharing the
// database may reclaim concurrently: each change expects the row as it was read, so a lease is
// reclaimed (and counted) once.
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { HooksRunner } from '../hooks/types.js';
import { LEASE_STATE, type Lease6, type LeaseMutation, type Store } from '../store/types.js';
import { subnetStatName } from './engine-statistics.js';
import { copyLease, nowSeconds, reclaimedLease } from './lease-records.js';
import type { Statistics } from './statistics.js';

export interface ReclaimerDeps {
  store: Store;
  hooks: HooksRunner;
  stats: Statistics;
  logger: Logger;
  config: () => Config;
  /** after a cycle that changed something (statistics refresh) */
  afterCycle: () => Promise<void>;
}

/** Leases read per query within one cycle. */
const BATCH = 200;

export class Reclaimer {
  private reclaimTimer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private started = false;
  private incompleteCycles = 0;

  constructor(private readonly deps: ReclaimerDeps) {}

  /** Starts (or, after a reconfiguration, restarts) the reclaim and flush timers. */
  start(): void {
    this.started = true;
    this.clearTimers();
    this.scheduleReclaim();
    this.scheduleFlush();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.clearTimers();
    if (this.running) await this.running.catch(() => undefined);
  }

  /**
   * Reclaims expired leases now (leases-reclaim): all of them, or at most `limit` within
   * `timeMs`; `remove` deletes them instead of keeping them as expired-reclaimed.
   * Returns how many leases were reclaimed.
   */
  async reclaim(remove: boolean, limit = 0, timeMs = 0): Promise<number> {
    return this.serialize(() => this.cycle(remove, limit, timeMs));
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const prev = this.running ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(fn);
    this.running = next;
    void next.finally(() => {
      if (this.running === next) this.running = null;
    }).catch(() => undefined);
    return next;
  }

  private clearTimers(): void {
    if (this.reclaimTimer) clearTimeout(this.reclaimTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.reclaimTimer = this.flushTimer = null;
  }

  private scheduleReclaim(): void {
    const p = this.deps.config().expiredLeasesProcessing;
    // Kea: reclaim-timer-wait-time 0 disables periodic reclamation.
    if (!this.started || p.reclaimTimerWaitTime <= 0) return;
    this.reclaimTimer = setTimeout(() => {
      this.reclaimTimer = null;
      const cfg = this.deps.config().expiredLeasesProcessing;
      this.serialize(() => this.cycle(cfg.flushReclaimedTimerWaitTime === 0, cfg.maxReclaimLeases, cfg.maxReclaimTime))
        .catch((err: unknown) => this.deps.logger.error({ err }, 'reclamation of expired leases failed'))
        .finally(() => this.scheduleReclaim());
    }, p.reclaimTimerWaitTime * 1000);
    this.reclaimTimer.unref();
  }

  private scheduleFlush(): void {
    const p = this.deps.config().expiredLeasesProcessing;
    if (!this.started || p.flushReclaimedTimerWaitTime <= 0) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      const cfg = this.deps.config().expiredLeasesProcessing;
      this.deps.store.leases
        .flushReclaimed(nowSeconds(), cfg.holdReclaimedTime)
        .then((n) => {
          if (n > 0) this.deps.logger.debug({ removed: n }, 'flushed expired-reclaimed leases');
        })
        .catch((err: unknown) => this.deps.logger.error({ err }, 'flushing expired-reclaimed leases failed'))
        .finally(() => this.scheduleFlush());
    }, p.flushReclaimedTimerWaitTime * 1000);
    this.flushTimer.unref();
  }

  /** One reclamation pass; `limit`/`timeMs` 0 mean unbounded (Kea's 0). */
  private async cycle(remove: boolean, limit: number, timeMs: number): Promise<number> {
    const started = Date.now();
    const leases = this.deps.store.leases;
    let reclaimed = 0;
    let complete = true;
    const budget = (): number => (limit > 0 ? limit - reclaimed : BATCH);
    const outOfTime = (): boolean => timeMs > 0 && Date.now() - started >= timeMs;

    // Declined addresses first: they are what the pools miss most.
    if (leases.getExpiredDeclined) {
      for (;;) {
        if (budget() <= 0 || outOfTime()) break;
        const want = Math.min(BATCH, budget());
        const batch = await leases.getExpiredDeclined(nowSeconds(), want);
        const n = await this.reclaimBatch(batch, remove, true);
        reclaimed += n;
        if (batch.length < want || n === 0) break;
      }
    }
    const seen = new Set<string>();
    for (;;) {
      if (budget() <= 0 || outOfTime()) {
        complete = false;
        break;
      }
      const want = Math.min(BATCH, budget());
      const batch = (await leases.getExpired(nowSeconds(), want)).filter((l) => !seen.has(l.address));
      if (batch.length === 0) break;
      for (const l of batch) seen.add(l.address);
      reclaimed += await this.reclaimBatch(batch, remove, false);
      if (batch.length < want) break;
    }
    this.warnWhenBehind(complete);
    if (reclaimed > 0) await this.deps.afterCycle();
    return reclaimed;
  }

  private warnWhenBehind(complete: boolean): void {
    if (complete) {
      this.incompleteCycles = 0;
      return;
    }
    const cycles = this.deps.config().expiredLeasesProcessing.unwarnedReclaimCycles;
    if (++this.incompleteCycles >= cycles && cycles > 0) {
      this.deps.logger.warn(
        { cycles: this.incompleteCycles },
        'expired leases are left after several reclamation cycles: consider raising max-reclaim-leases or max-reclaim-time',
      );
      this.incompleteCycles = 0;
    }
  }

  private async reclaimBatch(batch: Lease6[], remove: boolean, declined: boolean): Promise<number> {
    const hooks = this.deps.hooks;
    const changes: LeaseMutation[] = [];
    const olds: Lease6[] = [];
    for (const lease of batch) {
      if (declined && lease.state !== LEASE_STATE.DECLINED) continue;
      if (!declined && lease.state !== LEASE_STATE.DEFAULT) continue;
      if (declined && hooks.has('lease6_recover')) {
        const out = await hooks.call('lease6_recover', { lease6: copyLease(lease) });
        switch (out.status) {
          case 'skip':
            // Contract: the lease stays declined; recovery is tried again next cycle.
            continue;
          default:
            break;
        }
      }
      let target = lease;
      if (hooks.has('lease6_expire')) {
        const out = await hooks.call('lease6_expire', { lease6: copyLease(lease), remove_lease: remove });
        switch (out.status) {
          case 'skip':
            // Contract: the callout reclaimed the lease itself.
            continue;
          default:
            target = { ...out.args.lease6, address: lease.address };
        }
      }
      const event = declined ? 'recovered' : remove ? 'reclaimed' : 'expired';
      changes.push(
        remove
          ? { op: 'delete', address: lease.address, event }
          : { op: 'update', lease: reclaimedLease(target), event, expect: { duid: lease.duid, iaid: lease.iaid, cltt: lease.cltt } },
      );
      olds.push(lease);
    }
    if (changes.length === 0) return 0;
    const results = await this.deps.store.leases.apply(changes);
    const stats = this.deps.stats;
    let n = 0;
    results.forEach((r, i) => {
      if (!r.ok) return;
      n++;
      const l = olds[i];
      const na = l.type !== 'IA_PD';
      stats.add('reclaimed-leases', 1);
      stats.add(subnetStatName(l.subnetId, 'reclaimed-leases'), 1);
      stats.add(subnetStatName(l.subnetId, na ? 'assigned-nas' : 'assigned-pds'), -1);
      if (declined) {
        stats.add('declined-addresses', -1);
        stats.add(subnetStatName(l.subnetId, 'declined-addresses'), -1);
        stats.add('reclaimed-declined-addresses', 1);
        stats.add(subnetStatName(l.subnetId, 'reclaimed-declined-addresses'), 1);
      }
    });
    return n;
  }
}
