// ISC dhclient as a real DHCPv6 client inside a namespace; its lease file parsed.

import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnInNs } from './ns-process.js';

export interface DhclientLease {
  interface: string;
  /** IA_NA addresses (lifetimes in seconds) */
  addresses: { iaid: string; address: string; preferredLife: number; maxLife: number }[];
  /** IA_PD prefixes as "2001:db8:8:100::/56" */
  prefixes: { iaid: string; prefix: string; preferredLife: number; maxLife: number }[];
  /** as dhclient writes it: colon-separated hex bytes without leading zeros ("0:1:0:1:…") */
  serverId?: string;
  clientId?: string;
}

export interface DhclientOptions {
  /** ask for a prefix (IA_PD, -P) */
  prefix?: boolean;
  /** ask for an address (IA_NA, -N); the default unless `prefix` is set */
  address?: boolean;
  /** give up (and kill dhclient) after this long; default 30 s */
  timeoutMs?: number;
  extraArgs?: string[];
}

interface Stmt {
  words: string[];
  block?: Stmt[];
}

/** dhclient.leases grammar: statements end in ';' or are `words { statements }`. */
function parseStatements(text: string): Stmt[] {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+/g) ?? [];
  let i = 0;
  const parseList = (): Stmt[] => {
    const out: Stmt[] = [];
    let words: string[] = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (t === ';') {
        if (words.length) out.push({ words });
        words = [];
      } else if (t === '{') {
        out.push({ words, block: parseList() });
        words = [];
      } else if (t === '}') {
        return out;
      } else {
        words.push(t.startsWith('"') ? t.slice(1, -1) : t);
      }
    }
    return out;
  };
  return parseList();
}

function lifetimes(block: Stmt[]): { preferredLife: number; maxLife: number } {
  const get = (k: string): number => Number(block.find((s) => s.words[0] === k)?.words[1] ?? NaN);
  return { preferredLife: get('preferred-life'), maxLife: get('max-life') };
}

/** Every `lease6 { … }` in a dhclient -6 lease file, oldest first. */
export function parseDhclientLeases(text: string): DhclientLease[] {
  const leases: DhclientLease[] = [];
  for (const top of parseStatements(text)) {
    if (top.words[0] !== 'lease6' || !top.block) continue;
    const lease: DhclientLease = { interface: '', addresses: [], prefixes: [] };
    for (const s of top.block) {
      const [w0, w1, w2] = s.words;
      if (w0 === 'interface') lease.interface = w1;
      else if (w0 === 'option' && w1 === 'dhcp6.server-id') lease.serverId = w2;
      else if (w0 === 'option' && w1 === 'dhcp6.client-id') lease.clientId = w2;
      else if ((w0 === 'ia-na' || w0 === 'ia-pd') && s.block) {
        for (const inner of s.block) {
          if (!inner.block) continue;
          if (w0 === 'ia-na' && inner.words[0] === 'iaaddr') lease.addresses.push({ iaid: w1, address: inner.words[1], ...lifetimes(inner.block) });
          if (w0 === 'ia-pd' && inner.words[0] === 'iaprefix') lease.prefixes.push({ iaid: w1, prefix: inner.words[1], ...lifetimes(inner.block) });
        }
      }
    }
    leases.push(lease);
  }
  return leases;
}

/**
 * Gets one lease with `dhclient -6 -1` on `iface` in `ns` (-sf /bin/true: nothing is configured
 * on the interface). dhclient forks into the background once bound; that daemon is killed by the
 * PID it writes to its -pf file. Rejects with dhclient's output when no lease came.
 */
export async function runDhclient(ns: string, iface: string, opts: DhclientOptions = {}): Promise<DhclientLease> {
  const dir = await mkdtemp(join(tmpdir(), 'd6a-dhclient-'));
  const leaseFile = join(dir, 'dhclient6.leases');
  const pidFile = join(dir, 'dhclient6.pid');
  const kinds: string[] = [];
  if (opts.address ?? !opts.prefix) kinds.push('-N');
  if (opts.prefix) kinds.push('-P');
  const p = spawnInNs(ns, 'dhclient', ['-6', '-1', ...kinds, '-lf', leaseFile, '-pf', pidFile, '-sf', '/bin/true', ...(opts.extraArgs ?? []), iface]);
  try {
    let exit;
    try {
      exit = await p.waitForExit(opts.timeoutMs ?? 30_000);
    } catch (err) {
      throw new Error(`dhclient got no lease on ${ns}/${iface}: ${(err as Error).message}`);
    }
    if (exit.code !== 0) throw new Error(`dhclient got no lease on ${ns}/${iface}: ${p.describe()}`);
    const leases = parseDhclientLeases(await readFile(leaseFile, 'utf8').catch(() => '')).filter((l) => l.interface === iface);
    const lease = leases.at(-1);
    if (!lease) throw new Error(`dhclient exited 0 but wrote no lease6 for ${iface}: ${p.describe()}`);
    return lease;
  } finally {
    await p.stop();
    await killDaemon(pidFile);
    await rm(dir, { recursive: true, force: true });
  }
}

async function killDaemon(pidFile: string): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0) return;
  // A zombie (exited, not yet reaped by whoever adopted it) counts as gone.
  const alive = (): boolean => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 40 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
  if (alive()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
}
