// A real Agent started in-process on a temporary configuration file, for tests of the
// commands that drive the running agent: embedded PGlite in a temporary data-directory, or
// the PostgreSQL test server through a fresh database. `interfaces: []` (no DHCPv6 sockets);
// control sockets on a unix path in the temporary directory and on 127.0.0.1.
//
// PGlite takes seconds to start: a test file shares one agent per driver
// (forEachAgentDriver), and reset() puts it back before each test.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { Agent } from '../../src/agent.js';
import type { CommandAnswer } from '../../src/commands/types.js';
import { canonicalJson } from '../../src/config/config-hash.js';
import { initGlobalStatistics, initSubnetStatistics } from '../../src/engine/engine-statistics.js';
import { unixExchange, type Via } from '../commands/transports.js';
import { createTestDatabase } from './stores.js';

export type AgentDriver = 'pglite' | 'pg';
export const AGENT_DRIVERS: readonly AgentDriver[] = ['pglite', 'pg'];

export interface TestAgentOptions {
  driver: AgentDriver;
  /** the Dhcp6 map; interfaces-config, the database and the control sockets are added */
  dhcp6?: Record<string, unknown>;
  /** pg: the database (createTestDatabase().url) */
  databaseUrl?: string;
  /** reuse this directory (a restart); default: a new temporary one */
  dir?: string;
  /** the configuration file's name in `dir` */
  configName?: string;
  /** --hooks-dir; default: `dir`/hooks (created empty) */
  hooksDir?: string;
  /** the configuration file to start on instead of writing one (a restart on a written file) */
  configFile?: string;
  /** hook library files written into the hooks directory before the start: name → source */
  hookFiles?: Record<string, string>;
}

export interface RunningTestAgent {
  readonly agent: Agent;
  readonly driver: AgentDriver;
  readonly dir: string;
  readonly configFile: string;
  readonly hooksDir: string;
  readonly socketPath: string;
  readonly httpUrl: string;
  /** the configuration it started with: {"Dhcp6": …} as written to the file */
  readonly baseConfig: { Dhcp6: Record<string, unknown> };
  /** what the helper put into Dhcp6 besides the test's map (database, sockets, interfaces) */
  readonly agentKeys: Record<string, unknown>;
  /** exit values the shutdown command handed over */
  readonly shutdowns: number[];
  /** log lines (JSON text), the latest last */
  readonly logs: string[];
  send(via: Via, request: unknown): Promise<CommandAnswer>;
  /** straight to the command processor, no transport */
  handle(request: unknown): Promise<CommandAnswer>;
  /** empties the database's leases and reservations, restores the configuration (file and running), service and statistics */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** A TCP port free now on 127.0.0.1 (the configuration refuses port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function databaseKeys(opts: TestAgentOptions): Record<string, unknown> {
  if (opts.driver === 'pglite') return { 'data-directory': 'data' };
  if (!opts.databaseUrl) throw new Error('startTestAgent: the pg driver needs databaseUrl');
  const url = new URL(opts.databaseUrl);
  const db: Record<string, unknown> = { type: 'postgresql', host: url.hostname, port: Number(url.port || 5432), name: url.pathname.slice(1) };
  if (url.username) db.user = decodeURIComponent(url.username);
  if (url.password) db.password = decodeURIComponent(url.password);
  return { 'data-directory': 'data', 'lease-database': db };
}

function logSink(lines: string[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8').trimEnd());
      if (lines.length > 2000) lines.splice(0, lines.length - 2000);
      done();
    },
  });
}

export async function startTestAgent(opts: TestAgentOptions): Promise<RunningTestAgent> {
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'd6agent-')));
  const hooksDir = opts.hooksDir ?? join(dir, 'hooks');
  await mkdir(hooksDir, { recursive: true });
  for (const [name, source] of Object.entries(opts.hookFiles ?? {})) await writeFile(join(hooksDir, name), source);
  const socketPath = join(dir, 'control.sock');
  const port = await freePort();
  const agentKeys: Record<string, unknown> = {
    'interfaces-config': { interfaces: [] },
    ...databaseKeys(opts),
    'control-sockets': [
      { 'socket-type': 'unix', 'socket-name': socketPath },
      { 'socket-type': 'http', 'socket-address': '127.0.0.1', 'socket-port': port },
    ],
  };
  const baseConfig = { Dhcp6: { ...structuredClone(opts.dhcp6 ?? {}), ...agentKeys } };
  const configFile = opts.configFile ?? join(dir, opts.configName ?? 'dhcp6-agent.json');
  const baseText = `${JSON.stringify(baseConfig, null, 2)}\n`;
  if (!opts.configFile) await writeFile(configFile, baseText);
  const logs: string[] = [];
  const shutdowns: number[] = [];
  const agent = await Agent.start({
    configFile,
    logger: pino({ level: 'info' }, logSink(logs)),
    hooksDir,
    onShutdown: (code) => void shutdowns.push(code),
  });
  // The running configuration decides where the sockets are (a restart on a written file).
  const sockets = agent.config().controlSockets;
  const unix = sockets.find((s) => s.socketType === 'unix');
  const http = sockets.find((s) => s.socketType === 'http');
  const httpUrl = http && http.socketType === 'http' ? `http://127.0.0.1:${http.socketPort}/` : '';
  const runningSocket = unix && unix.socketType === 'unix' ? unix.socketName : socketPath;

  return {
    agent,
    driver: opts.driver,
    dir,
    configFile,
    hooksDir,
    socketPath: runningSocket,
    httpUrl,
    baseConfig,
    agentKeys,
    shutdowns,
    logs,
    async send(via, request) {
      if (via === 'unix') return JSON.parse(await unixExchange(runningSocket, JSON.stringify(request))) as CommandAnswer;
      const r = await fetch(httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
      return (await r.json()) as CommandAnswer;
    },
    handle(request) {
      return agent.processor.handle(request);
    },
    async reset() {
      await agent.store.driver.query('TRUNCATE lease6, host6, host6_reservation CASCADE');
      if (!opts.configFile) await writeFile(configFile, baseText);
      const base = opts.configFile ? agent.config().raw : baseConfig;
      if (canonicalJson(agent.config().raw) !== canonicalJson(base)) {
        const error = await agent.reconfigure(structuredClone(base), 'full');
        if (error !== null) throw new Error(`reset: the base configuration does not apply: ${error}`);
      }
      agent.service.enable('user');
      agent.service.enable('ha-partner');
      await agent.reservationsChanged();
      const stats = agent.engine.statistics;
      stats.removeAll();
      initGlobalStatistics(stats);
      initSubnetStatistics(stats, agent.config().subnets, []);
    },
    stop() {
      return agent.stop();
    },
  };
}

/** Polls `check` until it returns true (or something not undefined/false), for events that arrive asynchronously. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<Exclude<T, false | undefined | null>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined && value !== null) return value as Exclude<T, false | undefined | null>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface AgentDriverContext {
  readonly driver: AgentDriver;
  /** pg: the database the agent uses (another agent may share it); pglite: undefined */
  readonly databaseUrl: () => string | undefined;
}

/**
 * Declares `describe(name [pglite])` and `describe(name [pg])`, each starting one agent on
 * `dhcp6` for the block (reset before each test) and stopping it afterwards.
 */
export function forEachAgentDriver(
  name: string,
  dhcp6: Record<string, unknown>,
  fn: (get: () => RunningTestAgent, ctx: AgentDriverContext) => void,
  options: { resetBeforeEach?: boolean; hookFiles?: Record<string, string> } = {},
): void {
  for (const driver of AGENT_DRIVERS) {
    const skip = driver === 'pg' && process.env.DHCP6_AGENT_SKIP_PG === '1';
    describe.skipIf(skip)(`${name} [${driver}]`, () => {
      let running: RunningTestAgent | null = null;
      let database: { url: string; drop(): Promise<void> } | null = null;
      beforeAll(async () => {
        if (driver === 'pg') database = await createTestDatabase();
        running = await startTestAgent({ driver, dhcp6, databaseUrl: database?.url, hookFiles: options.hookFiles });
      });
      if (options.resetBeforeEach !== false) {
        beforeEach(async () => {
          await running!.reset();
        });
      }
      afterAll(async () => {
        await running?.stop();
        if (running) await rm(running.dir, { recursive: true, force: true });
        await database?.drop();
      });
      fn(() => running!, { driver, databaseUrl: () => database?.url });
    });
  }
}
