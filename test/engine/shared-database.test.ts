import { afterEach, expect, it } from 'vitest';
import { MSG } from '../../src/dhcp6/constants.js';
import type { Engine } from '../../src/engine/engine.js';
import { forEachDriver } from '../helpers/stores.js';
import { clientDuid, clientOptions, iaOf, leasesIn, makeConfig, makeEngine, message, send, requestFrom } from './harness.js';

const SMALL_POOL = {
  subnet6: [{ id: 1, subnet: '2001:db8:1::/64', interface: 'eth0', pools: [{ pool: '2001:db8:1::100-2001:db8:1::113' }] }],
};

forEachDriver('engines sharing one database', (getStore, ctx) => {
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop();
  });

  it('never gives the same address to different clients when two agents allocate from the same pool', async () => {
    // the second agent first: on PGlite, opening it replaces getStore()'s store with an unmirrored one
    const b = makeEngine(await ctx.openAgent('agent-b'), makeConfig(SMALL_POOL), undefined, 'agent-b');
    const a = makeEngine(getStore(), makeConfig(SMALL_POOL), undefined, 'agent-a');
    engines.push(a, b);
    const clients = Array.from({ length: 30 }, (_, i) => ({ duid: clientDuid(100 + i), na: [{ iaid: 1 }] }));
    const replies = await Promise.all(
      clients.map(async (c, i) => {
        const e = i % 2 === 0 ? a : b;
        const adv = await send(e, message(MSG.SOLICIT, clientOptions(c)));
        // Each client requests from the other agent half the time: both share the database.
        const rep = await send(i % 4 < 2 ? e : i % 2 === 0 ? b : a, requestFrom(adv!.reply, c));
        return { c, lease: leasesIn(iaOf(rep!.reply, 1)).find((l) => l.valid > 0)?.lease };
      }),
    );
    const given = replies.filter((r) => r.lease !== undefined);
    expect(new Set(given.map((r) => r.lease)).size).toBe(given.length);
    // 30 clients, 20 addresses: the pool is used up, and no address twice.
    expect(given.length).toBe(20);
    for (const r of given) {
      const stored = await getStore().leases.get(r.lease!);
      expect(stored!.duid).toEqual(r.c.duid);
    }
  });

  it('reflects the other agent\'s leases in assigned-nas', async () => {
    // the second agent first: on PGlite, opening it replaces getStore()'s store with an unmirrored one
    const b = makeEngine(await ctx.openAgent('agent-b'), makeConfig(SMALL_POOL), undefined, 'agent-b');
    const a = makeEngine(getStore(), makeConfig(SMALL_POOL), undefined, 'agent-a');
    engines.push(a, b);
    for (let i = 0; i < 3; i++) {
      const c = { duid: clientDuid(200 + i), na: [{ iaid: 1 }] };
      const adv = await send(a, message(MSG.SOLICIT, clientOptions(c)));
      await send(a, requestFrom(adv!.reply, c));
    }
    await b.reclaim(false);
    expect(b.statistics.value('subnet[1].assigned-nas')).toBe(3);
  });
});
