// Resuming with since=SEQ (replay from the table, then live, with no gap and no duplicate),
// several agents on one database producing one stream, and how streams end.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, expect, it } from 'vitest';
import type { LeaseMutation, SqlDriver, Store } from '../../src/store/types.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StreamClient } from './stream-client.js';
import { startRig, stopAllRigs } from './stream-rig.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const address = (n: number) => `2001:db8:1::${n.toString(16)}`;
const allocate = (n: number): LeaseMutation => ({ op: 'insert', lease: testLease({ address: address(n) }), event: 'allocated' });

async function applyAll(store: Store, changes: LeaseMutation[]): Promise<void> {
  const results = await store.leases.apply(changes);
  expect(results.every((r) => r.ok)).toBe(true);
}

/** A driver whose LISTEN never fires: the agent learns of new events only by reading the table. */
function deaf(driver: SqlDriver): SqlDriver {
  return { ...driver, listen: async () => async () => undefined };
}

forEachDriver('resuming the lease event stream', (getStore, ctx) => {
  afterEach(stopAllRigs);

  it('resumes after each disconnect with no gap and no duplicate while changes continue', async () => {
    const rig = await startRig(getStore());
    const total = 60;
    let stop = false;
    const writer = (async () => {
      for (let n = 1; n <= total && !stop; n++) {
        await applyAll(getStore(), [allocate(n)]);
        await sleep(3);
      }
    })();
    const seen: number[] = [];
    try {
      while (seen.length < total) {
        const c = new StreamClient(`${rig.url}?since=${seen.at(-1) ?? 0}`);
        const want = Math.min(seen.length + 8, total) - seen.length;
        await c.untilEvents(want);
        // gone without a goodbye, as a crashed consumer would be
        c.ws.terminate();
        await c.ended;
        seen.push(...c.events.map((e) => e.seq));
      }
    } finally {
      stop = true;
      await writer;
    }
    expect(seen).toEqual(range(1, total));
  });

  it('replays more events than one read holds, then continues live', async () => {
    await applyAll(getStore(), range(1, 30).map(allocate));
    const rig = await startRig(getStore(), { hub: { batchSize: 7 } });
    const c = new StreamClient(`${rig.url}?since=3`);
    await c.untilLive();
    expect(c.messages.at(-1)).toEqual({ type: 'live', seq: 30 });
    await applyAll(getStore(), [allocate(31)]);
    await c.untilEvents(28);
    expect(c.events.map((e) => e.seq)).toEqual(range(4, 31));
  });

  it('applies the filter to the replay as to live events', async () => {
    await applyAll(getStore(), [allocate(1), { op: 'insert', lease: testLease({ address: '2001:db8:2::1', subnetId: 2 }), event: 'allocated' }, allocate(3)]);
    const rig = await startRig(getStore());
    const c = new StreamClient(`${rig.url}?since=0&subnet-id=1&range=2001:db8:1::3`);
    await c.untilLive();
    await applyAll(getStore(), [allocate(4), allocate(5)]);
    await applyAll(getStore(), [{ op: 'delete', address: address(3), event: 'released' }]);
    await c.untilEvents(2);
    expect(c.events.map((e) => [e.seq, e.type])).toEqual([
      [3, 'allocated'],
      [6, 'released'],
    ]);
  });

  it('shows a subscriber on one agent the changes another agent makes', async () => {
    const agentB = await ctx.openAgent('agent-b');
    const rigA = await startRig(getStore());
    const rigB = await startRig(agentB);
    const onA = new StreamClient(rigA.url);
    const onB = new StreamClient(rigB.url);
    await Promise.all([onA.untilLive(), onB.untilLive()]);

    await applyAll(agentB, [allocate(1)]);
    await applyAll(getStore(), [allocate(2)]);
    // both agents at once: one stream, in commit order
    await Promise.all(range(3, 22).map((n) => applyAll(n % 2 ? agentB : getStore(), [allocate(n)])));
    await agentB.leases.wipe();
    await Promise.all([onA.untilEvents(44), onB.untilEvents(44)]);

    expect(onA.events.slice(0, 2).map((e) => [e.seq, e.agent, e.lease!['ip-address']])).toEqual([
      [1, 'agent-b', address(1)],
      [2, 'test-agent', address(2)],
    ]);
    expect(onA.events.map((e) => e.seq)).toEqual(range(1, 44));
    expect(onA.events.slice(22).every((e) => e.type === 'wiped' && e.agent === 'agent-b')).toBe(true);
    expect(onB.messages.filter((m) => m.lease)).toEqual(onA.events);
  });

  it('lets a subscriber resume from a seq another agent delivered before this agent read it', async () => {
    const slowAgent = await ctx.openAgent('agent-slow', { wrap: deaf });
    const rig = await startRig(slowAgent);
    await applyAll(getStore(), range(1, 3).map(allocate));

    const c = new StreamClient(`${rig.url}?since=3`);
    await c.untilLive();
    expect(rig.hub.position).toBe(0);
    rig.hub.wake();
    await applyAll(getStore(), [allocate(4)]);
    rig.hub.wake();
    await c.untilEvents(1);
    await c.until(() => rig.hub.position === 4, 'the hub to read seq 4');
    expect(c.events.map((e) => e.seq)).toEqual([4]);
  });

  it('finds events by reading the table when no notification comes', async () => {
    const deafAgent = await ctx.openAgent('agent-deaf', { wrap: deaf });
    const rig = await startRig(deafAgent, { hub: { pollInterval: 20 } });
    const c = new StreamClient(rig.url);
    await c.untilLive();
    await applyAll(getStore(), [allocate(1), allocate(2)]);
    await c.untilEvents(2);
    expect(c.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('tells a filtered subscriber in heartbeats how far it has got', async () => {
    const rig = await startRig(getStore(), { hub: { heartbeatInterval: 20 } });
    const c = new StreamClient(`${rig.url}?type=declined`);
    await c.untilLive();
    await applyAll(getStore(), range(1, 3).map(allocate));
    await c.untilCovered(3);
    expect(c.events).toEqual([]);
    expect(c.messages.filter((m) => m.type === 'heartbeat').every((m) => typeof m.seq === 'number')).toBe(true);
  });

  it('ends streams with 1001 and the seq to resume from when the agent stops', async () => {
    const rig = await startRig(getStore());
    const c = new StreamClient(rig.url);
    await c.untilLive();
    await applyAll(getStore(), [allocate(1), allocate(2)]);
    await c.untilEvents(2);
    await rig.stop();
    expect(await c.ended).toEqual({ code: 1001, reason: 'agent stopping; resume with since=2' });
  });
});
