// Where the agent's time went in a `bench/dhcp.sh --profile` run, as text:
//   --cpu FILE          a V8 .cpuprofile (node --cpu-prof): time by category, the functions with the
//                       most self time, and the agent's own functions by inclusive time
//   --queries FILE      bench/query-timing.mjs output: SQL statements by total time
//   --pg-activity FILE  bench/pg-activity.ts output: what PostgreSQL backends were doing
//
//   npx tsx bench/profile-summary.ts --cpu agent.cpuprofile --queries queries.json [--top N]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values } = parseArgs({
  options: {
    cpu: { type: 'string' },
    queries: { type: 'string' },
    'pg-activity': { type: 'string' },
    top: { type: 'string', default: '20' },
  },
});
const TOP = Number(values.top);

const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a');
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;

/** "dist/engine/engine.js" for the agent's files, the package for dependencies, node:… for Node's own. */
function whereIs(url: string): string {
  if (!url) return '';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return nm[1];
  const dist = /\/(dist\/.+)$/.exec(url);
  if (dist) return dist[1];
  return url.replace(/^file:\/\//, '');
}

const isAgentCode = (url: string) => url.includes('/dist/') && !url.includes('node_modules/');

function category(frame: CallFrame): string {
  const name = frame.functionName;
  if (name === '(idle)') return 'idle (waiting for packets or I/O)';
  if (name === '(garbage collector)') return 'garbage collector';
  if (name === '(program)') return '(program: V8/native outside JS)';
  if (name === '(root)') return '(root)';
  const url = frame.url;
  if (url.startsWith('wasm://') || /^(wasm-function|\$)/.test(name)) return 'wasm (PGlite: PostgreSQL itself)';
  if (url.includes('@electric-sql/pglite')) return 'PGlite (JavaScript side)';
  if (url.includes('node_modules/')) return `dependency ${whereIs(url)}`;
  if (url.startsWith('node:') || url === '') return 'Node.js internals (sockets, timers, buffers)';
  if (isAgentCode(url)) return 'agent code (dist/)';
  return 'other';
}

function summarizeCpu(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  // timeDeltas[i] is the time from sample i-1 to sample i: charge it to sample i's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const keyOf = (f: CallFrame) => `${f.functionName || '(anonymous)'}  ${whereIs(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;

  const byCategory = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let idle = 0;
  for (const [id, t] of self) {
    const frame = byId.get(id)!.callFrame;
    const cat = category(frame);
    if (frame.functionName === '(idle)') idle += t;
    byCategory.set(cat, (byCategory.get(cat) ?? 0) + t);
    selfByFunction.set(keyOf(frame), (selfByFunction.get(keyOf(frame)) ?? 0) + t);
  }
  const busy = total - idle;
  console.log(`CPU profile ${file}: ${ms(total)} sampled, ${ms(busy)} busy (${pct(busy, total)})`);
  console.log('  time by kind (share of busy time):');
  for (const [cat, t] of [...byCategory].sort((a, b) => b[1] - a[1])) {
    if (cat.startsWith('idle')) continue;
    console.log(`    ${pct(t, busy).padStart(6)}  ${ms(t).padStart(9)}  ${cat}`);
  }
  console.log(`  top ${TOP} functions by self time (share of busy time):`);
  for (const [fn, t] of [...selfByFunction].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`    ${pct(t, busy).padStart(6)}  ${ms(t).padStart(9)}  ${fn}`);
  }

  // Inclusive time of the agent's own functions: each sample counts once per function on its stack.
  const stackKeys = new Map<number, Set<string>>();
  const keysOf = (id: number): Set<string> => {
    let keys = stackKeys.get(id);
    if (keys) return keys;
    const p = parent.get(id);
    keys = new Set(p === undefined ? [] : keysOf(p));
    const frame = byId.get(id)!.callFrame;
    if (isAgentCode(frame.url)) keys.add(keyOf(frame));
    stackKeys.set(id, keys);
    return keys;
  };
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) for (const k of keysOf(id)) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
  console.log(`  top ${TOP} agent functions by inclusive time (share of busy time):`);
  for (const [fn, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`    ${pct(t, busy).padStart(6)}  ${ms(t).padStart(9)}  ${fn}`);
  }
}

interface StatementStats {
  driver: string;
  statement: string;
  calls: number;
  totalMs: number;
  maxMs: number;
  errors: number;
}

function summarizeQueries(file: string): void {
  const { wallMs, statements } = JSON.parse(readFileSync(file, 'utf8')) as { wallMs: number; statements: StatementStats[] };
  const sum = statements.reduce((a, s) => a + s.totalMs, 0);
  const calls = statements.reduce((a, s) => a + s.calls, 0);
  console.log(`SQL statements ${file}: ${calls} calls, ${(sum / 1000).toFixed(1)} s summed over ${(wallMs / 1000).toFixed(1)} s of wall time`);
  console.log('  (time from call to result, overlapping when statements run concurrently; share of the summed time)');
  for (const s of statements.slice(0, TOP)) {
    const avg = s.totalMs / s.calls;
    console.log(
      `    ${pct(s.totalMs, sum).padStart(6)}  ${String(s.calls).padStart(8)} calls  avg ${avg.toFixed(2).padStart(7)} ms  max ${s.maxMs.toFixed(0).padStart(5)} ms` +
        `${s.errors ? `  ${s.errors} errors` : ''}  [${s.driver}] ${s.statement.slice(0, 200)}`,
    );
  }
}

function summarizePgActivity(file: string): void {
  const { samples, intervalMs, activity } = JSON.parse(readFileSync(file, 'utf8')) as {
    samples: number;
    intervalMs: number;
    activity: { what: string; count: number }[];
  };
  const busy = activity.filter((a) => a.what !== 'idle');
  const busyCount = busy.reduce((a, b) => a + b.count, 0);
  console.log(`PostgreSQL backends ${file}: ${samples} samples every ~${intervalMs} ms; on average ${(busyCount / Math.max(1, samples)).toFixed(2)} backends active`);
  console.log('  state | wait event | statement (share of active backend samples):');
  for (const a of busy.slice(0, TOP)) console.log(`    ${pct(a.count, busyCount).padStart(6)}  ${a.what.slice(0, 220)}`);
}

if (!values.cpu && !values.queries && !values['pg-activity']) {
  process.stderr.write('usage: profile-summary.ts [--cpu FILE] [--queries FILE] [--pg-activity FILE] [--top N]\n');
  process.exit(2);
}
if (values.cpu) summarizeCpu(values.cpu);
if (values.queries) summarizeQueries(values.queries);
if (values['pg-activity']) summarizePgActivity(values['pg-activity']);
