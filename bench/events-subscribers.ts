// N WebSocket subscribers on a running agent's `GET /events`, for `bench/dhcp.sh --subscribers N`
// (and so bench/events.sh): each records, for every event it gets, arrival time minus the event's
// `at` (PostgreSQL's clock when the event row was written, just before COMMIT, in ms). Prints `ready` on stdout once
// every subscriber got `live`; on SIGTERM/SIGINT closes them and writes the figures as JSON to --out.
// The agent's clock and this process's are the same machine's (the agent's database is local).
//
//   node --import tsx bench/events-subscribers.ts --url ws://127.0.0.1:8000/events --count 10 --out FILE

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    count: { type: 'string', default: '10' },
    out: { type: 'string' },
    'timeout-s': { type: 'string', default: '30' },
  },
});
const count = Number(values.count);
if (!values.url || !values.out || !Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: events-subscribers.ts --url ws://HOST:PORT/events --count N (>= 1) --out FILE [--timeout-s S]\n');
  process.exit(2);
}

/** Wall-clock ms with sub-ms resolution (`at` itself has ms resolution: delays read up to 1 ms high). */
const now = () => performance.timeOrigin + performance.now();

// delays of all subscribers in one growable buffer: 1000 events/s × 10 subscribers for a minute is 600k
let delays = new Float64Array(1 << 16);
let n = 0;
const perSubscriber = new Array<number>(count).fill(0);
const closes: string[] = [];
const sockets: WebSocket[] = [];

function record(delay: number, i: number): void {
  if (n === delays.length) {
    const bigger = new Float64Array(delays.length * 2);
    bigger.set(delays);
    delays = bigger;
  }
  delays[n++] = delay;
  perSubscriber[i]++;
}

function subscribe(i: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(values.url!, { perMessageDeflate: false });
    sockets.push(ws);
    ws.on('message', (data) => {
      const t = now();
      const m = JSON.parse(String(data)) as { type: string; at?: string; lease?: unknown };
      if (m.lease !== undefined && m.at !== undefined) record(t - Date.parse(m.at), i);
      else if (m.type === 'live') resolve();
      else if (m.type === 'error') closes.push(`subscriber ${i}: ${String(data)}`);
    });
    ws.on('close', (code, reason) => {
      if (!stopping) closes.push(`subscriber ${i} closed by the agent: ${code} ${String(reason)}`);
    });
    ws.on('error', reject);
  });
}

let stopping = false;
const timeout = setTimeout(() => {
  process.stderr.write(`events-subscribers: not every subscriber got 'live' within ${values['timeout-s']} s\n`);
  process.exit(1);
}, Number(values['timeout-s']) * 1000);
try {
  await Promise.all(Array.from({ length: count }, (_, i) => subscribe(i)));
} catch (err) {
  process.stderr.write(`events-subscribers: ${(err as Error).message}\n`);
  process.exit(1);
}
clearTimeout(timeout);
process.stdout.write('ready\n');

const pct = (sorted: Float64Array, p: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]);

function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const ws of sockets) ws.terminate();
  const sorted = delays.slice(0, n).sort();
  const result = {
    subscribers: count,
    deliveries: n,
    perSubscriber,
    p50: pct(sorted, 0.5),
    p99: pct(sorted, 0.99),
    max: n > 0 ? sorted[n - 1] : null,
    closes,
  };
  writeFileSync(values.out!, JSON.stringify(result) + '\n');
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
