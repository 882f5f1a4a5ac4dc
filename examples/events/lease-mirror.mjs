// Example consumer of the lease event stream: keeps a copy of the agent's leases in memory
// (address -> lease, as lease6-get shows it) and prints one line per change.
//
//   node examples/events/lease-mirror.mjs http://127.0.0.1:8000/ [USER:PASSWORD]
//
// It shows the three things a consumer must get right (docs/events.md):
//   1. the initial copy: subscribe first, then take lease6-get-all, then apply the events that
//      arrived meanwhile — a change made while the snapshot loads is never lost;
//   2. resuming: after a disconnect, reconnect with since=<last seq> — no gap, no duplicate;
//   3. resync: close code 4010 means the events after that seq are gone; start over at 1.

import WebSocket from 'ws';

const [base = 'http://127.0.0.1:8000/', credentials] = process.argv.slice(2);
const headers = credentials ? { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } : {};
const streamUrl = new URL('/events', base.replace(/^http/, 'ws'));

const leases = new Map();
let lastSeq = null; // null: no copy yet (or it must be rebuilt)

function applyEvent(e) {
  // released, deleted, wiped and reclaimed leases are gone, and so is a recovered one that still
  // shows state 1 (declined: removed on recovery); every other event carries the lease as it now is
  const gone = ['released', 'deleted', 'wiped', 'reclaimed'].includes(e.type) || (e.type === 'recovered' && e.lease.state === 1);
  if (gone) leases.delete(e.lease['ip-address']);
  else leases.set(e.lease['ip-address'], e.lease);
  console.log(`${e.seq} ${e.at} ${e.agent} ${e.type} ${e.lease['ip-address']} (${leases.size} leases)`);
}

async function snapshot() {
  const r = await fetch(base, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ command: 'lease6-get-all' }),
  });
  const answer = await r.json();
  if (answer.result !== 0 && answer.result !== 3) throw new Error(`lease6-get-all: ${answer.text}`);
  leases.clear();
  for (const l of answer.arguments?.leases ?? []) leases.set(l['ip-address'], l);
  console.log(`copied ${leases.size} leases`);
}

function connect() {
  const url = new URL(streamUrl);
  if (lastSeq !== null) url.searchParams.set('since', String(lastSeq));
  const ws = new WebSocket(url, { headers });
  let pending = lastSeq === null ? [] : null; // events held while the snapshot loads

  ws.on('message', async (data) => {
    const m = JSON.parse(String(data));
    if (m.lease) {
      if (pending) pending.push(m);
      else applyEvent(m);
      lastSeq = m.seq;
    } else if (m.type === 'live' && pending) {
      lastSeq = m.seq;
      try {
        await snapshot();
      } catch (err) {
        console.error(`cannot copy the leases: ${err.message}`);
        ws.close();
        return;
      }
      // events that came while copying are applied over the copy, in seq order
      for (const e of pending) applyEvent(e);
      pending = null;
    } else if (m.type === 'live' || m.type === 'heartbeat') {
      lastSeq = Math.max(lastSeq ?? 0, m.seq);
    } else if (m.type === 'error') {
      console.error(`agent: ${m.text}`);
    }
  });
  ws.on('close', (code, reason) => {
    // 4010: the events after lastSeq are gone; without a finished copy there is nothing to resume
    if (code === 4010 || pending) lastSeq = null;
    console.error(`stream closed (${code} ${reason}); reconnecting`);
    setTimeout(connect, 1000);
  });
  ws.on('error', (err) => console.error(`stream: ${err.message}`));
}

connect();
