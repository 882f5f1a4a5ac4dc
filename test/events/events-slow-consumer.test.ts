// lease-events.max-buffered: what may wait in memory for one subscriber.

import type { Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { resumeSeqOf } from '../../src/events/stream-messages.js';
import type { LeaseMutation } from '../../src/store/types.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StreamClient } from './stream-client.js';
import { startRig, stopAllRigs } from './stream-rig.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
// big events fill the socket buffers between agent and subscriber quickly
const BLOB = { blob: 'x'.repeat(64 * 1024) };
const allocate = (n: number): LeaseMutation => ({
  op: 'insert',
  lease: testLease({ address: `2001:db8:1::${n.toString(16)}`, userContext: BLOB }),
  event: 'allocated',
});

function socketOf(c: StreamClient): Socket {
  return (c.ws as unknown as { _socket: Socket })._socket;
}

forEachDriver('slow lease event subscribers', (getStore) => {
  afterEach(stopAllRigs);

  it('closes a subscriber that stops reading with 4008 and the last seq sent, and it resumes from there', async () => {
    const rig = await startRig(getStore(), { config: { maxBuffered: 4 }, route: { pingInterval: 600_000 } });
    const c = new StreamClient(rig.url);
    await c.untilLive();
    socketOf(c).pause();

    let written = 0;
    while (rig.hub.subscriberCount > 0 && written < 2000) {
      await getStore().leases.apply(range(written + 1, written + 10).map(allocate));
      written += 10;
      await c.until(() => rig.hub.position === written, 'the hub to fan out', 10_000);
    }
    expect(rig.hub.subscriberCount).toBe(0);

    socketOf(c).resume();
    const end = await c.ended;
    expect(end.code).toBe(4008);
    const resumeAt = resumeSeqOf(end.reason);
    expect(resumeAt).toBeGreaterThan(0);
    expect(resumeAt).toBeLessThan(written);
    // everything up to the resume point arrived, then the error saying so
    expect(c.events.map((e) => e.seq)).toEqual(range(1, resumeAt!));
    expect(c.messages.at(-1)).toMatchObject({ type: 'error', code: 4008, seq: resumeAt, text: expect.stringContaining('lease-events.max-buffered') });

    const again = new StreamClient(`${rig.url}?since=${resumeAt}`);
    await again.untilLive();
    expect(again.events.map((e) => e.seq)).toEqual(range(resumeAt! + 1, written));
  });

  it('paces a replay to a subscriber that reads, instead of closing it', async () => {
    await getStore().leases.apply(range(1, 60).map(allocate));
    const rig = await startRig(getStore(), { config: { maxBuffered: 3 } });
    const c = new StreamClient(`${rig.url}?since=0`);
    await c.untilLive();
    expect(c.events.map((e) => e.seq)).toEqual(range(1, 60));
    expect(rig.hub.subscriberCount).toBe(1);
  });
});
