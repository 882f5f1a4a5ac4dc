// Preload for `bench/dhcp.sh --profile` (node --import bench/agent-profiling.mjs dist/main.js …).
// Profiles only the load windows the bench marks with SIGUSR2: the first starts a window, the
// next ends it and writes $BENCH_PROFILE_DIR/window-N.cpuprofile (V8 CPU profile, as
// node --cpu-prof writes) and window-N.queries.json (every SQL statement the agent ran in the
// window, timed by statement shape: PGlite query/exec/transaction and node-postgres
// Client.query, which Pool.query goes through). It wraps the drivers' prototypes from outside:
// the agent's own code runs unchanged. Plain JavaScript: Node 20 cannot preload TypeScript.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

const dir = process.env.BENCH_PROFILE_DIR;
let windowStart = 0;
let recording = false;
/** statement → { driver, calls, totalMs, maxMs, errors } */
const stats = new Map();

/** One key per statement shape: whitespace folded, "($1, $2), ($3, $4)…" lists collapsed. */
const shapes = new Map();
function shape(sql) {
  const text = String(sql);
  let s = shapes.get(text);
  if (s !== undefined) return s;
  // Simple, linear patterns only: this runs on the agent's thread for every statement.
  s = text
    .slice(0, 4000)
    .replace(/\s+/g, ' ')
    .replace(/\$\d+/g, '$n')
    .replace(/(\([^()]*\))(?:, \1)+/g, '$1, …')
    .replace(/\$n(?:, \$n)+/g, '$n, …')
    .trim()
    .slice(0, 300);
  if (shapes.size < 10_000) shapes.set(text, s);
  return s;
}

function record(driver, sql, t0, failed) {
  if (!recording) return;
  const ms = performance.now() - t0;
  const statement = shape(sql);
  const key = `${driver}\u0000${statement}`;
  let s = stats.get(key);
  if (!s) stats.set(key, (s = { driver, statement, calls: 0, totalMs: 0, maxMs: 0, errors: 0 }));
  s.calls++;
  s.totalMs += ms;
  if (ms > s.maxMs) s.maxMs = ms;
  if (failed) s.errors++;
}

function ownerOf(proto, name) {
  for (let p = proto; p; p = Object.getPrototypeOf(p)) if (Object.prototype.hasOwnProperty.call(p, name)) return p;
  throw new Error(`query-timing: no method ${name}`);
}

/** Wraps a promise-returning method; `sqlOf` picks the statement text from its arguments. */
function timePromises(proto, name, driver, sqlOf) {
  const owner = ownerOf(proto, name);
  const original = owner[name];
  owner[name] = function (...args) {
    const t0 = performance.now();
    const sql = sqlOf(args);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      // node-postgres's callback form (pg-pool uses it): time until the callback.
      args[args.length - 1] = function (err, ...rest) {
        record(driver, sql, t0, Boolean(err));
        return last.call(this, err, ...rest);
      };
      return original.apply(this, args);
    }
    const r = original.apply(this, args);
    if (r && typeof r.then === 'function') {
      return r.then(
        (v) => (record(driver, sql, t0, false), v),
        (e) => {
          record(driver, sql, t0, true);
          throw e;
        },
      );
    }
    return r;
  };
}

const textOf = (args) => (typeof args[0] === 'string' ? args[0] : (args[0]?.text ?? '(query object)'));
timePromises(PGlite.prototype, 'query', 'pglite', textOf);
timePromises(PGlite.prototype, 'exec', 'pglite', textOf);
timePromises(PGlite.prototype, 'transaction', 'pglite', () => 'TRANSACTION (whole, its statements not timed one by one)');
timePromises(pg.Client.prototype, 'query', 'pg', textOf);

const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
let windows = 0;

async function toggle() {
  if (!recording) {
    stats.clear();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
    windowStart = performance.now();
    recording = true;
    return;
  }
  recording = false;
  const wallMs = performance.now() - windowStart;
  const { profile } = await post('Profiler.stop');
  const n = ++windows;
  const statements = [...stats.values()].sort((a, b) => b.totalMs - a.totalMs);
  writeFileSync(join(dir, `window-${n}.queries.json`), JSON.stringify({ wallMs, statements }, null, 2));
  // Written last: the bench waits for this file.
  writeFileSync(join(dir, `window-${n}.cpuprofile`), JSON.stringify(profile));
}

if (dir) {
  let busy = Promise.resolve();
  process.on('SIGUSR2', () => {
    busy = busy.then(toggle).catch((err) => process.stderr.write(`agent-profiling: ${err.stack}\n`));
  });
}
