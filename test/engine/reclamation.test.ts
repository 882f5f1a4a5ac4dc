import { afterEach, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { Reclaimer } from '../../src/engine/reclamation.js';
import { Statistics } from '../../src/engine/statistics.js';
import type { Lease6, Store } from '../../src/store/types.js';
import { forEachDriver, testLease } from '../helpers/stores.js';
import { RecordingHooks, clientDuid, makeConfig, makeEngine, silentLogger } from './harness.js';

const now = () => Math.floor(Date.now() / 1000);

/** A lease of client n that expired `ago` seconds ago (or is still valid for a negative `ago`). */
function expired(n: number, ago = 100, overrides: Partial<Lease6> = {}): Lease6 {
  return testLease({ address: `2001:db8:1::${(0x100 + n).toString(16)}`, duid: clientDuid(n), iaid: n, validLft: 4000, cltt: now() - 4000 - ago, hostname: `h${n}`, ...overrides });
}

/**
 * The store with getExpiredDeclined answered from getAll(), for as long as the store does
 * not implement it itself: these tests are about what the engine does with what it returns.
 */
function withDeclinedQuery(store: Store): Store {
  if (store.leases.getExpiredDeclined) return store;
  const getExpiredDeclined = async (at: number, limit: number) =>
    (await store.leases.getAll())
      .filter((l) => l.state === 1 && l.cltt + l.validLft < at)
      .sort((a, b) => a.cltt + a.validLft - (b.cltt + b.validLft))
      .slice(0, limit);
  const leases = new Proxy(store.leases, { get: (t, p, r) => (p === 'getExpiredDeclined' ? getExpiredDeclined : Reflect.get(t, p, r)) });
  return new Proxy(store, { get: (t, p, r) => (p === 'leases' ? leases : Reflect.get(t, p, r)) });
}

forEachDriver('engine reclamation', (getStore) => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });
  const start = (dhcp6: Record<string, unknown> = {}, hooks = new RecordingHooks()) =>
    (engine = makeEngine(withDeclinedQuery(getStore()), makeConfig(dhcp6), hooks));
  const insert = (...leases: Lease6[]) => getStore().leases.apply(leases.map((lease) => ({ op: 'insert' as const, lease, event: 'added' as const })));
  /** The stored lease once `done` holds for it (the reclaim timer has run), or as it is after ~6 s. */
  const leaseOnceTimerRan = async (address: string, done: (l: Lease6 | null) => boolean): Promise<Lease6 | null> => {
    let stored = await getStore().leases.get(address);
    for (let i = 0; i < 60 && !done(stored); i++) {
      await new Promise((r) => setTimeout(r, 100));
      stored = await getStore().leases.get(address);
    }
    return stored;
  };

  it('reclaims expired leases to state expired-reclaimed, clearing their DNS data', async () => {
    await insert(expired(1), expired(2, -1000));
    const e = start();
    expect(await e.reclaim(false)).toBe(1);
    expect(await getStore().leases.get(expired(1).address)).toMatchObject({ state: 2, hostname: '', fqdnFwd: false });
    expect(await getStore().leases.get(expired(2).address)).toMatchObject({ state: 0, hostname: 'h2' });
    expect(e.statistics.value('reclaimed-leases')).toBe(1);
    expect(e.statistics.value('subnet[1].reclaimed-leases')).toBe(1);
    expect(e.statistics.value('subnet[1].assigned-nas')).toBe(1);
  });

  it('removes expired leases when asked to (leases-reclaim remove, or flush-reclaimed-timer-wait-time 0)', async () => {
    await insert(expired(1), expired(2));
    const e = start();
    expect(await e.reclaim(true)).toBe(2);
    expect(await getStore().leases.getAll()).toEqual([]);
  });

  it('writes an "expired" event for each lease it keeps as expired-reclaimed, with the lease as it is now', async () => {
    await insert(expired(3));
    const e = start();
    await e.reclaim(false);
    const events = await getStore().events.readSince(0, 10);
    expect(events.map((x) => x.event)).toEqual(['added', 'expired']);
    expect(events[1]).toMatchObject({ address: expired(3).address, lease: { 'ip-address': expired(3).address, state: 2, hostname: '' } });
  });

  it('writes a "reclaimed" event for each lease it removes (leases-reclaim remove), with the lease as it was', async () => {
    await insert(expired(3), expired(4));
    const e = start();
    expect(await e.reclaim(true)).toBe(2);
    const events = (await getStore().events.readSince(0, 10)).slice(2);
    expect(events.map((x) => x.event)).toEqual(['reclaimed', 'reclaimed']);
    expect(events.map((x) => x.address).sort()).toEqual([expired(3).address, expired(4).address]);
    const three = events.find((x) => x.address === expired(3).address);
    expect(three?.duid?.equals(clientDuid(3))).toBe(true);
    expect(three?.lease).toMatchObject({ state: 0, hostname: 'h3', iaid: 3 });
  });

  it('writes "reclaimed" when the reclaim timer removes leases (flush-reclaimed-timer-wait-time 0)', async () => {
    await insert(expired(1));
    const e = start({ 'expired-leases-processing': { 'reclaim-timer-wait-time': 1, 'flush-reclaimed-timer-wait-time': 0 } });
    e.startReclamation();
    expect(await leaseOnceTimerRan(expired(1).address, (l) => l === null)).toBeNull();
    expect((await getStore().events.readSince(0, 10)).map((x) => x.event)).toEqual(['added', 'reclaimed']);
  });

  it('writes "recovered" for a declined address, whether reclamation keeps it or removes it', async () => {
    const declined = (n: number) => expired(n, 10, { state: 1, duid: Buffer.from([0]), iaid: 0, validLft: 600, cltt: now() - 610, hostname: '' });
    await insert(declined(1));
    const e = start();
    await e.reclaim(false);
    await insert(declined(2));
    await e.reclaim(true);
    expect(await getStore().leases.get(declined(2).address)).toBeNull();
    expect((await getStore().events.readSince(0, 10)).map((x) => `${x.event} ${x.address}`)).toEqual([
      `added ${declined(1).address}`, `recovered ${declined(1).address}`, `added ${declined(2).address}`, `recovered ${declined(2).address}`,
    ]);
  });

  it('calls lease6_expire with remove_lease; skip means the callout reclaimed it', async () => {
    await insert(expired(1), expired(2));
    const hooks = new RecordingHooks().on('lease6_expire', (a) => (a.lease6.iaid === 1 ? 'skip' : undefined));
    const e = start({}, hooks);
    expect(await e.reclaim(true)).toBe(1);
    expect(hooks.callsOf('lease6_expire').map((a) => a.remove_lease)).toEqual([true, true]);
    expect(await getStore().leases.get(expired(1).address)).toMatchObject({ state: 0 });
    expect(await getStore().leases.get(expired(2).address)).toBeNull();
  });

  it('reclaims at most max-reclaim-leases per cycle', async () => {
    await insert(expired(1), expired(2), expired(3), expired(4), expired(5));
    const stats = new Statistics();
    const r = new Reclaimer({ store: getStore(), hooks: new RecordingHooks(), stats, logger: silentLogger, config: () => makeConfig(), afterCycle: async () => undefined });
    expect(await r.reclaim(false, 2)).toBe(2);
    expect((await getStore().leases.getAll()).filter((l) => l.state === 2)).toHaveLength(2);
    expect(await r.reclaim(false, 0)).toBe(3);
    expect(stats.value('reclaimed-leases')).toBe(5);
  });

  it('gives a returning client its reclaimed lease back', async () => {
    await insert(expired(1));
    const e = start();
    await e.reclaim(false);
    const { obtain, leasesIn, iaOf } = await import('./harness.js');
    const r = await obtain(e, { duid: clientDuid(1), na: [{ iaid: 1 }] });
    expect(leasesIn(iaOf(r, 1))[0].lease).toBe(expired(1).address);
    expect(await getStore().leases.get(expired(1).address)).toMatchObject({ state: 0 });
  });

  it('recovers declined addresses after the probation period, through lease6_recover', async () => {
    const declined = expired(1, 10, { state: 1, duid: Buffer.from([0]), iaid: 0, validLft: 600, cltt: now() - 610, hostname: '' });
    const onProbation = expired(2, 0, { state: 1, duid: Buffer.from([0]), iaid: 0, validLft: 600, cltt: now() - 10, hostname: '' });
    await insert(declined, onProbation);
    const hooks = new RecordingHooks().on('lease6_recover', () => undefined);
    const e = start({}, hooks);
    await e.reclaim(false);
    expect(await getStore().leases.get(declined.address)).toMatchObject({ state: 2 });
    expect(await getStore().leases.get(onProbation.address)).toMatchObject({ state: 1 });
    expect(hooks.callsOf('lease6_recover').map((a) => a.lease6.address)).toEqual([declined.address]);
    expect(e.statistics.value('reclaimed-declined-addresses')).toBe(1);
    expect(e.statistics.value('subnet[1].reclaimed-declined-addresses')).toBe(1);
    expect(e.statistics.value('declined-addresses')).toBe(1);
    const events = await getStore().events.readSince(0, 10);
    expect(events.map((x) => x.event)).toContain('recovered');
  });

  it('keeps a declined address declined when lease6_recover says skip', async () => {
    const declined = expired(1, 10, { state: 1, duid: Buffer.from([0]), iaid: 0, validLft: 600, cltt: now() - 610 });
    await insert(declined);
    const e = start({}, new RecordingHooks().on('lease6_recover', () => 'skip'));
    await e.reclaim(false);
    expect(await getStore().leases.get(declined.address)).toMatchObject({ state: 1 });
  });

  it('reclaims on its timer and flushes reclaimed leases after hold-reclaimed-time', async () => {
    await insert(expired(1));
    const e = start({
      'expired-leases-processing': { 'reclaim-timer-wait-time': 1, 'flush-reclaimed-timer-wait-time': 1, 'hold-reclaimed-time': 0 },
    });
    e.startReclamation();
    expect(await leaseOnceTimerRan(expired(1).address, (l) => l === null)).toBeNull();
    expect(e.statistics.value('reclaimed-leases')).toBe(1);
  });

  it('keeps reclaimed leases while hold-reclaimed-time has not passed', async () => {
    await insert(expired(1));
    const e = start({
      'expired-leases-processing': { 'reclaim-timer-wait-time': 1, 'flush-reclaimed-timer-wait-time': 1, 'hold-reclaimed-time': 3600 },
    });
    e.startReclamation();
    await leaseOnceTimerRan(expired(1).address, (l) => l?.state === 2);
    await new Promise((r) => setTimeout(r, 1200));
    expect(await getStore().leases.get(expired(1).address)).toMatchObject({ state: 2 });
  });
});
