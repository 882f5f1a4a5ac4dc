// dhcp6-agent as a real process inside a namespace, for the e2e tests: writes its configuration
// file, runs the built agent (dist/main.js, compiled by `npm test`'s tsc), waits for its
// "dhcp6-agent started" log line, and talks to it with `dhcp6-agent ctl` over its unix socket.
//
//   const agent = await AgentProcess.start(lab, net.server, { dir, config: agentConfig({ dir, subnets }) });
//   const answer = await agent.ctl('lease6-get-all');
//   await agent.reload(changedConfig);      // rewrite the file, SIGHUP, wait for the outcome
//   const exit = await agent.stop();         // SIGTERM

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from './compile-sources.js';
import type { NetnsLab, NsExit, NsProcess, ServerClient } from './netns.js';

export const AGENT_MAIN = join(REPO_ROOT, 'dist', 'main.js');

/** PGlite's first start runs initdb (10-15 s here); later starts on the same directory take a few seconds. */
const START_TIMEOUT_MS = 90_000;

/**
 * PostgreSQL's unix socket directory. An agent in a network namespace cannot reach the host's
 * 127.0.0.1:5432 (each namespace has its own loopback); a unix socket is a file and works from any.
 */
export const PG_SOCKET_DIR = process.env.TEST_PG_SOCKET_DIR || '/var/run/postgresql';

export interface KeaAnswer {
  result: number;
  text?: string;
  arguments?: Record<string, unknown>;
}

export interface SubnetSpec {
  id: number;
  subnet: string;
  /** served directly on this interface; omit for a subnet only relayed clients reach */
  interface?: string;
  pools?: string[];
  pdPools?: { prefix: string; prefixLen: number; delegatedLen: number }[];
}

export interface AgentConfigOptions {
  /** temp directory: the control socket and (embedded database) the data directory go here */
  dir: string;
  subnets: SubnetSpec[];
  interfaces?: string[];
  /** a PostgreSQL database name (reached over PG_SOCKET_DIR); omitted → embedded PGlite in dir/data */
  postgresql?: string;
  /** Kea's lease timers, seconds */
  timers?: { renew?: number; rebind?: number; preferred?: number; valid?: number };
}

export function controlSocketPath(dir: string): string {
  return join(dir, 'agent.sock');
}

/** A Kea-style {"Dhcp6": …} configuration for an agent serving `s0` in a test namespace. */
export function agentConfig(opts: AgentConfigOptions): Record<string, unknown> {
  const t = { renew: 1000, rebind: 2000, preferred: 3000, valid: 4000, ...opts.timers };
  const dhcp6: Record<string, unknown> = {
    'interfaces-config': { interfaces: opts.interfaces ?? ['s0'] },
    'data-directory': join(opts.dir, 'data'),
    'control-sockets': [{ 'socket-type': 'unix', 'socket-name': controlSocketPath(opts.dir) }],
    'renew-timer': t.renew,
    'rebind-timer': t.rebind,
    'preferred-lifetime': t.preferred,
    'valid-lifetime': t.valid,
    subnet6: opts.subnets.map((s) => ({
      id: s.id,
      subnet: s.subnet,
      ...(s.interface ? { interface: s.interface } : {}),
      pools: (s.pools ?? []).map((pool) => ({ pool })),
      'pd-pools': (s.pdPools ?? []).map((p) => ({ prefix: p.prefix, 'prefix-len': p.prefixLen, 'delegated-len': p.delegatedLen })),
    })),
    loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
  };
  if (opts.postgresql) {
    dhcp6['lease-database'] = { type: 'postgresql', host: PG_SOCKET_DIR, name: opts.postgresql, user: 'postgres' };
  }
  return { Dhcp6: dhcp6 };
}

/**
 * The agent builds its connection string as postgres://user@HOST:PORT/NAME, which cannot carry a
 * socket directory as HOST; DATABASE_URL (which overrides the configuration) can, URL-encoded.
 */
export function pgSocketUrl(database: string): string {
  return `postgres://postgres@${encodeURIComponent(PG_SOCKET_DIR)}/${database}`;
}

/** A fresh database on the test server (over its unix socket); `drop()` removes it. */
export interface PgTestDatabase {
  name: string;
  /** DATABASE_URL for an agent in a namespace */
  url: string;
  /** runs one statement on the database (from the test process) and returns its rows */
  query(sql: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export async function createPgDatabase(): Promise<PgTestDatabase> {
  const name = `dhcp6agent_e2e_${randomBytes(5).toString('hex')}`;
  const connect = async <T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: pgSocketUrl(database), connectionTimeoutMillis: 5000 });
    try {
      await c.connect();
    } catch (err) {
      throw new Error(`PostgreSQL is unreachable over ${PG_SOCKET_DIR} (set TEST_PG_SOCKET_DIR): ${(err as Error).message}`);
    }
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  await connect('postgres', (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    name,
    url: pgSocketUrl(name),
    query: (sql) => connect(name, async (c) => (await c.query(sql)).rows as Record<string, unknown>[]),
    drop: () => connect('postgres', (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface AgentStartOptions {
  /** the directory agentConfig() was given; the configuration file is written there */
  dir: string;
  config: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  /** extra command-line arguments (e.g. -d) */
  args?: string[];
}

export class AgentProcess {
  readonly configFile: string;
  readonly socketPath: string;

  private constructor(
    private readonly lab: NetnsLab,
    readonly ns: string,
    readonly opts: AgentStartOptions,
    readonly process: NsProcess,
  ) {
    this.configFile = join(opts.dir, 'agent.json');
    this.socketPath = controlSocketPath(opts.dir);
  }

  /** Starts the agent without waiting: for runs expected to fail. */
  static async spawn(lab: NetnsLab, ns: string, opts: AgentStartOptions): Promise<AgentProcess> {
    if (!existsSync(AGENT_MAIN)) throw new Error(`${AGENT_MAIN} is missing: run "npm run build" (npm test does) first`);
    await writeFile(join(opts.dir, 'agent.json'), JSON.stringify(opts.config, null, 2));
    const p = lab.spawn(ns, process.execPath, [AGENT_MAIN, '-c', join(opts.dir, 'agent.json'), ...(opts.args ?? [])], { env: opts.env, cwd: opts.dir });
    return new AgentProcess(lab, ns, opts, p);
  }

  /** Starts the agent and waits until it serves (its "dhcp6-agent started" line). */
  static async start(lab: NetnsLab, ns: string, opts: AgentStartOptions): Promise<AgentProcess> {
    const agent = await AgentProcess.spawn(lab, ns, opts);
    await agent.process.waitForOutput('"msg":"dhcp6-agent started"', { timeoutMs: START_TIMEOUT_MS });
    return agent;
  }

  /** The same configuration file again, in a new process (after stop()). */
  restart(): Promise<AgentProcess> {
    return AgentProcess.start(this.lab, this.ns, { ...this.opts, config: this.opts.config });
  }

  /** Every pino JSON line the agent printed on stdout. */
  logLines(): Record<string, unknown>[] {
    return this.process.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** `dhcp6-agent ctl COMMAND ARGS --socket PATH`: the answer, whatever its result. */
  ctl(command: string, args?: Record<string, unknown>): Promise<KeaAnswer> {
    const argv = [AGENT_MAIN, 'ctl', command, ...(args ? [JSON.stringify(args)] : []), '--socket', this.socketPath];
    return new Promise((resolve, reject) => {
      execFile(process.execPath, argv, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as KeaAnswer);
        } catch {
          reject(new Error(`ctl ${command} printed no JSON answer (${err?.message ?? 'exit 0'}): ${stdout}${stderr}`));
        }
      });
    });
  }

  /** Every lease the agent holds (lease6-get-all), sorted by address for comparisons. */
  async leases(): Promise<Record<string, unknown>[]> {
    const answer = await this.ctl('lease6-get-all');
    if (answer.result !== 0 && answer.result !== 3) throw new Error(`lease6-get-all failed: ${JSON.stringify(answer)}`);
    const leases = (answer.arguments?.leases ?? []) as Record<string, unknown>[];
    return leases.sort((a, b) => String(a['ip-address']).localeCompare(String(b['ip-address'])));
  }

  /**
   * Writes `config` to the configuration file, sends SIGHUP and waits for the agent's verdict;
   * rejects with its error when it kept the previous configuration.
   */
  async reload(config: Record<string, unknown>): Promise<void> {
    await writeFile(this.configFile, JSON.stringify(config, null, 2));
    const since = this.process.mark();
    this.process.signal('SIGHUP');
    const m = await this.process.waitForOutput(/"msg":"SIGHUP: configuration (reloaded|reload failed[^"]*)"/, { since, timeoutMs: 30_000 });
    if (m[1] !== 'reloaded') throw new Error(`SIGHUP reload refused: ${this.process.stdout.slice(since)}`);
    this.opts.config = config;
  }

  /** SIGTERM; resolves with how the process ended (SIGKILL after 30 s). */
  stop(): Promise<NsExit> {
    return this.process.stop(30_000);
  }
}

export type Backend = 'pglite' | 'postgresql';

/** The backends the agent's e2e tests run on: both, unless DHCP6_AGENT_SKIP_PG=1. */
export const BACKENDS: Backend[] = process.env.DHCP6_AGENT_SKIP_PG === '1' ? ['pglite'] : ['pglite', 'postgresql'];

export interface AgentOnLink {
  net: ServerClient;
  dir: string;
  db: PgTestDatabase | undefined;
  agent: AgentProcess;
  /** tears the lab down, drops the database and removes the directory */
  close(): Promise<void>;
}

/**
 * The usual e2e fixture: a server/client namespace pair, a fresh database for `backend`, and the
 * agent serving s0 with `configure`'s tweaks applied to agentConfig()'s configuration.
 */
export async function startAgentOnLink(
  lab: NetnsLab,
  backend: Backend,
  opts: Omit<AgentConfigOptions, 'dir' | 'postgresql'> & { configure?: (config: Record<string, unknown>) => void; args?: string[] },
): Promise<AgentOnLink> {
  const dir = await mkdtemp(join(tmpdir(), 'd6a-agent-'));
  const net = await lab.serverClient({ global: true });
  const db = backend === 'postgresql' ? await createPgDatabase() : undefined;
  const config = agentConfig({ ...opts, dir, postgresql: db?.name });
  opts.configure?.(config);
  const agent = await AgentProcess.start(lab, net.server, { dir, config, env: db ? { DATABASE_URL: db.url } : {}, args: opts.args });
  return {
    net,
    dir,
    db,
    agent,
    async close() {
      await lab.teardown();
      await db?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
