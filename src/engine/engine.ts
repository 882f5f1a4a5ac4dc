// The DHCPv6 server (RFC 8415 §18.3): one received datagram in, at most one datagram out.
// The packet path follows kea-dhcp6's processPacket — buffer6_receive, parse, statistics,
// server-identifier and unicast tests, pkt6_receive, sanity check, subnet selection
// (subnet6_select), host reservations, the message's own processing, leases6_committed,
// pkt6_send, pack, buffer6_send — and calls each hook point only when a library registered a
// callout on it, deciding in one switch at each call site what its next-step status means.
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import { MSG, STATUS } from '../dhcp6/constants.js';
import { statusOption } from '../dhcp6/option-builders.js';
import type { Dhcp6Message, PacketOrigin } from '../dhcp6/types.js';
import type { HookPacket, HooksRunner } from '../hooks/types.js';
import type { Host6, Lease6, Store } from '../store/types.js';
import { ClientLeaseReads } from './client-lease-reads.js';
import { clientHwaddr } from './client-message.js';
import { ConfigView } from './config-view.js';
import { confirmStatus } from './confirm.js';
import { initGlobalStatistics, initSubnetStatistics } from './engine-statistics.js';
import { Exchange, type EngineDeps } from './exchange.js';
import { identifyHost } from './host-identification.js';
import { assignLeases, type LeaseChanges } from './lease-assignment.js';
import { extendLeases } from './lease-extension.js';
import { copyLease } from './lease-records.js';
import { releaseOrDecline } from './lease-release.js';
import { ServiceState } from './network-state.js';
import { shouldShed } from './overload.js';
import { intake, type Drop } from './packet-intake.js';
import { PoolCursors } from './pool-cursor.js';
import { RecentClients } from './recent-clients.js';
import { Reclaimer } from './reclamation.js';
import { newResponse6, sendReply, type EngineAnswer } from './reply-sending.js';
import { buildReply, replySkeleton } from './reply.js';
import { ReservationIndex } from './reservation-index.js';
import { Statistics } from './statistics.js';
import { refreshUsageStatistics } from './usage-statistics.js';

export type { EngineAnswer } from './reply-sending.js';

export interface EngineOptions {
  config: Config;
  store: Store;
  hooks: HooksRunner;
  serverDuid: Buffer;
  logger: Logger;
  agentId: string;
  /** how often assigned-* / declined-addresses are re-read from the database, ms (default 10 s) */
  statisticsRefreshMs?: number;
  /** packets in flight past which new exchanges are shed (overload.ts); default 128 */
  maxInFlight?: number;
}

/** Lease changes of one exchange, for leases6_committed. */
interface Committed {
  leases: Lease6[];
  deleted: Lease6[];
}

export class Engine {
  readonly networkState = new ServiceState();
  readonly statistics = new Statistics();
  readonly reservations: { refresh(): Promise<void> };
  readonly agentId: string;

  private view: ConfigView;
  private hosts: readonly Host6[] = [];
  private readonly deps: EngineDeps;
  private readonly reclaimer: Reclaimer;
  private readonly logger: Logger;
  private readonly statisticsRefreshMs: number;
  private readonly maxInFlight: number;
  private statisticsTimer: NodeJS.Timeout | null = null;
  private statisticsRefresh: { running: Promise<void>; again: Promise<void> | null } | null = null;
  private hostsLoading: Promise<void> | null;
  private hostsRefresh: { running: Promise<void>; again: Promise<void> | null } | null = null;
  private auditListening: Promise<(() => Promise<void>) | null>;
  private inflight = 0;
  private drained: (() => void)[] = [];
  private stopped = false;

  constructor(opts: EngineOptions) {
    this.logger = opts.logger;
    this.agentId = opts.agentId;
    this.statisticsRefreshMs = opts.statisticsRefreshMs ?? 10_000;
    this.maxInFlight = opts.maxInFlight ?? 128;
    this.deps = {
      store: opts.store,
      hooks: opts.hooks,
      stats: this.statistics,
      cursors: new PoolCursors(),
      recentClients: new RecentClients(),
      // PGlite answers one query at a time; a server can work on a few reads in parallel.
      clientLeases: new ClientLeaseReads(opts.store.leases, opts.store.driver.kind === 'pg' ? 4 : 1),
      logger: opts.logger,
      serverDuid: opts.serverDuid,
    };
    this.view = new ConfigView(opts.config, new ReservationIndex(opts.config, [], opts.logger));
    initGlobalStatistics(this.statistics);
    initSubnetStatistics(this.statistics, opts.config.subnets, []);
    this.reclaimer = new Reclaimer({
      store: opts.store,
      hooks: opts.hooks,
      stats: this.statistics,
      logger: opts.logger,
      config: () => this.view.config,
      afterCycle: () => this.refreshStatistics(),
    });
    this.reservations = { refresh: () => this.refreshHosts() };
    // Reservations in the database must be known before the first packet is answered.
    this.hostsLoading = this.refreshHosts()
      .catch((err: unknown) => this.logger.error({ err }, 'cannot load host reservations from the database'))
      .finally(() => {
        this.hostsLoading = null;
      });
    // Another agent's reservation-* change reaches us through the audit channel.
    this.auditListening = opts.store.audit
      .listen(() => {
        this.refreshHosts().catch((err: unknown) => this.logger.error({ err }, 'cannot reload host reservations'));
      })
      .catch((err: unknown) => {
        this.logger.error({ err }, 'cannot listen for configuration changes of other agents');
        return null;
      });
  }

  get config(): Config {
    return this.view.config;
  }

  /** Swaps the configuration; packets already being processed finish on the old one. */
  setConfig(config: Config): void {
    const previous = this.view.config;
    this.view = new ConfigView(config, new ReservationIndex(config, this.hosts, this.logger));
    this.deps.cursors.retain(this.view.poolKeys());
    initSubnetStatistics(this.statistics, config.subnets, previous.subnets);
    if (this.statisticsTimer) this.reclaimer.start();
    void this.refreshStatistics();
  }

  /** Starts the background work: reclamation and flush timers, statistics refresh. */
  startReclamation(): void {
    if (this.stopped) return;
    this.reclaimer.start();
    if (!this.statisticsTimer) {
      this.statisticsTimer = setInterval(() => void this.refreshStatistics(), this.statisticsRefreshMs);
      this.statisticsTimer.unref();
    }
    void this.refreshStatistics();
  }

  /**
   * leases-reclaim: reclaims every expired lease now; `remove` deletes instead of keeping them.
   * Resolves with how many were reclaimed once the statistics reflect it.
   */
  async reclaim(remove: boolean): Promise<number> {
    const n = await this.reclaimer.reclaim(remove);
    await this.refreshStatistics();
    return n;
  }

  /** Stops timers and listening, and waits for the packets being processed. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.statisticsTimer) clearInterval(this.statisticsTimer);
    this.statisticsTimer = null;
    await this.reclaimer.stop();
    if (this.inflight > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    const unlisten = await this.auditListening;
    if (unlisten) await unlisten().catch(() => undefined);
    await this.statisticsRefresh?.again;
    await this.statisticsRefresh?.running;
    await this.hostsLoading;
    await this.hostsRefresh?.running.catch(() => undefined);
  }

  /** One datagram from `origin`; the answer to send, or null. Never throws. */
  async receive(data: Buffer, origin: PacketOrigin): Promise<EngineAnswer | null> {
    if (this.stopped) return null;
    if (shouldShed(data, this.inflight, this.maxInFlight)) return this.drop('overloaded: shedding new exchanges', origin, true);
    this.inflight++;
    try {
      if (this.hostsLoading) await this.hostsLoading;
      return await this.process(data, origin);
    } catch (err) {
      // A failed database write means no reply with that lease (the client retransmits).
      this.logger.error({ err, from: origin.remoteAddress, iface: origin.iface }, 'DHCPv6 packet processing failed; no reply');
      return null;
    } finally {
      if (--this.inflight === 0 && this.drained.length > 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  private drop(reason: string, origin: PacketOrigin, receiveDrop: boolean): null {
    if (receiveDrop) this.statistics.add('pkt6-receive-drop', 1);
    if (this.logger.isLevelEnabled('debug')) this.logger.debug({ from: origin.remoteAddress, iface: origin.iface, reason }, 'DHCPv6 packet dropped');
    return null;
  }

  private readonly dropper: Drop = (reason, origin, receiveDrop) => this.drop(reason, origin, receiveDrop);

  private async process(data: Buffer, origin: PacketOrigin): Promise<EngineAnswer | null> {
    // Kea: while the DHCP service is disabled (dhcp-disable), packets are not processed at all.
    if (!this.networkState.isEnabled()) return null;
    const view = this.view;
    const hooks = this.deps.hooks;

    const got = await intake(this.deps, data, origin, this.dropper);
    if (!got) return null;
    const { packet, msg, query6 } = got;
    const ex = new Exchange(this.deps, view, origin, packet, msg, query6?.hwaddr ?? clientHwaddr(msg, origin), query6);
    if (!(await this.selectSubnet(ex))) return this.drop('subnet6_select callout dropped it', origin, false);
    await identifyHost(ex);

    const response6 = (msgType: number) => (): HookPacket => (ex.response6 ??= newResponse6(ex, replySkeleton(ex, msgType)));
    let reply: Dhcp6Message;
    let committed: Committed | null = null;
    switch (msg.message.msgType) {
      case MSG.SOLICIT: {
        // RFC 8415 §18.3.1: Rapid Commit only when the client asks and the subnet allows it.
        const rapid = msg.rapidCommit && ex.subnet !== null && ex.subnet.rapidCommit;
        const type = rapid ? MSG.REPLY : MSG.ADVERTISE;
        const changes = await assignLeases(ex, !rapid, response6(type));
        reply = buildReply(ex, type, { ias: changes.ias, fqdn: changes.fqdn, rapidCommit: rapid, pools: changes.pools });
        if (rapid) committed = changes;
        break;
      }
      case MSG.REQUEST: {
        const changes = await assignLeases(ex, false, response6(MSG.REPLY));
        reply = buildReply(ex, MSG.REPLY, { ias: changes.ias, fqdn: changes.fqdn, pools: changes.pools });
        committed = changes;
        break;
      }
      case MSG.RENEW:
      case MSG.REBIND: {
        const changes: LeaseChanges = await extendLeases(ex, msg.message.msgType === MSG.REBIND, response6(MSG.REPLY));
        reply = buildReply(ex, MSG.REPLY, { ias: changes.ias, fqdn: changes.fqdn, pools: changes.pools });
        committed = changes;
        break;
      }
      case MSG.RELEASE:
      case MSG.DECLINE: {
        const decline = msg.message.msgType === MSG.DECLINE;
        const out = await releaseOrDecline(ex, decline);
        if (out.drop) return this.drop('lease6_decline callout dropped it', origin, false);
        // RFC 8415 §18.3.7/§18.3.8: the reply carries a Success status for the message.
        const text = decline ? 'Decline processed.' : 'Release processed.';
        reply = buildReply(ex, MSG.REPLY, { ias: out.ias, status: statusOption(STATUS.Success, text) });
        committed = { leases: [], deleted: out.deleted };
        break;
      }
      case MSG.CONFIRM: {
        const status = confirmStatus(ex);
        if (!status) return this.drop('CONFIRM without addresses, or no subnet to check them against', origin, false);
        reply = buildReply(ex, MSG.REPLY, { status });
        break;
      }
      case MSG.INFORMATION_REQUEST:
        reply = buildReply(ex, MSG.REPLY, {});
        break;
      default:
        return this.drop('not a client message', origin, true);
    }

    if (committed && this.deps.hooks.has('leases6_committed')) {
      const out = await hooks.call('leases6_committed', {
        query6: ex.hookQuery(),
        leases6: committed.leases.map(copyLease),
        deleted_leases6: committed.deleted.map(copyLease),
      });
      switch (out.status) {
        case 'drop':
          return this.drop('leases6_committed callout dropped the reply', origin, false);
        case 'park': {
          // Contract: hold the reply until a library unparks it; dropped when it never will.
          const unparked = out.parked ? await out.parked : false;
          if (!unparked) return this.drop('parked reply was dropped', origin, false);
          break;
        }
        default:
          break;
      }
    }
    return sendReply(ex, reply, this.dropper);
  }

  /** subnet6_select may pick another configured subnet, or none (skip). False: drop. */
  private async selectSubnet(ex: Exchange): Promise<boolean> {
    const view = ex.view;
    let subnet = view.subnets.select(ex.origin, ex.msg.relays);
    const hooks = this.deps.hooks;
    if (hooks.has('subnet6_select')) {
      const out = await hooks.call('subnet6_select', { query6: ex.hookQuery(), subnet6: subnet, subnet6collection: view.config.subnets });
      switch (out.status) {
        case 'drop':
          return false;
        case 'skip':
          // Contract: no subnet; processing goes on, severely limited.
          subnet = null;
          break;
        default: {
          const chosen = out.args.subnet6;
          subnet = chosen ? view.subnets.get(chosen.id) ?? null : null;
        }
      }
    }
    ex.subnet = subnet;
    return true;
  }

  /** Reloads the database's reservations; concurrent calls share the next load. */
  private refreshHosts(): Promise<void> {
    if (this.hostsRefresh) {
      this.hostsRefresh.again ??= this.hostsRefresh.running.catch(() => undefined).then(() => this.refreshHosts());
      return this.hostsRefresh.again;
    }
    const running = (async () => {
      const hosts = await this.deps.store.hosts.getAll();
      this.hosts = hosts;
      // Built against whatever configuration is current when the load completes.
      this.view = this.view.withReservations(new ReservationIndex(this.view.config, hosts, this.logger));
    })();
    const entry = { running, again: null as Promise<void> | null };
    this.hostsRefresh = entry;
    void running
      .finally(() => {
        if (this.hostsRefresh === entry) this.hostsRefresh = null;
      })
      .catch(() => undefined);
    return running;
  }

  /** Re-reads assigned-* / declined-addresses; a call during a refresh gets the next one. */
  private refreshStatistics(): Promise<void> {
    if (this.statisticsRefresh) {
      this.statisticsRefresh.again ??= this.statisticsRefresh.running.then(() => this.refreshStatistics());
      return this.statisticsRefresh.again;
    }
    const running = refreshUsageStatistics(this.deps.store, this.statistics, this.view.config.subnets).catch((err: unknown) =>
      this.logger.warn({ err }, 'cannot refresh lease statistics from the database'),
    );
    const entry = { running, again: null as Promise<void> | null };
    this.statisticsRefresh = entry;
    void running.finally(() => {
      if (this.statisticsRefresh === entry) this.statisticsRefresh = null;
    });
    return running;
  }
}
