// This agent's own lease batches reach live subscribers straight from the writer, without the
// NOTIFY and a read of the table; another agent's events in between are read from the table,
// and the stream stays one gap-free, duplicate-free sequence either way.

import { afterEach, expect, it, vi } from 'vitest';
import { forEachDriver, testLease } from '../helpers/stores.js';
import type { Lease6, LeaseMutation, Store } from '../../src/store/types.js';
import { StreamClient } from './stream-client.js';
import { deafen, startRig, stopAllRigs } from './stream-rig.js';

const insert = (n: number, overrides: Partial<Lease6> = {}): LeaseMutation => ({
  op: 'insert',
  lease: testLease({ address: `2001:db8:6::${n.toString(16)}`, ...overrides }),
  event: 'allocated',
});

async function applyOk(store: Store, changes: LeaseMutation[]): Promise<void> {
  const results = await store.leases.apply(changes);
  expect(results.every((r) => r.ok)).toBe(true);
}

forEachDriver('lease events handed on by the writer', (getStore, ctx) => {
  afterEach(() => {
    vi.restoreAllMocks();
    return stopAllRigs();
  });

  it("delivers this agent's events to a live subscriber without reading the table, exactly as the table holds them", async () => {
    const store = getStore();
    if (ctx.kind === 'pg') {
      // The NOTIFY comes on its own connection and may overtake the batch's result, and then
      // the hub reads (correctly). Deaf to it, the hub can only get the events by hand-over.
      // (PGlite announces during the statement; the hub's read waits a loop turn, by which
      // time the hand-over came: no read there with the NOTIFY heard.)
      deafen(store, { handOver: true });
    }
    // no poll during the test: only a NOTIFY or a fallback could make the hub read
    const rig = await startRig(store, { hub: { pollInterval: 600_000 } });
    const c = new StreamClient(rig.url);
    await c.untilLive();
    const reads = vi.spyOn(store.events, 'readSince');
    await applyOk(store, [insert(1), insert(2, { type: 'IA_PD', address: '2001:db8:6:100::', prefixLen: 56 })]);
    await applyOk(store, [{ op: 'update', lease: testLease({ address: '2001:db8:6::1', validLft: 5000, userContext: { a: 1 } }), event: 'renewed' }]);
    await applyOk(store, [{ op: 'delete', address: '2001:db8:6::1', event: 'released' }]);
    // one address twice in one call: two statements in one transaction, events from both
    await applyOk(store, [insert(3), { op: 'update', lease: testLease({ address: '2001:db8:6::3', validLft: 6000 }), event: 'renewed' }]);
    await c.untilEvents(6);
    // the NOTIFYs arrive after the hand-over and find nothing left to read
    await new Promise((r) => setTimeout(r, 200));
    expect(reads).not.toHaveBeenCalled();
    expect(c.events.map((e) => [e.seq, e.type])).toEqual([[1, 'allocated'], [2, 'allocated'], [3, 'renewed'], [4, 'released'], [5, 'allocated'], [6, 'renewed']]);
    expect(c.events[5].lease?.['valid-lft']).toBe(6000);
    reads.mockRestore();

    // a subscriber replaying the same events from the table gets the same messages
    const replay = new StreamClient(`${rig.url}?since=0`);
    await replay.untilEvents(6);
    expect(replay.events).toEqual(c.events);
  });

  it("reads another agent's events from the table: one ordered stream, no gap, no duplicate", async () => {
    const other = await ctx.openAgent('agent-other');
    const store = getStore(); // after openAgent (see forEachDriver)
    const rig = await startRig(store);
    const c = new StreamClient(rig.url);
    await c.untilLive();
    for (let round = 0; round < 5; round++) {
      await Promise.all([applyOk(store, [insert(10 + round)]), applyOk(other, [insert(20 + round), insert(30 + round)])]);
      await applyOk(store, [insert(40 + round)]);
    }
    await c.untilEvents(20);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const agents = new Set(c.events.map((e) => e.agent));
    expect(agents).toEqual(new Set(['test-agent', 'agent-other']));
    const table = await store.events.readSince(0, 100);
    expect(c.events.map((e) => [e.seq, e.agent, e.lease?.['ip-address']])).toEqual(table.map((e) => [e.seq, e.agent, e.address]));
  });
});
