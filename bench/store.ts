// Store throughput, run by hand: `npx tsx bench/store.ts [pg|pglite|both] [--leases N] [--callers N]`.
// Prints committed leases/s for apply() with many concurrent single-lease callers (group commit),
// and reads/s for the engine's hot-path lookups. pg uses a fresh database on TEST_PG_URL's server
// (default 127.0.0.1:5432, user postgres), dropped afterwards. synchronous_commit is left as the
// server has it.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createStore } from '../src/store/open-store.js';
import { createPgDriver } from '../src/store/pg-driver.js';
import { createPgliteDriver } from '../src/store/pglite-driver.js';
import type { Lease6, SqlDriver, Store } from '../src/store/types.js';

const args = process.argv.slice(2);
const which = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? 'both';
const option = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const LEASES = option('leases', 20_000);
const CALLERS = option('callers', 50);
const READS = option('reads', 20_000);
const IN_FLIGHT = option('in-flight', 0);

function lease(n: number): Lease6 {
  const duid = Buffer.alloc(14);
  duid.writeUInt16BE(1, 0);
  duid.writeUInt32BE(n, 10);
  return {
    type: 'IA_NA',
    address: `2001:db8:${(n >>> 16).toString(16)}::${(n & 0xffff).toString(16)}`,
    prefixLen: 128,
    subnetId: 1,
    duid,
    iaid: n & 0xff,
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

/** Counts lease batches: each is one statement writing lease6_event, or a transaction. */
function countingBatches(driver: SqlDriver): { driver: SqlDriver; count: () => number } {
  let n = 0;
  const counted: SqlDriver = {
    kind: driver.kind,
    query(sql, params) {
      if (sql.includes('INSERT INTO lease6_event')) n++;
      return driver.query(sql, params);
    },
    exec: (script) => driver.exec(script),
    transaction(fn) {
      n++;
      return driver.transaction(fn);
    },
    listen: (channel, onNotify) => driver.listen(channel, onNotify),
    close: () => driver.close(),
  };
  return { driver: counted, count: () => n };
}

async function concurrently(total: number, callers: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  let next = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await work(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return latencies.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(2);
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms).toLocaleString('en-US');

async function bench(label: string, store: Store, count: () => number): Promise<void> {
  console.log(`\n== ${label}`);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const lat = await concurrently(LEASES, CALLERS, async (i) => {
    const [r] = await store.leases.apply([{ op: 'insert', lease: lease(i), event: 'allocated' }]);
    if (!r.ok) throw new Error(`lease ${i} not inserted: ${r.reason}`);
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const tx = count();
  console.log(`apply(): ${LEASES} single-lease inserts from ${CALLERS} callers: ${rate(LEASES, ms)} leases/s committed, ` +
    `${tx} batches (${(LEASES / tx).toFixed(1)} leases each), latency p50 ${pct(lat, 0.5)} ms p99 ${pct(lat, 0.99)} ms; ` +
    `this process used ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU (${rate(LEASES, (cpu.user + cpu.system) / 1000)} leases per CPU-second)`);

  const t1 = performance.now();
  await concurrently(LEASES, CALLERS, (i) => store.leases.apply([{ op: 'update', lease: { ...lease(i), cltt: lease(i).cltt + 1 }, event: 'renewed' }]));
  console.log(`apply(): ${LEASES} single-lease renewals from ${CALLERS} callers: ${rate(LEASES, performance.now() - t1)} leases/s`);

  for (const callers of [1, CALLERS]) {
    const tg = performance.now();
    await concurrently(READS, callers, (i) => store.leases.get(lease(i % LEASES).address));
    const tc = performance.now();
    await concurrently(READS, callers, (i) => {
      const l = lease(i % LEASES);
      return store.leases.getByClient(l.duid, l.iaid, 'IA_NA', 1);
    });
    const tt = performance.now();
    await concurrently(READS / 10, callers, (i) => store.leases.taken(Array.from({ length: 10 }, (_, k) => lease((i * 10 + k) % (LEASES * 2)).address)));
    const te = performance.now();
    console.log(`reads, ${callers} caller(s): get by address ${rate(READS, tc - tg)}/s, get by client ${rate(READS, tt - tc)}/s, ` +
      `taken(10 addresses) ${rate(READS / 10, te - tt)}/s`);
  }
}

async function benchPglite(): Promise<void> {
  const c = countingBatches(await createPgliteDriver());
  const store = await createStore(c.driver, { agentId: 'bench' });
  const before = c.count();
  await bench('PGlite (in memory)', store, () => c.count() - before);
  await store.close();
}

async function benchPg(): Promise<void> {
  const adminUrl = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `dhcp6agent_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const sync = (await admin.query('SHOW synchronous_commit')).rows[0].synchronous_commit;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    const c = countingBatches(createPgDriver({ connectionString: url.toString() }));
    const store = await createStore(c.driver, { agentId: 'bench', maxInFlight: IN_FLIGHT || undefined });
    const before = c.count();
    await bench(`PostgreSQL (synchronous_commit=${sync})`, store, () => c.count() - before);
    await store.close();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

if (which === 'pglite' || which === 'both') await benchPglite();
if (which === 'pg' || which === 'both') await benchPg();
