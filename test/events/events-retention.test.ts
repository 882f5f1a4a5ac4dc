// lease-events retention: pruning the event table, and a since older than what is kept.

import { afterEach, expect, it } from 'vitest';
import type { LeaseMutation } from '../../src/store/types.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StreamClient } from './stream-client.js';
import { startRig, stopAllRigs } from './stream-rig.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const allocate = (n: number): LeaseMutation => ({ op: 'insert', lease: testLease({ address: `2001:db8:1::${n.toString(16)}` }), event: 'allocated' });

forEachDriver('lease event retention', (getStore) => {
  afterEach(stopAllRigs);

  async function storedSeqs(): Promise<number[]> {
    const r = await getStore().driver.query<{ seq: number }>('SELECT seq FROM lease6_event ORDER BY seq');
    return r.rows.map((row) => row.seq);
  }

  it('keeps the newest retention-count events', async () => {
    const rig = await startRig(getStore(), { config: { retentionCount: 3 } });
    // the prune the hub runs at start is over (it found nothing) before the events exist
    expect(await rig.hub.prune()).toBe(0);
    await getStore().leases.apply(range(1, 10).map(allocate));
    expect(await rig.hub.prune()).toBe(7);
    expect(await storedSeqs()).toEqual([8, 9, 10]);
  });

  it('deletes events older than retention-age', async () => {
    const rig = await startRig(getStore(), { config: { retentionAge: 3600 } });
    expect(await rig.hub.prune()).toBe(0);
    await getStore().leases.apply(range(1, 6).map(allocate));
    await getStore().driver.query("UPDATE lease6_event SET at = now() - interval '2 hours' WHERE seq <= 4");
    expect(await rig.hub.prune()).toBe(4);
    expect(await storedSeqs()).toEqual([5, 6]);
  });

  it('prunes in the background from the start', async () => {
    await getStore().leases.apply(range(1, 10).map(allocate));
    await startRig(getStore(), { config: { retentionCount: 4 } });
    // nobody asks for a prune: the one the hub runs when it starts does it
    for (let i = 0; i < 250 && (await storedSeqs()).length > 4; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await storedSeqs()).toEqual([7, 8, 9, 10]);
  });

  it('tells a subscriber whose since is older than the kept events to resync with lease6-get-all', async () => {
    const rig = await startRig(getStore(), { config: { retentionCount: 3 } });
    await getStore().leases.apply(range(1, 10).map(allocate));
    await rig.hub.prune();

    const tooOld = new StreamClient(`${rig.url}?since=6`);
    const end = await tooOld.ended;
    expect(end.code).toBe(4010);
    expect(end.reason).toContain('resync with lease6-get-all');
    expect(tooOld.messages).toEqual([
      { type: 'error', code: 4010, seq: null, text: 'events after since=6 are no longer stored (the oldest kept is 8); resync with lease6-get-all' },
    ]);

    const justKept = new StreamClient(`${rig.url}?since=7`);
    await justKept.untilLive();
    expect(justKept.events.map((e) => e.seq)).toEqual([8, 9, 10]);
  });

  it('tells a subscriber whose since is beyond the newest event to resync', async () => {
    const rig = await startRig(getStore());
    await getStore().leases.apply(range(1, 3).map(allocate));
    await rig.hub.prune();
    const ahead = new StreamClient(`${rig.url}?since=50`);
    expect((await ahead.ended).code).toBe(4010);
    expect(ahead.messages[0].text).toContain('since=50 is beyond the newest stored event (3)');
  });
});
