// wake() asks the hub to read the table now. One that comes while a read is under way must
// not be lost: that read may have run its query before the caller's change committed.

import { afterEach, expect, it, vi } from 'vitest';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StreamClient } from './stream-client.js';
import { deafen, startRig, stopAllRigs } from './stream-rig.js';

forEachDriver('lease event hub: wake() during a read', (getStore) => {
  afterEach(() => {
    vi.restoreAllMocks();
    return stopAllRigs();
  });

  it('reads again after the read under way when wake() comes meanwhile', async () => {
    const store = getStore();
    // no NOTIFY, no hand-over from the writer, no poll: only wake() makes the hub read
    deafen(store, { handOver: false });
    const rig = await startRig(store);
    const c = new StreamClient(rig.url);
    await c.untilLive();

    await store.leases.apply([{ op: 'insert', lease: testLease({ address: '2001:db8:7::1' }), event: 'allocated' }]);
    // the first read's answer is held back until the second change has committed
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const readSince = store.events.readSince.bind(store.events);
    const reads = vi.spyOn(store.events, 'readSince').mockImplementationOnce(async (...args) => {
      const rows = await readSince(...args);
      await held;
      return rows;
    });
    rig.hub.wake();
    await expect.poll(() => reads.mock.calls.length).toBe(1);
    await store.leases.apply([{ op: 'insert', lease: testLease({ address: '2001:db8:7::2' }), event: 'allocated' }]);
    rig.hub.wake();
    release();
    await c.untilEvents(2);
    expect(c.events.map((e) => [e.seq, e.lease?.['ip-address']])).toEqual([[1, '2001:db8:7::1'], [2, '2001:db8:7::2']]);
  });
});
