// Commit-to-delivery delay of the lease event stream, run by hand:
//   npx tsx bench/events-delay.ts [pg|pglite] [--rate 1000] [--seconds 10] [--subscribers 10]
// This process plays the agent: Store.leases.apply() at --rate single-lease changes per second
// (concurrent callers, so group commit batches them as under perfdhcp), the event hub, and
// GET /events on a loopback HTTP control socket. A child process holds the WebSocket
// subscribers, so their reading does not share the agent's event loop. Prints p50/p99/max of
// (message received) - (apply() resolved, i.e. COMMIT returned) and of (message received) -
// (apply() called), and of the hub's own fan-out (an in-process subscriber). pg uses a fresh database on TEST_PG_URL's server (default
// 127.0.0.1:5432, user postgres), dropped afterwards.

import { randomBytes } from 'node:crypto';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { createEventHub } from '../src/events/event-hub.js';
import { createStore } from '../src/store/open-store.js';
import { createPgDriver } from '../src/store/pg-driver.js';
import { createPgliteDriver } from '../src/store/pglite-driver.js';
import type { Lease6, SqlDriver } from '../src/store/types.js';
import { registerEventsRoute } from '../src/transport/events-ws.js';
import { HttpControlSocket } from '../src/transport/http.js';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const now = () => performance.timeOrigin + performance.now();

interface SubscriberResult {
  /** per subscriber: [lease number, receive time] pairs, flattened */
  received: number[][];
}

const CHILD_FLAG = '--subscribers-of';

// ---- the subscribers (child process) ----

async function runSubscribers(url: string, count: number): Promise<void> {
  const received: number[][] = Array.from({ length: count }, () => []);
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        ws.on('message', (data) => {
          const t = now();
          const text = String(data);
          // events carry the lease; the index is the address's last group
          const m = /"ip-address":"[0-9a-f:]+:([0-9a-f]+)"/.exec(text);
          if (m) received[i].push(parseInt(m[1], 16), t);
          else if (text.includes('"type":"live"')) resolve(ws);
        });
        ws.on('error', reject);
      }),
    ),
  );
  process.send!({ ready: true });
  // {expect: N}: answer once every subscriber has N events, or after 30 s with what arrived
  process.once('message', async (m: { expect: number }) => {
    const deadline = Date.now() + 30_000;
    while (received.some((r) => r.length / 2 < m.expect) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const ws of sockets) ws.close();
    const result: SubscriberResult = { received };
    process.send!(result, () => process.disconnect());
  });
}

// ---- the agent (main thread) ----

const args = process.argv.slice(2);
const option = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};

function lease(n: number): Lease6 {
  const duid = Buffer.alloc(14);
  duid.writeUInt16BE(1, 0);
  duid.writeUInt32BE(n, 10);
  return {
    type: 'IA_NA',
    address: `2001:db8:1::${n.toString(16)}`,
    prefixLen: 128,
    subnetId: 1,
    duid,
    iaid: 1,
    preferredLft: 3000,
    validLft: 4000,
    cltt: Math.floor(Date.now() / 1000),
    hwaddr: null,
    hwtype: null,
    hwaddrSource: null,
    hostname: '',
    fqdnFwd: false,
    fqdnRev: false,
    state: 0,
    userContext: null,
  };
}

const pct = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(2);

async function pgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `dhcp6agent_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function main(): Promise<void> {
  const which = args.find((a) => a === 'pg' || a === 'pglite') ?? 'pg';
  const rate = option('rate', 1000);
  const seconds = option('seconds', 10);
  const subscribers = option('subscribers', 10);
  const total = rate * seconds;

  const database = which === 'pg' ? await pgDatabase() : null;
  const driver: SqlDriver = database ? createPgDriver({ connectionString: database.url }) : await createPgliteDriver();
  const store = await createStore(driver, { agentId: 'bench' });
  const hub = createEventHub({ store, config: { retentionAge: 0, retentionCount: 0, maxBuffered: 100_000 } });
  await hub.start();
  const socket = new HttpControlSocket({
    config: { socketType: 'http', socketAddress: '127.0.0.1', socketPort: 0, certRequired: false },
    processor: { handle: async () => ({ result: 2, text: 'not served by this bench' }), definitions: () => [], extraCommands: () => [] },
    log: { info() {}, warn() {}, error() {} },
  });
  registerEventsRoute(socket, hub);
  await socket.start();

  // the child runs this same file with tsx's loader (fork passes process.execArgv on)
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, `ws://127.0.0.1:${socket.address().port}/events`, String(subscribers)]);
  const fromChild = () => new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve);
    child.once('error', reject);
  });
  await fromChild();

  // An in-process subscriber on the hub itself: commit -> fan-out, without WebSocket or the other process.
  const fannedOut = new Float64Array(total);
  hub.subscribe({ filter: {} }, {
    send(message, written) {
      const m = /"ip-address":"[0-9a-f:]+:([0-9a-f]+)"/.exec(message);
      if (m) fannedOut[parseInt(m[1], 16) - 1] = now();
      written();
    },
    close() {},
  });

  const called = new Float64Array(total);
  const committed = new Float64Array(total);
  const inFlight: Promise<void>[] = [];
  const t0 = now();
  // A tick every 5 ms starts the changes due by then: `rate` per second on average.
  await new Promise<void>((resolve) => {
    let started = 0;
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((now() - t0) * rate) / 1000));
      for (; started < due; started++) {
        const n = started;
        called[n] = now();
        inFlight.push(
          store.leases.apply([{ op: 'insert', lease: lease(n + 1), event: 'allocated' }]).then(([r]) => {
            if (!r.ok) throw new Error(`lease ${n + 1} not inserted: ${r.reason}`);
            committed[n] = now();
          }),
        );
      }
      if (started >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(inFlight);
  const elapsed = (now() - t0) / 1000;
  const done = fromChild();
  child.send({ expect: total });
  const { received } = (await done) as SubscriberResult;

  const fromCommit: number[] = [];
  const fromCall: number[] = [];
  let missing = 0;
  for (const r of received) {
    if (r.length / 2 !== total) missing += total - r.length / 2;
    for (let i = 0; i < r.length; i += 2) {
      const n = r[i] - 1;
      fromCommit.push(r[i + 1] - committed[n]);
      fromCall.push(r[i + 1] - called[n]);
    }
  }
  const sortedHub = Float64Array.from(fannedOut, (t, n) => t - committed[n]).sort();
  const sortedCommit = Float64Array.from(fromCommit).sort();
  const sortedCall = Float64Array.from(fromCall).sort();
  console.log(`${which}: ${total} lease changes in ${elapsed.toFixed(1)} s (${Math.round(total / elapsed)}/s), ${subscribers} subscribers, ${fromCommit.length} deliveries, ${missing} not delivered within 30 s`);
  console.log(`  commit -> delivery:       p50 ${pct(sortedCommit, 0.5)} ms  p99 ${pct(sortedCommit, 0.99)} ms  max ${sortedCommit[sortedCommit.length - 1].toFixed(2)} ms`);
  console.log(`  commit -> hub fan-out:    p50 ${pct(sortedHub, 0.5)} ms  p99 ${pct(sortedHub, 0.99)} ms  max ${sortedHub[sortedHub.length - 1].toFixed(2)} ms`);
  console.log(`  apply() call -> delivery: p50 ${pct(sortedCall, 0.5)} ms  p99 ${pct(sortedCall, 0.99)} ms  max ${sortedCall[sortedCall.length - 1].toFixed(2)} ms`);

  await socket.stop();
  await hub.stop();
  await store.close();
  await database?.drop();
}

const childAt = process.argv.indexOf(CHILD_FLAG);
if (childAt >= 0) {
  void runSubscribers(process.argv[childAt + 1], Number(process.argv[childAt + 2]));
} else {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
