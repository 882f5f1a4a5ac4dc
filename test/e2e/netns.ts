// Network-namespace harness for e2e tests: namespaces joined by veth pairs with IPv6 ready to use,
// processes run inside them, and teardown that always removes both, even when a test fails.
//
//   describeNetns('DHCPv6 over a veth pair', () => {
//     const lab = new NetnsLab();
//     let net: ServerClient;
//     beforeAll(async () => { net = await lab.serverClient({ global: true }); });
//     afterAll(() => lab.teardown());
//     it('…', async () => {
//       const agent = lab.spawn(net.server, process.execPath, ['dist/main.js', '-c', cfg]);
//       await agent.waitForOutput('listening');
//       const r = await runPerfdhcp(net.client, ['-l', net.clientIf.name, '-r', '100', '-p', '3']);
//     });
//   });
//
// Names start with "d6a-<pid>-": namespaces left by a run that was SIGKILLed are removed by the next one.

import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'vitest';
import { liveProcesses, spawnInNs, type NsProcess, type SpawnInNsOptions } from './ns-process.js';

export { spawnInNs, NsProcess, type NsExit, type SpawnInNsOptions } from './ns-process.js';
export { runPerfdhcp, parsePerfdhcp, type PerfdhcpResult, type PerfdhcpExchange } from './perfdhcp.js';
export { runDhclient, parseDhclientLeases, type DhclientLease, type DhclientOptions } from './dhclient.js';

const PREFIX = 'd6a-';

export interface VethEnd {
  ns: string;
  name: string;
  ifindex: number;
  /** link-local address, without %scope */
  linkLocal: string;
  /** global addresses given to it, without prefix length */
  addresses: string[];
}

export interface VethLink {
  a: VethEnd;
  b: VethEnd;
}

export interface ServerClient {
  server: string;
  client: string;
  serverIf: VethEnd;
  clientIf: VethEnd;
}

function isCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

function ipSync(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function ip(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`ip ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v "$0"`, cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let availability: string | null | undefined;

/** Why namespaces cannot be used here, or null when they can (probed once per process). */
export function netnsUnavailableReason(): string | null {
  if (availability !== undefined) return availability;
  availability = probe();
  return availability;
}

function probe(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'not running as root (ip netns needs CAP_SYS_ADMIN and CAP_NET_ADMIN)';
  if (!hasCommand('ip')) return "'ip' (iproute2) is not installed";
  const name = `${PREFIX}${process.pid}-probe-${randomBytes(2).toString('hex')}`;
  try {
    ipSync(['netns', 'add', name]);
  } catch (err) {
    return `'ip netns add' failed: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`;
  }
  try {
    ipSync(['netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0']);
    ipSync(['-n', name, 'link', 'set', 'lo', 'up']);
    return null;
  } catch (err) {
    return `cannot configure a namespace: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`;
  } finally {
    try {
      ipSync(['netns', 'del', name]);
    } catch {
      // The probe namespace could not be created fully; nothing else to undo.
    }
  }
}

/**
 * `describe` for tests that need namespaces (and optionally some commands). Without them the
 * suite is skipped with the reason, except under CI=true where the missing capability fails.
 */
export function describeNetns(name: string, fn: () => void, opts: { commands?: string[] } = {}): void {
  let reason = netnsUnavailableReason();
  const missing = (opts.commands ?? []).filter((c) => !hasCommand(c));
  if (reason === null && missing.length > 0) reason = `missing command(s): ${missing.join(', ')}`;
  if (reason === null) {
    describe(name, fn);
  } else if (isCi()) {
    describe(name, () => {
      it('has network namespaces and the tools it needs (CI=true: a missing capability is a failure)', () => {
        throw new Error(`cannot run "${name}" under CI=true: ${reason}`);
      });
    });
  } else {
    console.warn(`[netns] skipping "${name}": ${reason}`);
    describe.skip(`${name} (skipped: ${reason})`, fn);
  }
}

// ---- cleanup that survives failures ------------------------------------------------------------

const ownedNamespaces = new Set<string>();
let exitHandlerInstalled = false;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pidsInSync(ns: string): number[] {
  try {
    return ipSync(['netns', 'pids', ns]).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function destroyNamespaceSync(ns: string): void {
  for (const pid of pidsInSync(ns)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    ipSync(['netns', 'del', ns]);
  } catch {
    // already deleted
  }
  ownedNamespaces.delete(ns);
}

function cleanupSync(): void {
  for (const p of liveProcesses.values()) p.signal('SIGKILL');
  for (const ns of [...ownedNamespaces]) destroyNamespaceSync(ns);
}

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      cleanupSync();
      process.kill(process.pid, sig);
    });
  }
  // Namespaces of earlier runs that died without cleaning up (SIGKILL, OOM): their owner PID is gone.
  let names: string[] = [];
  try {
    names = ipSync(['netns', 'list']).split('\n').map((l) => l.split(' ')[0]);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^d6a-(\d+)-/.exec(name);
    if (m && !isAlive(Number(m[1]))) destroyNamespaceSync(name);
  }
}

// ---- the lab -----------------------------------------------------------------------------------

interface AddrInfo {
  family: string;
  local: string;
  scope: string;
  tentative?: boolean;
  dadfailed?: boolean;
}

/** Waits until `ifname` in `ns` has a usable (non-tentative) link-local address and all of `globals`. */
async function waitForAddresses(ns: string, ifname: string, globals: string[], timeoutMs = 5000): Promise<{ ifindex: number; linkLocal: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [link] = JSON.parse(await ip(['-n', ns, '-j', '-6', 'addr', 'show', 'dev', ifname])) as { ifindex: number; addr_info: AddrInfo[] }[];
    const usable = (link?.addr_info ?? []).filter((a) => a.family === 'inet6' && !a.tentative && !a.dadfailed);
    const ll = usable.find((a) => a.scope === 'link');
    if (link && ll && globals.every((g) => usable.some((a) => a.local === g))) return { ifindex: link.ifindex, linkLocal: ll.local };
    if (Date.now() > deadline) throw new Error(`${ns}/${ifname}: IPv6 addresses not usable after ${timeoutMs} ms: ${JSON.stringify(link?.addr_info)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class NetnsLab {
  /** unique per lab: namespaces are `d6a-<pid>-<hex>-<role>` */
  readonly id = `${process.pid}-${randomBytes(2).toString('hex')}`;
  readonly namespaces: string[] = [];
  private readonly processes: NsProcess[] = [];

  /** Creates a namespace with loopback up and DAD off (addresses usable at once). */
  async addNamespace(role: string): Promise<string> {
    installExitHandler();
    const ns = `${PREFIX}${this.id}-${role}`;
    await ip(['netns', 'add', ns]);
    ownedNamespaces.add(ns);
    this.namespaces.push(ns);
    // Before any link exists: new interfaces copy "default", so their addresses skip DAD.
    await ip(['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.all.accept_dad=0', 'net.ipv6.conf.default.accept_dad=0']);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    return ns;
  }

  /**
   * Joins `a`/`aIf` and `b`/`bIf` by a veth pair (created inside the namespaces: the host's own
   * namespace is never touched), adds the given "addr/len" addresses and waits until they are usable.
   */
  async addLink(a: string, aIf: string, b: string, bIf: string, opts: { aAddresses?: string[]; bAddresses?: string[] } = {}): Promise<VethLink> {
    await ip(['-n', a, 'link', 'add', aIf, 'type', 'veth', 'peer', 'name', bIf, 'netns', b]);
    for (const addr of opts.aAddresses ?? []) await ip(['-n', a, 'addr', 'add', addr, 'dev', aIf, 'nodad']);
    for (const addr of opts.bAddresses ?? []) await ip(['-n', b, 'addr', 'add', addr, 'dev', bIf, 'nodad']);
    await ip(['-n', a, 'link', 'set', aIf, 'up']);
    await ip(['-n', b, 'link', 'set', bIf, 'up']);
    const bare = (list: string[] | undefined): string[] => (list ?? []).map((x) => x.split('/')[0]);
    const [ea, eb] = await Promise.all([waitForAddresses(a, aIf, bare(opts.aAddresses)), waitForAddresses(b, bIf, bare(opts.bAddresses))]);
    return {
      a: { ns: a, name: aIf, ...ea, addresses: bare(opts.aAddresses) },
      b: { ns: b, name: bIf, ...eb, addresses: bare(opts.bAddresses) },
    };
  }

  /**
   * The usual topology: namespaces "srv" and "cli" joined by s0 ⇄ c0. With `global`, s0 has
   * 2001:db8:1::1/64 and c0 2001:db8:1::2/64 (for relayed or unicast traffic).
   */
  async serverClient(opts: { global?: boolean } = {}): Promise<ServerClient> {
    const server = await this.addNamespace('srv');
    const client = await this.addNamespace('cli');
    const link = await this.addLink(server, 's0', client, 'c0', opts.global ? { aAddresses: ['2001:db8:1::1/64'], bAddresses: ['2001:db8:1::2/64'] } : {});
    return { server, client, serverIf: link.a, clientIf: link.b };
  }

  /** Starts a process inside `ns`; teardown stops it. */
  spawn(ns: string, cmd: string, args: readonly string[] = [], opts: SpawnInNsOptions = {}): NsProcess {
    const p = spawnInNs(ns, cmd, args, opts);
    this.processes.push(p);
    return p;
  }

  /** Stops every process (SIGTERM, then SIGKILL), kills whatever else still runs in the namespaces, deletes them. */
  async teardown(): Promise<void> {
    const mine = new Set(this.namespaces);
    const toStop = [...this.processes, ...[...liveProcesses.values()].filter((p) => mine.has(p.ns))];
    await Promise.all(toStop.map((p) => p.stop(2000)));
    const failures: string[] = [];
    for (const ns of this.namespaces.splice(0)) {
      const leftovers = pidsInSync(ns);
      for (const pid of leftovers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }
      try {
        await ip(['netns', 'del', ns]);
        ownedNamespaces.delete(ns);
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
    if (failures.length > 0) throw new Error(`netns teardown: ${failures.join('; ')}`);
  }
}
