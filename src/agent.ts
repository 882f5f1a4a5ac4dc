// The running agent: wires config → store → engine → hooks → transports, and owns the
// lifecycle (start, reconfigure, stop). A reconfiguration is all or nothing: the new
// configuration is parsed, its hook libraries loaded and dhcp6_srv_configured run beside
// the running set, sockets reopened — and any failure puts the old state back.

import os from 'node:os';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { libraryCommandSource } from './commands/library-commands.js';
import { CommandProcessor } from './commands/processor.js';
import { isBuiltinCommand } from './commands/registry.js';
import { CONFIG_REPLACED, type AgentStatus, type ReconfigureKind, type RunningAgentControl } from './commands/types.js';
import { ConfigAuditListener } from './config-audit-listener.js';
import { loadConfigFile, parseConfig } from './config/parse-config.js';
import { ConfigError, type Config } from './config/types.js';
import { DhcpServiceOrigins } from './dhcp-service-origins.js';
import { Engine } from './engine/engine.js';
import { loadOrCreateServerDuid } from './engine/server-duid.js';
import { createEventHub, type EventHub } from './events/event-hub.js';
import { HooksLibraries, type PreparedHooks } from './hooks/hooks-libraries.js';
import { resolveHooksDirectory, resolveLogDirectory } from './hooks/hooks-directory.js';
import { configuredLevel } from './logging.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/types.js';
import { ControlSockets } from './transport/control-sockets.js';
import { openDhcp6Sockets, type Dhcp6Sockets } from './transport/udp.js';

export interface AgentOptions {
  configFile: string;
  /** the configuration file already loaded (main.ts loads it first to set up logging) */
  config?: Config;
  logger: Logger;
  /** --hooks-dir; else DHCP6_AGENT_HOOKS_DIR; else the install's hooks directory */
  hooksDir?: string;
  /** --log-dir (forensic-log confinement); else DHCP6_AGENT_LOG_DIR; else the data directory */
  logDir?: string;
  /** -p: DHCPv6 server port (tests); 547 by default */
  port?: number;
  /** -d: debug logging whatever the configuration says */
  debug?: boolean;
  /** called by the shutdown command once the agent has stopped */
  onShutdown?: (exitValue: number) => void;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What needs a restart is refused rather than half-applied: the error text, or null. */
function needsRestart(next: Config, old: Config): string | null {
  if (!sameJson(next.leaseDatabase, old.leaseDatabase)) return 'Dhcp6.lease-database: changing the lease database requires a restart';
  if (!sameJson(next.serverId, old.serverId)) return 'Dhcp6.server-id: changing the server identifier requires a restart';
  if ((next.serverTag || os.hostname()) !== (old.serverTag || os.hostname())) return 'Dhcp6.server-tag: changing the server tag requires a restart';
  return null;
}

export class Agent implements RunningAgentControl {
  readonly startedAt = Date.now();
  reloadedAt = Date.now();
  configGeneration = 1;
  readonly processor: CommandProcessor;
  /** dhcp-disable / dhcp-enable, over the engine's network state */
  readonly service: DhcpServiceOrigins;
  /** cb6_updated when other agents sharing the database change reservations or subnets */
  private configAudit: ConfigAuditListener | null = null;
  private current: Config;
  private udp: Dhcp6Sockets | null = null;
  private readonly controls: ControlSockets;
  /** reconfigurations run one at a time */
  private queue: Promise<unknown> = Promise.resolve();
  private stopping: Promise<void> | null = null;

  private constructor(
    config: Config,
    readonly store: Store,
    readonly engine: Engine,
    private readonly libraries: HooksLibraries,
    readonly events: EventHub,
    private readonly opts: AgentOptions,
  ) {
    this.current = config;
    this.service = new DhcpServiceOrigins(engine.networkState);
    this.processor = new CommandProcessor({ agent: this, log: opts.logger, libraryCommands: libraryCommandSource(libraries) });
    this.controls = new ControlSockets(this.processor, events, opts.logger);
  }

  /** Starts everything the configuration file describes; on failure closes what it opened and throws. */
  static async start(opts: AgentOptions): Promise<Agent> {
    const log = opts.logger;
    const config = opts.config ?? (await loadConfigFile(opts.configFile));
    log.level = configuredLevel(config, opts.debug);
    const agentId = config.serverTag || os.hostname();
    const store = await openStore(config.leaseDatabase, { agentId, logger: log });
    const cleanup: (() => Promise<unknown>)[] = [() => store.close()];
    try {
      const serverDuid = await loadOrCreateServerDuid(config.serverId, store, agentId);
      const libraries = new HooksLibraries({
        hooksDirectory: resolveHooksDirectory(opts.hooksDir),
        logDirectory: resolveLogDirectory(config.dataDirectory, opts.logDir),
        log,
        isReservedCommand: isBuiltinCommand,
      });
      cleanup.unshift(() => libraries.unloadAll());
      const engine = new Engine({ config, store, hooks: libraries.runner, serverDuid, logger: log, agentId });
      cleanup.unshift(() => engine.stop());
      const events = createEventHub({ store, config: config.leaseEvents, logger: log });
      await events.start();
      cleanup.unshift(() => events.stop());
      const agent = new Agent(config, store, engine, libraries, events, opts);
      await agent.activateHooks(config, await agent.prepareHooks(config));
      agent.configAudit = await ConfigAuditListener.start({
        store,
        hooks: libraries.runner,
        reloadReservations: () => engine.reservations.refresh(),
        log,
      });
      cleanup.unshift(() => agent.configAudit!.stop());
      agent.udp = await agent.openUdp(config);
      cleanup.unshift(() => agent.udp!.close());
      await agent.controls.open(config.controlSockets);
      engine.startReclamation();
      log.info(
        { agentId, interfaces: config.interfaces.map((i) => i.name), subnets: config.subnets.length, database: store.driver.kind },
        'dhcp6-agent started',
      );
      return agent;
    } catch (err) {
      for (const close of cleanup) await close().catch(() => undefined);
      throw err;
    }
  }

  config(): Config {
    return this.current;
  }

  get hooks() {
    return this.libraries.runner;
  }

  get statistics() {
    return this.engine.statistics;
  }

  get networkState() {
    return this.engine.networkState;
  }

  get configFile(): string {
    return this.opts.configFile;
  }

  reservationsChanged(): Promise<void> {
    return this.engine.reservations.refresh();
  }

  reclaim(remove: boolean): Promise<number> {
    return this.engine.reclaim(remove);
  }

  /** Parses a candidate configuration the way reconfigure() would; throws ConfigError. */
  parse(raw: unknown): Config {
    return parseConfig(raw, { baseDir: dirname(this.opts.configFile) });
  }

  async status(): Promise<AgentStatus> {
    const now = Date.now();
    return {
      pid: process.pid,
      uptime: Math.floor((now - this.startedAt) / 1000),
      reload: Math.floor((now - this.reloadedAt) / 1000),
      databaseReachable: await this.store.ping(),
      databaseType: this.store.driver.kind === 'pg' ? 'postgresql' : 'embedded',
      interfaces: this.udp?.interfaces().map((i) => i.name) ?? [],
      dhcpEnabled: this.engine.networkState.isEnabled(),
    };
  }

  /**
   * Replaces the running configuration with `raw` ({"Dhcp6": …}). 'full' (config-set,
   * config-reload, SIGHUP) reloads hook libraries, reruns dhcp6_srv_configured and reopens
   * sockets whose configuration changed; 'subnets' (subnet6-* commands) only swaps what the
   * engine serves. With `basedOn`, an edit computed from that configuration is refused
   * (CONFIG_REPLACED) when another one replaced it first. Resolves with null on success or
   * the error text; on error nothing changed.
   */
  reconfigure(raw: unknown, kind: ReconfigureKind = 'full', basedOn?: Config): Promise<string | null> {
    const run = this.queue.then(() => (basedOn && basedOn !== this.current ? CONFIG_REPLACED : this.applyConfig(raw, kind)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * config-test: what config-set would check before applying — the parse and the hook
   * libraries loading (their load() and unload() run) — with nothing applied.
   */
  async testConfig(raw: unknown): Promise<string | null> {
    let next: Config;
    try {
      next = this.parse(raw);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    const restart = needsRestart(next, this.current);
    if (restart !== null) return restart;
    let prepared: PreparedHooks;
    try {
      prepared = await this.prepareHooks(next);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    await this.libraries.discard(prepared);
    return null;
  }

  /** config-reload / SIGHUP: the configuration file as it is now on disk. */
  async reload(): Promise<string | null> {
    let config: Config;
    try {
      config = await loadConfigFile(this.opts.configFile);
    } catch (err) {
      return err instanceof ConfigError ? err.message : String(err);
    }
    return this.reconfigure(config.raw, 'full');
  }

  /** Stops everything: no new packets or commands, in-flight ones finish, the database is flushed. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const log = this.opts.logger;
      this.service.close();
      await this.configAudit?.stop().catch((err) => log.error({ err }, 'stopping the configuration audit listener failed'));
      await this.udp?.close().catch((err) => log.error({ err }, 'closing DHCPv6 sockets failed'));
      await this.controls.close().catch((err) => log.error({ err }, 'closing control sockets failed'));
      await this.engine.stop().catch((err) => log.error({ err }, 'stopping the engine failed'));
      await this.events.stop().catch((err) => log.error({ err }, 'stopping the event hub failed'));
      await this.libraries.unloadAll().catch((err) => log.error({ err }, 'unloading hook libraries failed'));
      await this.store.close().catch((err) => log.error({ err }, 'closing the database failed'));
      log.info({}, 'dhcp6-agent stopped');
    })();
    return this.stopping;
  }

  /** shutdown command: answers first, then stops and hands the exit value to main. */
  shutdown(exitValue: number): void {
    setImmediate(() => {
      void this.stop().then(() => this.opts.onShutdown?.(exitValue));
    });
  }

  private async applyConfig(raw: unknown, kind: ReconfigureKind): Promise<string | null> {
    if (this.stopping) return 'the agent is shutting down';
    let next: Config;
    try {
      next = this.parse(raw);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
      throw err;
    }
    const old = this.current;
    const restart = needsRestart(next, old);
    if (restart !== null) return restart;
    if (kind === 'subnets') {
      this.engine.setConfig(next);
      this.current = next;
      return null;
    }
    let prepared: PreparedHooks;
    try {
      prepared = await this.prepareHooks(next);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    const reopenUdp = !sameJson(next.interfaces, old.interfaces);
    let newUdp: Dhcp6Sockets | null = null;
    if (reopenUdp) {
      // Same ports: the old sockets must go before the new ones can bind.
      await this.udp?.close();
      try {
        newUdp = await this.openUdp(next);
      } catch (err) {
        await this.libraries.discard(prepared);
        this.udp = await this.openUdp(old);
        return err instanceof Error ? err.message : String(err);
      }
    }
    const refused = await this.activateHooks(next, prepared).then(
      () => null,
      (err: Error) => err.message,
    );
    if (refused !== null) {
      if (newUdp) {
        await newUdp.close();
        this.udp = await this.openUdp(old);
      }
      return refused;
    }
    if (newUdp) this.udp = newUdp;
    this.engine.setConfig(next);
    this.events.reconfigure(next.leaseEvents);
    this.current = next;
    this.reloadedAt = Date.now();
    this.configGeneration++;
    this.opts.logger.level = configuredLevel(next, this.opts.debug);
    // A command may have arrived over the very socket that changes: answer first, then swap.
    if (!sameJson(next.controlSockets, old.controlSockets)) {
      setImmediate(() => void this.controls.replace(next.controlSockets, old.controlSockets));
    }
    return null;
  }

  private prepareHooks(config: Config): Promise<PreparedHooks> {
    return this.libraries.prepare(config.hooksLibraries);
  }

  /**
   * Runs dhcp6_srv_configured on the prepared libraries and commits them; a DROP (with its
   * `error`) discards them and throws, leaving the running set in place.
   */
  private async activateHooks(config: Config, prepared: PreparedHooks): Promise<void> {
    if (prepared.runner.has('dhcp6_srv_configured')) {
      const out = await prepared.runner.call('dhcp6_srv_configured', {
        json_config: structuredClone(config.raw) as Record<string, unknown>,
        server_config: config,
        network_state: this.engine.networkState,
      });
      if (out.status === 'drop') {
        await this.libraries.discard(prepared);
        throw new Error(`dhcp6_srv_configured: ${out.args.error ?? 'a hook library aborted the configuration'}`);
      }
    }
    await this.libraries.commit(prepared);
  }

  private openUdp(config: Config): Promise<Dhcp6Sockets> {
    return openDhcp6Sockets(config.interfaces, (data, origin) => this.engine.receive(data, origin), {
      logger: this.opts.logger,
      port: this.opts.port,
    });
  }
}
