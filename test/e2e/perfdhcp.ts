// Kea's perfdhcp (package kea-admin) run inside a namespace, and its final report parsed.

import { spawnInNs } from './ns-process.js';

/** One "***Statistics for: SOLICIT-ADVERTISE***" block. Delays are ms; null where perfdhcp prints n/a. */
export interface PerfdhcpExchange {
  sent: number;
  received: number;
  drops: number;
  /** percent */
  dropsRatio: number | null;
  orphans: number;
  rejectedLeases: number;
  nonUniqueAddresses: number;
  minDelayMs: number | null;
  avgDelayMs: number | null;
  maxDelayMs: number | null;
  stdDeviationMs: number | null;
}

export interface PerfdhcpResult {
  /** 0 success; 3 some exchanges did not complete (1 general error and 2 bad arguments throw) */
  exitCode: number;
  /** achieved exchanges per second, and what the run asked for (-r) */
  rate: { achieved: number; expected: number | null; unit: string } | null;
  malformed: number | null;
  /** keyed by perfdhcp's exchange name: SOLICIT-ADVERTISE, REQUEST-REPLY, RENEW-REPLY, RELEASE-REPLY */
  exchanges: Record<string, PerfdhcpExchange>;
  stdout: string;
  stderr: string;
}

const FIELDS: Record<string, keyof PerfdhcpExchange> = {
  'sent packets': 'sent',
  'received packets': 'received',
  drops: 'drops',
  'drops ratio': 'dropsRatio',
  orphans: 'orphans',
  'rejected leases': 'rejectedLeases',
  'non unique addresses': 'nonUniqueAddresses',
  'min delay': 'minDelayMs',
  'avg delay': 'avgDelayMs',
  'max delay': 'maxDelayMs',
  'std deviation': 'stdDeviationMs',
};

/** "0.670 ms", "5 %", "299" → number; "n/a", "inf ms", "-nan %" → null */
function numberOf(text: string): number | null {
  const m = /^(-?\d+(?:\.\d+)?)(?:\s*(?:ms|%))?$/.exec(text.trim());
  return m ? Number(m[1]) : null;
}

/** Parses perfdhcp's final report (stdout). */
export function parsePerfdhcp(stdout: string): Omit<PerfdhcpResult, 'exitCode' | 'stdout' | 'stderr'> {
  let rate: PerfdhcpResult['rate'] = null;
  let malformed: number | null = null;
  const exchanges: Record<string, PerfdhcpExchange> = {};
  let current: PerfdhcpExchange | null = null;
  for (const line of stdout.split('\n')) {
    const section = /^\*\*\*Statistics for: (.+?)\*\*\*$/.exec(line.trim());
    if (section) {
      current = {
        sent: 0, received: 0, drops: 0, dropsRatio: null, orphans: 0, rejectedLeases: 0, nonUniqueAddresses: 0,
        minDelayMs: null, avgDelayMs: null, maxDelayMs: null, stdDeviationMs: null,
      };
      exchanges[section[1]] = current;
      continue;
    }
    const r = /^Rate: (\S+) (.+?)\/second(?:, expected rate: (\S+))?/.exec(line);
    if (r) {
      rate = { achieved: Number(r[1]), unit: r[2], expected: r[3] === undefined ? null : Number(r[3]) };
      continue;
    }
    const mal = /^Malformed packets: (\d+)/.exec(line);
    if (mal) {
      malformed = Number(mal[1]);
      continue;
    }
    if (!current) continue;
    // perfdhcp prints "avg delay: min delay: n/a" when nothing came back: the last "key: value" wins.
    const kv = /([a-z ]+): ([^:]+)$/.exec(line.trim());
    if (!kv) continue;
    const field = FIELDS[kv[1].trim()];
    if (!field) continue;
    const v = numberOf(kv[2]);
    if (field === 'dropsRatio' || field.endsWith('Ms')) (current[field] as number | null) = v;
    else (current[field] as number) = v ?? 0;
  }
  return { rate, malformed, exchanges };
}

/**
 * Runs `perfdhcp -6 args…` in `ns` and parses its report. Exit code 3 (some exchanges incomplete)
 * is a result; 1 and 2 (errors, bad arguments) throw with perfdhcp's output.
 */
export async function runPerfdhcp(ns: string, args: readonly string[], opts: { timeoutMs?: number } = {}): Promise<PerfdhcpResult> {
  const p = spawnInNs(ns, 'perfdhcp', ['-6', ...args]);
  let exit;
  try {
    exit = await p.waitForExit(opts.timeoutMs ?? 120_000);
  } finally {
    await p.stop();
  }
  if (exit.code !== 0 && exit.code !== 3) throw new Error(`perfdhcp failed: ${p.describe()}`);
  return { exitCode: exit.code, ...parsePerfdhcp(p.stdout), stdout: p.stdout, stderr: p.stderr };
}
