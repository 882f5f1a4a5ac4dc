// A sampling profiler for the PostgreSQL side of `bench/dhcp.sh --profile`: every few
// milliseconds, what each connection to the benchmarked database is doing (pg_stat_activity:
// state, wait event, statement). Run until SIGTERM/SIGINT, then writes the counts as JSON.
//
//   node --import tsx bench/pg-activity.ts --database NAME [--host H] [--interval-ms N] --out FILE

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'interval-ms': { type: 'string', default: '5' },
    out: { type: 'string' },
  },
});
if (!values.database || !values.out) {
  process.stderr.write('usage: pg-activity.ts --database NAME [--host H] [--interval-ms N] --out FILE\n');
  process.exit(2);
}

const client = new pg.Client({ host: values.host, user: 'postgres', database: 'postgres' });
await client.connect();

let samples = 0;
/** "state | wait_event_type:wait_event | statement" → backends seen so */
const seen = new Map<string, number>();
let stopping = false;

const SAMPLE = `
  SELECT state, coalesce(wait_event_type || ':' || wait_event, '-') AS wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
  FROM pg_stat_activity
  WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;

async function loop(): Promise<void> {
  const interval = Number(values['interval-ms']);
  while (!stopping) {
    const { rows } = await client.query<{ state: string; wait: string; query: string }>(SAMPLE, [values.database]);
    samples++;
    for (const r of rows) {
      // An idle backend's query is the one it finished: say only that it is idle.
      const key = r.state === 'idle' ? 'idle' : `${r.state} | ${r.wait} | ${r.query.replace(/\$\d+/g, '$n')}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    await new Promise((done) => setTimeout(done, interval));
  }
}

function finish(): void {
  stopping = true;
  const activity = [...seen.entries()].map(([what, count]) => ({ what, count })).sort((a, b) => b.count - a.count);
  writeFileSync(values.out!, JSON.stringify({ samples, intervalMs: Number(values['interval-ms']), activity }, null, 2));
  void client.end().finally(() => process.exit(0));
}

process.once('SIGTERM', finish);
process.once('SIGINT', finish);
await loop();
