import { afterEach, expect, it } from 'vitest';
import { MSG } from '../../src/dhcp6/constants.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Store } from '../../src/store/types.js';
import { forEachDriver } from '../helpers/stores.js';
import { clientDuid, clientOptions, iaOf, leasesIn, makeConfig, makeEngine, message, mustAnswer, requestFrom } from './harness.js';

const READS = ['get', 'getByClient', 'getByDuid', 'getByDuids', 'getAll', 'getPage', 'taken', 'getExpired'];

/** The store, counting the lease reads made through it. */
function counting(store: Store): { store: Store; reads: () => number } {
  let n = 0;
  const leases = new Proxy(store.leases, {
    get(t, p, r) {
      const v = Reflect.get(t, p, r);
      if (typeof v !== 'function' || !READS.includes(String(p))) return v;
      return (...args: unknown[]) => {
        n++;
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
  return { store: new Proxy(store, { get: (t, p, r) => (p === 'leases' ? leases : Reflect.get(t, p, r)) }), reads: () => n };
}

forEachDriver('engine database reads per exchange', (getStore) => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.stop();
    engine = null;
  });

  it('makes one lease read for SOLICIT (plus the pool batch) and none for the REQUEST that follows', async () => {
    const c = counting(getStore());
    const e = (engine = makeEngine(c.store, makeConfig()));
    const warm = { duid: clientDuid(1), na: [{ iaid: 1 }] };
    await mustAnswer(e, message(MSG.SOLICIT, clientOptions(warm)));
    const client = { duid: clientDuid(2), na: [{ iaid: 1 }] };
    let before = c.reads();
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions(client)));
    expect(c.reads() - before).toBe(1);
    before = c.reads();
    const reply = await mustAnswer(e, requestFrom(adv, client));
    expect(c.reads() - before).toBe(0);
    expect(leasesIn(iaOf(reply, 1))[0].lease).toBe(leasesIn(iaOf(adv, 1))[0].lease);
  });

  it('reads the database for a REQUEST that no SOLICIT just read for (what a SOLICIT read serves one REQUEST)', async () => {
    const c = counting(getStore());
    const e = (engine = makeEngine(c.store, makeConfig()));
    const client = { duid: clientDuid(3), na: [{ iaid: 1 }] };
    const adv = await mustAnswer(e, message(MSG.SOLICIT, clientOptions(client)));
    await mustAnswer(e, requestFrom(adv, client));
    const before = c.reads();
    await mustAnswer(e, requestFrom(adv, client));
    expect(c.reads() - before).toBe(1);
  });
});
