// With nobody subscribed the hub does not read each commit's rows back (the engine's commits
// would pay for it), yet a subscriber that joins later without `since` starts from that moment.

import { afterEach, expect, it, vi } from 'vitest';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StreamClient } from './stream-client.js';
import { deafen, startRig, stopAllRigs } from './stream-rig.js';

forEachDriver('lease event hub without subscribers', (getStore) => {
  afterEach(() => {
    vi.restoreAllMocks();
    return stopAllRigs();
  });

  it('reads no event rows while nobody listens, and a new subscriber gets only what follows', async () => {
    const store = getStore();
    const reads = vi.spyOn(store.events, 'readSince');
    const rig = await startRig(store);
    for (let i = 1; i <= 5; i++) {
      const r = await store.leases.apply([{ op: 'insert', lease: testLease({ address: `2001:db8:1::${i}` }), event: 'allocated' }]);
      expect(r[0].ok).toBe(true);
    }
    await expect.poll(() => rig.hub.position).toBe(5);
    expect(reads).not.toHaveBeenCalled();

    const c = new StreamClient(rig.url);
    await c.untilLive();
    await store.leases.apply([{ op: 'insert', lease: testLease({ address: '2001:db8:1::6' }), event: 'allocated' }]);
    await c.untilEvents(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(c.events.map((e) => [e.seq, e.lease?.['ip-address']])).toEqual([[6, '2001:db8:1::6']]);
  });

  it('catches up on the poll when a NOTIFY was missed', async () => {
    const store = getStore();
    // this hub never hears a NOTIFY, as after a dropped LISTEN connection
    deafen(store, { handOver: false });
    const rig = await startRig(store, { hub: { pollInterval: 50 } });
    await store.leases.apply([{ op: 'insert', lease: testLease({ address: '2001:db8:1::7' }), event: 'allocated' }]);
    await expect.poll(() => rig.hub.position).toBe(1);
  });
});
