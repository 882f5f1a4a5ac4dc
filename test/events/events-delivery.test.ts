// Lease changes made through the store reach subscribers of GET /events over a real
// WebSocket on a real HTTP listener, filtered as asked.

import { afterEach, expect, it } from 'vitest';
import { lease6ToJson } from '../../src/store/lease6-json.js';
import type { Lease6, LeaseMutation } from '../../src/store/types.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { StreamClient } from './stream-client.js';
import { startRig, stopAllRigs } from './stream-rig.js';

const DUID_A = Buffer.from('000300010a0b0c0d0e0f', 'hex');
const DUID_B = Buffer.from('00010001aabbccdd', 'hex');

const na = (address: string, more: Partial<Lease6> = {}) => testLease({ address, ...more });
const pd = (address: string, prefixLen: number, more: Partial<Lease6> = {}) => testLease({ type: 'IA_PD', address, prefixLen, ...more });

forEachDriver('lease events over WebSocket', (getStore) => {
  afterEach(stopAllRigs);

  async function apply(...changes: LeaseMutation[]): Promise<void> {
    const results = await getStore().leases.apply(changes);
    expect(results.every((r) => r.ok)).toBe(true);
  }

  /** A subscriber that is live (has been told so) before the test changes anything. */
  async function subscriber(url: string): Promise<StreamClient> {
    const c = new StreamClient(url);
    await c.untilLive();
    return c;
  }

  it('delivers each lease change as one message with the lease in lease6-get shape', async () => {
    const rig = await startRig(getStore());
    const c = await subscriber(rig.url);
    const lease = na('2001:db8:1::100', { hostname: 'host-a', userContext: { site: 'lab' } });
    const renewed = { ...lease, cltt: lease.cltt + 100 };
    const prefix = pd('2001:db8:8000:100::', 56);
    await apply({ op: 'insert', lease, event: 'allocated' });
    await apply({ op: 'update', lease: renewed, event: 'renewed' }, { op: 'insert', lease: prefix, event: 'allocated' });
    await apply({ op: 'delete', address: lease.address, event: 'released' });
    await c.untilEvents(4);

    expect(c.events.map((e) => [e.seq, e.type, e.agent])).toEqual([
      [1, 'allocated', 'test-agent'],
      [2, 'renewed', 'test-agent'],
      [3, 'allocated', 'test-agent'],
      [4, 'released', 'test-agent'],
    ]);
    expect(c.events[0].lease).toEqual(lease6ToJson(lease));
    expect(c.events[1].lease).toEqual(lease6ToJson(renewed));
    expect(c.events[2].lease).toEqual(lease6ToJson(prefix));
    // a deletion carries the lease as it was
    expect(c.events[3].lease).toEqual(lease6ToJson(renewed));
    // JSON key order is Kea's too
    expect(Object.keys(c.events[0].lease!)).toEqual(Object.keys(lease6ToJson(lease)));
    for (const e of c.events) expect(new Date(e.at!).toISOString()).toBe(e.at);
  });

  it('delivers a wipe as one wiped event per lease of the subnet', async () => {
    await apply(
      { op: 'insert', lease: na('2001:db8:1::2'), event: 'added' },
      { op: 'insert', lease: na('2001:db8:1::1'), event: 'added' },
      { op: 'insert', lease: na('2001:db8:2::1', { subnetId: 2 }), event: 'added' },
    );
    const rig = await startRig(getStore());
    const c = await subscriber(rig.url);
    expect(await getStore().leases.wipe(1)).toBe(2);
    await c.untilEvents(2);
    expect(c.events.map((e) => [e.seq, e.type, e.lease!['ip-address']])).toEqual([
      [4, 'wiped', '2001:db8:1::1'],
      [5, 'wiped', '2001:db8:1::2'],
    ]);
  });

  it('delivers concurrent changes in seq order, each once', async () => {
    const rig = await startRig(getStore());
    const c = await subscriber(rig.url);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => apply({ op: 'insert', lease: na(`2001:db8:1::${(i + 1).toString(16)}`), event: 'allocated' })),
    );
    await c.untilEvents(40);
    expect(c.events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(c.events.map((e) => e.lease!['ip-address'])).size).toBe(40);
  });

  it('sends only the events a query filter lets through', async () => {
    const rig = await startRig(getStore(), { hub: { heartbeatInterval: 20 } });
    const byType = await subscriber(`${rig.url}?type=released,declined`);
    const bySubnet = await subscriber(`${rig.url}?subnet-id=2`);
    const byDuid = await subscriber(`${rig.url}?duid=00:01:00:01:aa:bb:cc:dd`);
    const byRange = await subscriber(`${rig.url}?range=2001:db8:1::10-2001:db8:1::1f,2001:db8:8000::/40`);
    const combined = await subscriber(`${rig.url}?type=allocated&subnet-id=1&duid=000300010a0b0c0d0e0f`);

    await apply(
      { op: 'insert', lease: na('2001:db8:1::10', { duid: DUID_A }), event: 'allocated' }, // 1
      { op: 'insert', lease: na('2001:db8:1::20', { duid: DUID_B }), event: 'allocated' }, // 2
      { op: 'insert', lease: na('2001:db8:2::1', { subnetId: 2, duid: DUID_A }), event: 'allocated' }, // 3
      { op: 'insert', lease: pd('2001:db8:8000:100::', 56, { subnetId: 2, duid: DUID_B }), event: 'allocated' }, // 4
    );
    await apply({ op: 'delete', address: '2001:db8:1::20', event: 'released' }); // 5
    await apply({ op: 'update', lease: na('2001:db8:2::1', { subnetId: 2, duid: DUID_A, state: 1 }), event: 'declined' }); // 6
    await apply({ op: 'insert', lease: na('2001:db8:1::1f', { duid: DUID_A }), event: 'added' }); // 7

    // a heartbeat carrying seq 7 follows every event up to 7 the subscriber was sent
    for (const c of [byType, bySubnet, byDuid, byRange, combined]) await c.untilCovered(7);
    const seqs = (c: StreamClient) => c.events.map((e) => e.seq);
    expect(seqs(byType)).toEqual([5, 6]);
    expect(seqs(bySubnet)).toEqual([3, 4, 6]);
    expect(seqs(byDuid)).toEqual([2, 4, 5]);
    expect(seqs(byRange)).toEqual([1, 4, 7]);
    expect(seqs(combined)).toEqual([1]);
  });

  it('takes the subscription from the first message when the URL asks for it', async () => {
    await apply({ op: 'insert', lease: na('2001:db8:1::1'), event: 'allocated' }, { op: 'insert', lease: na('2001:db8:2::1', { subnetId: 2 }), event: 'allocated' });
    const rig = await startRig(getStore());
    const c = new StreamClient(`${rig.url}?subscription=message`);
    await c.opened;
    c.ws.send(JSON.stringify({ since: 0, 'subnet-id': [2] }));
    await c.untilLive();
    expect(c.events.map((e) => [e.seq, e.lease!['subnet-id']])).toEqual([[2, 2]]);
  });

  it('ends a stream whose first message is not a valid subscription with 4000 naming the key', async () => {
    const rig = await startRig(getStore());
    const c = new StreamClient(`${rig.url}?subscription=message`);
    await c.opened;
    c.ws.send('{"subnet-id": "two"}');
    const end = await c.ended;
    expect(end.code).toBe(4000);
    expect(end.reason).toContain("'subnet-id'");
    expect(c.messages).toEqual([{ type: 'error', code: 4000, text: expect.stringContaining("'subnet-id' values must be integers"), seq: null }]);
  });

  it('refuses to upgrade with a bad query, naming the parameter', async () => {
    const rig = await startRig(getStore());
    const refused = await new StreamClient(`${rig.url}?type=leased`).refused;
    expect(refused?.status).toBe(400);
    expect(JSON.parse(refused!.body)).toEqual({ result: 400, text: expect.stringContaining(`Bad Request: 'type' "leased" is not an event type`) });
    const mixed = await new StreamClient(`${rig.url}?subscription=message&since=1`).refused;
    expect(JSON.parse(mixed!.body).text).toContain("'subscription' is \"message\"");
  });

  it('answers a plain GET of /events with 426 and other upgrade paths with 400', async () => {
    const rig = await startRig(getStore());
    const plain = await fetch(`http://127.0.0.1:${rig.port}/events`);
    expect(plain.status).toBe(426);
    expect(plain.headers.get('upgrade')).toBe('websocket');
    const elsewhere = await new StreamClient(`ws://127.0.0.1:${rig.port}/other`).refused;
    expect(elsewhere?.status).toBe(400);
  });
});
