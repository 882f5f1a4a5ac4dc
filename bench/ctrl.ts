// Command-channel load for bench/ctrl.sh: serial lease6-add and lease6-get over a unix control
// socket, and lease6-get over HTTP with autocannon (concurrent keep-alive connections). Prints
// one JSON line of figures per run; bench/ctrl.sh starts the servers and makes the table.
//
//   npx tsx bench/ctrl.ts add      --socket PATH --count N
//   npx tsx bench/ctrl.ts get-unix --socket PATH --count N --duration S
//   npx tsx bench/ctrl.ts get-http --url URL --count N --duration S --connections C
//
// Lease i (0 ≤ i < N) is 2001:db8:1::(0x1000 + i) for DUID 00:03:00:01 + i, IAID i + 1,
// subnet-id 1: gets cycle over the N leases the add run wrote.

import net from 'node:net';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

interface Answer {
  result: number;
  text?: string;
}

function flag(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

function intFlag(name: string, fallback?: number): number {
  const v = Number(flag(name, fallback === undefined ? undefined : String(fallback)));
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const address = (i: number): string => `2001:db8:1::${(0x1000 + i).toString(16)}`;
const duid = (i: number): string =>
  `00:03:00:01:${[40, 32, 24, 16, 8, 0].map((s) => (Math.floor(i / 2 ** s) % 256).toString(16).padStart(2, '0')).join(':')}`;

const addCommand = (i: number) => ({
  command: 'lease6-add',
  arguments: { 'subnet-id': 1, 'ip-address': address(i), duid: duid(i), iaid: i + 1, 'valid-lft': 4000, 'preferred-lft': 3000 },
});
const getCommand = (i: number) => ({ command: 'lease6-get', arguments: { 'ip-address': address(i) } });

/** One command per connection, as Kea's clients do: write it, read one whole JSON answer, close. */
function unixCommand(path: string, command: object): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    let text = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify(command)));
    socket.on('data', (chunk: string) => {
      text += chunk;
      try {
        const answer = JSON.parse(text) as Answer;
        socket.destroy();
        resolve(answer);
      } catch {
        // the answer is not complete yet
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed before a whole answer (${text.length} chars read)`)));
  });
}

async function addRun(): Promise<void> {
  const path = flag('socket');
  const count = intFlag('count');
  let failed = 0;
  let firstError = '';
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const answer = await unixCommand(path, addCommand(i));
    if (answer.result !== 0) {
      failed++;
      firstError ||= `${answer.result}: ${answer.text}`;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  print({ run: 'add', requests: count, seconds, rate: count / seconds, avgMs: (1000 * seconds) / count, failed, firstError });
}

async function getUnixRun(): Promise<void> {
  const path = flag('socket');
  const count = intFlag('count');
  const durationMs = intFlag('duration') * 1000;
  let failed = 0;
  let firstError = '';
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    const answer = await unixCommand(path, getCommand(n % count));
    if (answer.result !== 0) {
      failed++;
      firstError ||= `${answer.result}: ${answer.text}`;
    }
    n++;
  }
  const seconds = (performance.now() - start) / 1000;
  print({ run: 'get-unix', requests: n, seconds, rate: n / seconds, avgMs: (1000 * seconds) / n, failed, firstError });
}

async function getHttpRun(): Promise<void> {
  const url = flag('url');
  const count = intFlag('count');
  // kea-ctrl-agent needs the service; the agent answers it the same way (a one-element list).
  const bodies = Array.from({ length: count }, (_, i) => JSON.stringify({ ...getCommand(i), service: ['dhcp6'] }));
  // A sample first: a load of error answers would still count as 200s.
  const check = (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] })).json()) as Answer[];
  if (!Array.isArray(check) || check[0]?.result !== 0) throw new Error(`lease6-get over HTTP did not find lease 0: ${JSON.stringify(check)}`);
  let next = 0;
  const result = await autocannon({
    url,
    connections: intFlag('connections'),
    duration: intFlag('duration'),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[next++ % count] }) }],
  });
  const ok = result['2xx'];
  print({
    run: 'get-http',
    requests: ok,
    seconds: result.duration,
    rate: result.requests.average,
    avgMs: result.latency.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    firstError: '',
  });
}

function print(figures: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

const runs: Record<string, () => Promise<void>> = { add: addRun, 'get-unix': getUnixRun, 'get-http': getHttpRun };
const run = runs[process.argv[2] ?? ''];
if (!run) {
  process.stderr.write(`usage: bench/ctrl.ts add|get-unix|get-http [options] (see the head of bench/ctrl.ts)\n`);
  process.exit(2);
}
run().catch((err: unknown) => {
  process.stderr.write(`bench/ctrl.ts: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
